"""The NixOS module end to end: every package it puts in
environment.systemPackages builds, and each environment's interpreter, run
from one shared PATH, imports its packages at the resolved versions.

`pkgs` and `lib.evalModules` come from the package set under test (hostpkgs
here, real nixpkgs with MACH_NIX_TEST_NIXPKGS), as in a NixOS system."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import NIXPKGS_REF, REPO, NixRunner

pytestmark = pytest.mark.nix

CONFIG = f"""
let
  nixpkgs = builtins.getFlake "{NIXPKGS_REF}";
  pkgs = nixpkgs.legacyPackages.${{builtins.currentSystem}};
  inherit (nixpkgs) lib;
  systemPath = {{ lib, ... }}: {{
    options.environment.systemPackages = lib.mkOption {{
      type = lib.types.listOf lib.types.package;
      default = [ ];
    }};
  }};
in
(lib.evalModules {{
  specialArgs = {{ inherit pkgs; }};
  modules = [
    (import {REPO}/nixos/module.nix (import {REPO}/lib))
    systemPath
    {{ programs.mach-nix.environments.web.requirements = "idna"; }}
    {{
      programs.mach-nix.environments.compat = {{
        requirements = "six";
        providers.six = "sdist";
      }};
      programs.mach-nix.defaultEnvironment = "compat";
    }}
  ];
}}).config
"""
INSTALLED = (
    "import importlib.metadata as m, json, re; "
    "print(json.dumps({re.sub(r'[-_.]+', '-', d.metadata['Name']).lower(): d.version "
    "for d in m.distributions()}))"
)


@pytest.fixture(scope="module")
def system_path(nix: NixRunner, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All systemPackages built and joined into one bin/ (as /run/current-system/sw)."""
    proc = nix(
        "nix-build", "--no-out-link", "--expr", f"({CONFIG}).environment.systemPackages",
        check=True,
    )  # fmt: skip
    outputs = [Path(line) for line in proc.stdout.split()]
    assert len(outputs) == 4
    bin_dir = tmp_path_factory.mktemp("sw") / "bin"
    bin_dir.mkdir()
    for out in outputs:
        for program in (out / "bin").iterdir():
            # Distinct names per environment: nothing may be linked twice.
            (bin_dir / program.name).symlink_to(program)
    return bin_dir


def resolved(nix: NixRunner) -> dict[str, dict[str, dict[str, object]]]:
    """Per environment, its resolved packages (docs/resolved-set.md)."""
    expr = f"""builtins.mapAttrs (_: env: env.package.machNix.resolved.packages)
      ({CONFIG}).programs.mach-nix.environments"""
    # nix eval, not nix-instantiate --eval: the resolution is import-from-derivation.
    proc = nix("eval", "--json", "--impure", "--expr", expr, check=True)
    return json.loads(proc.stdout)


def runtime_versions(packages: dict[str, dict[str, object]], root: str) -> dict[str, object]:
    """Versions of `root` and its runtime dependencies (build tools are not installed)."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(packages[name]["dependencies"])  # type: ignore[arg-type]
    return {name: packages[name]["version"] for name in seen}


def run_from_path(bin_dir: Path, program: str, code: str) -> dict[str, str]:
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    proc = subprocess.run(
        [program, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout)


def test_system_packages_are_one_launcher_per_environment(system_path: Path) -> None:
    assert sorted(p.name for p in system_path.iterdir()) == [
        "python",
        "python-compat",
        "python-web",
        "python3",
    ]


def test_each_interpreter_imports_its_packages_at_resolved_versions(
    nix: NixRunner, system_path: Path
) -> None:
    packages = resolved(nix)
    for name, root in (("web", "idna"), ("compat", "six")):
        versions = runtime_versions(packages[name], root)
        installed = run_from_path(system_path, f"python-{name}", f"import {root}; {INSTALLED}")
        assert {n: installed.get(n) for n in versions} == versions
    # Environments stay apart: web does not see compat's six.
    assert "six" not in run_from_path(system_path, "python-web", INSTALLED)


def test_environment_options_reach_mkpython(nix: NixRunner) -> None:
    packages = resolved(nix)
    assert packages["compat"]["six"]["provider"] == "sdist"
    assert packages["web"]["idna"]["provider"] == "wheel"


def test_default_environment_is_python3(nix: NixRunner, system_path: Path) -> None:
    six = resolved(nix)["compat"]["six"]["version"]
    for program in ("python3", "python"):
        installed = run_from_path(system_path, program, f"import six; {INSTALLED}")
        assert installed["six"] == six


def test_unresolvable_environment_fails_with_the_resolvers_message(nix: NixRunner) -> None:
    config = CONFIG.replace(
        '{ programs.mach-nix.environments.web.requirements = "idna"; }',
        '{ programs.mach-nix.environments.web.requirements = "no-such-pkg-x"; }',
    )
    assert config != CONFIG
    proc = nix(
        "eval", "--impure", "--expr", f"map (p: p.drvPath) ({config}).environment.systemPackages"
    )
    assert proc.returncode != 0
    assert "mach-nix: cannot resolve the requirements: no-such-pkg-x is not in database" in (
        proc.stderr
    )


def test_flake_output_is_this_module(nix: NixRunner) -> None:
    """`nixosModules.default` of the flake gives the same packages as the file."""
    direct = nix(
        "eval", "--impure", "--json", "--expr",
        f"map (p: p.drvPath) ({CONFIG}).environment.systemPackages",
        check=True,
    )  # fmt: skip
    module_file = f"(import {REPO}/nixos/module.nix (import {REPO}/lib))"
    apply = "module: map (p: p.drvPath) ({}).environment.systemPackages".format(
        CONFIG.replace(module_file, "module")
    )
    assert apply != f"module: map (p: p.drvPath) ({CONFIG}).environment.systemPackages"
    via_flake = nix(
        "eval", "--impure", "--json", f"path:{REPO}#nixosModules.default",
        "--override-input", "nixpkgs", NIXPKGS_REF, "--apply", apply,
        check=True,
    )  # fmt: skip
    assert json.loads(via_flake.stdout) == json.loads(direct.stdout)
