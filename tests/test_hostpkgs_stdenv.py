"""hostpkgs' stdenv and build-support against nixpkgs' behaviour: phases and their
switches, hooks, propagation, setup hooks, overrideAttrs, trivial builders and
makeWrapper."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import HOSTPKGS, NixRunner

pytestmark = pytest.mark.nix

PRELUDE = f"""
let
  pkgs = import {HOSTPKGS} {{ }};
  inherit (pkgs) lib stdenv;
in
"""

FOREIGN_KILL = "failed due to signal 9 (Killed)"


def build(nix: NixRunner, expr: str) -> Path:
    proc = nix("nix-build", "--no-out-link", "--expr", PRELUDE + expr)
    if FOREIGN_KILL in proc.stderr:  # see tests/hostpkgs/README.md, "Known host quirk"
        proc = nix("nix-build", "--no-out-link", "--expr", PRELUDE + expr)
    assert proc.returncode == 0, proc.stderr[-6000:]
    return Path(proc.stdout.strip().splitlines()[-1])


def evaluate(nix: NixRunner, expr: str) -> object:
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "--expr", PRELUDE + expr)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)


def test_phase_order_hooks_and_switches(nix: NixRunner) -> None:
    out = build(
        nix,
        """stdenv.mkDerivation {
          name = "phases";
          dontUnpack = true;
          dontConfigure = true;
          preBuild = "echo preBuild >> $TMPDIR/log";
          buildPhase = "echo build >> $TMPDIR/log; runHook postBuild";
          postBuild = "echo postBuild >> $TMPDIR/log";
          doCheck = false;
          checkPhase = "echo check >> $TMPDIR/log";
          preInstallPhases = [ "myPhase" ];
          myPhase = "echo myPhase >> $TMPDIR/log";
          installPhase = "echo install >> $TMPDIR/log";
          preFixup = "echo preFixup >> $TMPDIR/log";
          postFixup = "echo postFixup >> $TMPDIR/log";
          doInstallCheck = true;
          installCheckPhase = "echo installCheck >> $TMPDIR/log";
          preDistPhases = [ "lastPhase" ];
          lastPhase = "mkdir -p $out; cp $TMPDIR/log $out/log";
        }""",
    )
    assert (out / "log").read_text().split() == [
        "build",
        "postBuild",
        "myPhase",
        "install",
        "preFixup",
        "postFixup",
        "installCheck",
    ]


def test_unpack_patch_and_make(nix: NixRunner, tmp_path: Path) -> None:
    src = tmp_path / "proj-1.0"
    src.mkdir()
    # make sees $out from the environment, as in nixpkgs.
    (src / "Makefile").write_text(
        "all:\n\techo built > result\ninstall:\n\tmkdir -p $(out)\n\tcp result $(out)/\n"
    )
    (tmp_path / "fix.patch").write_text(
        "--- a/Makefile\n+++ b/Makefile\n@@ -1,2 +1,2 @@\n all:\n"
        "-\techo built > result\n+\techo patched > result\n"
    )
    tarball = tmp_path / "proj-1.0.tar.gz"
    subprocess.run(["tar", "czf", str(tarball), "-C", str(tmp_path), "proj-1.0"], check=True)
    out = build(
        nix,
        f"""stdenv.mkDerivation {{
          pname = "proj"; version = "1.0";
          src = {tarball};
          patches = [ {tmp_path / "fix.patch"} ];
        }}""",
    )
    assert (out / "result").read_text() == "patched\n"


def test_propagation_setup_hooks_and_path(nix: NixRunner) -> None:
    out = build(
        nix,
        """let
          tool = pkgs.writeShellScriptBin "tool" "echo from-tool";
          hooked = pkgs.makeSetupHook { name = "hooked"; } (pkgs.writeText "hook.sh" ''
            export HOOKED=yes
            addSeen() { SEEN="''${SEEN:-} $(basename "$1" | cut -d- -f2-)"; }
            addEnvHooks "$hostOffset" addSeen
          '');
          middle = stdenv.mkDerivation {
            name = "middle";
            dontUnpack = true;
            propagatedBuildInputs = [ tool ];
            installPhase = "mkdir -p $out";
          };
        in stdenv.mkDerivation {
          name = "top";
          dontUnpack = true;
          nativeBuildInputs = [ hooked ];
          buildInputs = [ middle ];
          installPhase = ''
            mkdir -p $out
            echo "$HOOKED" > $out/hooked
            tool > $out/tool
            echo $SEEN > $out/seen
          '';
        }""",
    )
    assert (out / "hooked").read_text() == "yes\n"
    assert (out / "tool").read_text() == "from-tool\n"
    seen = (out / "seen").read_text().split()
    assert {"hooked", "middle", "tool"} <= set(seen)


def test_propagated_inputs_are_recorded(nix: NixRunner) -> None:
    out = build(
        nix,
        """stdenv.mkDerivation {
          name = "prop";
          dontUnpack = true;
          propagatedBuildInputs = [ pkgs.zlib ];
          installPhase = "mkdir -p $out";
        }""",
    )
    recorded = (out / "nix-support/propagated-build-inputs").read_text().split()
    assert recorded == [str(build(nix, "pkgs.zlib"))]


def test_override_attrs_and_passthru(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """let
          base = stdenv.mkDerivation (finalAttrs: {
            pname = "p"; version = "1";
            passthru.greeting = "hi ${finalAttrs.version}";
            meta.description = "d";
            buildCommand = "touch $out";
          });
          old = base.overrideAttrs (old: { version = "2"; });
          fixed = base.overrideAttrs (final: prev: { version = prev.version + "-fp"; });
        in {
          names = [ base.name old.name fixed.name ];
          greeting = [ base.greeting old.greeting ];
          meta = base.meta.description;
          differ = base.outPath != old.outPath;
        }""",
    )
    assert got == {
        "names": ["p-1", "p-2", "p-1-fp"],
        "greeting": ["hi 1", "hi 2"],
        "meta": "d",
        "differ": True,
    }


def test_trivial_builders(nix: NixRunner) -> None:
    out = build(
        nix,
        """let
          text = pkgs.writeText "t.txt" "hello";
          script = pkgs.writeShellScriptBin "greet" "echo hello-$1";
          joined = pkgs.symlinkJoin {
            name = "joined";
            paths = [ script (pkgs.writeTextDir "share/a" "a") ];
          };
        in pkgs.runCommandLocal "check" { } ''
          mkdir -p $out
          cat ${text} > $out/text
          ${joined}/bin/greet you > $out/greet
          cat ${joined}/share/a > $out/a
        ''""",
    )
    assert (out / "text").read_text() == "hello"
    assert (out / "greet").read_text() == "hello-you\n"
    assert (out / "a").read_text() == "a"


def test_make_wrapper(nix: NixRunner) -> None:
    out = build(
        nix,
        """pkgs.runCommand "wrapped" { nativeBuildInputs = [ pkgs.makeWrapper ]; } ''
          mkdir -p $out/bin
          printf '#!/bin/bash\\necho "$FOO|$BAR|$PATHLIKE|$*"\\n' > $out/bin/show
          chmod +x $out/bin/show
          wrapProgram $out/bin/show --set FOO 'a b' --set-default BAR dflt \\
            --prefix PATHLIKE : /first --add-flags "--one" --append-flags "--last"
        ''""",
    )
    assert (out / "bin/.show-wrapped").is_file()
    proc = subprocess.run(
        [str(out / "bin/show"), "mid"],
        capture_output=True,
        text=True,
        check=True,
        env={"BAR": "set", "PATHLIKE": "/second"},
    )
    assert proc.stdout == "a b|set|/first:/second|--one mid --last\n"


def test_substitute_in_place(nix: NixRunner) -> None:
    out = build(
        nix,
        """pkgs.runCommand "subst" { greeting = "hello"; } ''
          printf 'say @greeting@ to OLD\\n' > f
          substituteInPlace f --subst-var greeting --replace-fail OLD new
          mkdir -p $out && cp f $out/f
        ''""",
    )
    assert (out / "f").read_text() == "say hello to new\n"


def test_mkshell_in_nix_shell(nix: NixRunner, tmp_path: Path) -> None:
    expr = (
        PRELUDE
        + """pkgs.mkShell {
      packages = [ (pkgs.python3.withPackages (ps: [ ps.six ])) ];
      shellHook = "export GREETING=hello";
    }"""
    )
    proc = nix(
        "nix-shell",
        "--expr",
        expr,
        "--run",
        # an unset variable must not abort the shell: setup.sh restores `set +u`.
        'echo "$GREETING $PWD $unset_variable"; python3 -c "import six; print(six.__version__)"',
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    greeting, version = proc.stdout.strip().splitlines()[-2:]
    assert greeting == f"hello {tmp_path} "
    assert version == json.loads((HOSTPKGS / "pins.json").read_text())["six"]["version"]


def test_builds_have_no_network_like_the_sandbox(nix: NixRunner) -> None:
    expr = (
        PRELUDE
        + """pkgs.runCommand "online" { nativeBuildInputs = [ pkgs.python3 ]; } ''
      python3 -c 'import urllib.request as r; r.urlopen("https://pypi.org/simple/", timeout=20)'
      touch $out
    ''"""
    )
    proc = nix("nix-build", "--no-out-link", "--expr", expr)
    assert proc.returncode != 0
    assert "Connection refused" in proc.stderr
