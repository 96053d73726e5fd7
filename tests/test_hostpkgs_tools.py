"""hostpkgs' host tools that builds of native Python packages need: ninja (with
nixpkgs' setup hook), bashInteractive (`nix develop`), proj's programs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import NixRunner
from test_hostpkgs_stdenv import build

pytestmark = pytest.mark.nix

BUILD_NINJA = """rule write
  command = echo $text > $out
rule copy
  command = mkdir -p $$out && cp $in $$out/
build result: write
  text = built-by-ninja
build install: copy result
"""


def test_ninja_hook_builds_and_installs_by_default(nix: NixRunner, tmp_path: Path) -> None:
    src = tmp_path / "nj"
    src.mkdir()
    (src / "build.ninja").write_text(BUILD_NINJA)
    out = build(
        nix,
        f"""stdenv.mkDerivation {{
          name = "nj";
          src = {src};
          nativeBuildInputs = [ pkgs.ninja ];
        }}""",
    )
    assert (out / "result").read_text() == "built-by-ninja\n"


def test_ninja_hook_leaves_phases_others_set(nix: NixRunner, tmp_path: Path) -> None:
    src = tmp_path / "nj"
    src.mkdir()
    (src / "build.ninja").write_text(BUILD_NINJA)
    # An earlier hook's phase (as pypaBuildHook's buildPhase) and dontUseNinjaInstall win.
    out = build(
        nix,
        f"""let
          earlier = pkgs.makeSetupHook {{ name = "earlier"; }} (pkgs.writeText "h.sh" ''
            earlierBuild() {{ echo earlier > marker; }}
            buildPhase=earlierBuild
          '');
        in stdenv.mkDerivation {{
          name = "nj";
          src = {src};
          nativeBuildInputs = [ earlier pkgs.ninja ];
          dontUseNinjaInstall = true;
          installPhase = "mkdir -p $out; cp marker $out/; ninja --version > $out/version";
        }}""",
    )
    assert (out / "marker").read_text() == "earlier\n"
    assert not (out / "result").exists()
    assert (out / "version").read_text().strip()[0].isdigit()


def test_bash_interactive_and_proj_programs(nix: NixRunner) -> None:
    out = build(
        nix,
        """stdenv.mkDerivation {
          name = "tools";
          dontUnpack = true;
          installPhase = ''
            mkdir -p $out
            ${pkgs.bashInteractive}/bin/bash -c 'echo "$BASH_VERSION"' > $out/bash
            echo "12 55" | ${pkgs.proj}/bin/proj +proj=utm +zone=32 +ellps=WGS84 > $out/utm
            ${pkgs.proj}/bin/projinfo EPSG:4326 -o PROJ > $out/projinfo
          '';
        }""",
    )
    assert (out / "bash").read_text().split(".")[0].isdigit()
    easting, northing = (out / "utm").read_text().split()
    assert float(easting) == pytest.approx(691875.6, abs=1.0)
    assert float(northing) == pytest.approx(6098907.8, abs=1.0)
    assert "+proj=longlat" in (out / "projinfo").read_text()


def test_bash_interactive_is_what_nix_develop_finds(nix: NixRunner) -> None:
    # `nix develop` builds <the flake's nixpkgs input>#bashInteractive
    # (legacyPackages.<system>) and runs its bin/bash; without it, it warns.
    hostpkgs = Path(__file__).parent / "hostpkgs"
    proc = nix(
        "build", "--no-link", "--json",
        f"path:{hostpkgs}#legacyPackages.x86_64-linux.bashInteractive",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)[0]["outputs"]["out"]
    run = subprocess.run([f"{out}/bin/bash", "-i", "-c", "echo $-"], capture_output=True, text=True)
    assert "i" in run.stdout  # an interactive shell
