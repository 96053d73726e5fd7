"""The mach-nix NixOS module (nixos/module.nix), evaluated the way NixOS does.

The module runs in `lib.evalModules` of the package set under test (the
hostpkgs module system here, nixpkgs' own with MACH_NIX_TEST_NIXPKGS) with a
stub declaration of `environment.systemPackages` (as in nixpkgs'
system-path.nix). These tests pass a recording mkPython, so they check the
module's own wiring; tests/test_module_build.py builds with the real one.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from conftest import NIXPKGS_REF, REPO, NixRunner

pytestmark = pytest.mark.nix

LIB = f'(builtins.getFlake "{NIXPKGS_REF}").lib'
STUB = """{ lib, ... }: {
  options.environment.systemPackages = lib.mkOption {
    type = lib.types.listOf lib.types.package;
    default = [ ];
  };
}"""

# Stand-ins for option tests: derivations that are never built, and an
# mkPython that records its arguments, reading all of them (as a build does).
RECORDING = """
  drv = name: derivation { inherit name; builder = "/bin/sh"; system = "x86_64-linux"; };
  pkgs = {
    python3 = drv "python3";
    python311 = drv "python311";
    writeShellScriptBin = name: text: drv name // { inherit text; };
  };
  mkPython = args: builtins.deepSeq (removeAttrs args [ "pkgs" ])
    (drv "env" // { interpreter = "/env/bin/python3"; inherit args; });
"""
# What building the system reads of each package.
BUILD_INPUTS = "map (p: p.text) config.environment.systemPackages"


def evaluate_module(nix: NixRunner, modules: str, result: str) -> subprocess.CompletedProcess[str]:
    expr = f"""
let
  lib = {LIB};
  {RECORDING}
  eval = lib.evalModules {{
    specialArgs = {{ inherit pkgs; }};
    modules = [ (import {REPO}/nixos/module.nix {{ inherit mkPython; }}) ({STUB}) ] ++ {modules};
  }};
  inherit (eval) config;
in {result}"""
    return nix("eval", "--impure", "--json", "--expr", expr)


def evaluated(nix: NixRunner, modules: str, result: str) -> Any:
    proc = evaluate_module(nix, modules, result)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def failure(nix: NixRunner, modules: str, result: str) -> str:
    proc = evaluate_module(nix, modules, result)
    assert proc.returncode != 0, f"expected an evaluation error, got {proc.stdout}"
    return "\n".join(line.strip() for line in proc.stderr.splitlines())


def test_no_environments_no_packages(nix: NixRunner) -> None:
    assert evaluated(nix, "[ ]", "config.environment.systemPackages") == []


def test_two_modules_adding_environments_merge(nix: NixRunner) -> None:
    modules = """[
      { programs.mach-nix.environments.web.requirements = "requests"; }
      { programs.mach-nix.environments.web._.idna.doCheck = false; }
      ({ pkgs, ... }: {
        programs.mach-nix.environments.web.requirements = "idna";
        programs.mach-nix.environments.web._.idna.postInstall = { add = "true"; };
        programs.mach-nix.environments.science = {
          requirements = "six";
          providers = { _default = "wheel,sdist"; six = "sdist"; };
          python = pkgs.python311;
        };
      })
    ]"""
    result = """{
      packages = map (p: p.name) config.environment.systemPackages;
      launchers = map (p: p.text) config.environment.systemPackages;
      args = builtins.mapAttrs
        (_: env: env.package.args // { python = env.package.args.python.name; pkgs = null; })
        config.programs.mach-nix.environments;
    }"""
    out = evaluated(nix, modules, result)
    assert out["packages"] == ["python-science", "python-web"]
    assert out["launchers"][1] == 'exec /env/bin/python3 "$@"\n'
    web, science = out["args"]["web"], out["args"]["science"]
    assert sorted(web["requirements"].split("\n")) == ["idna", "requests"]
    assert web["python"] == "python3" and web["providers"] == {}
    assert science["python"] == "python311"
    assert science["providers"] == {"_default": "wheel,sdist", "six": "sdist"}
    # Tweaks of one package from two modules merge per attribute.
    assert web["_"] == {"idna": {"doCheck": False, "postInstall": {"add": "true"}}}
    # Every mkPython argument is passed, with the option defaults.
    assert {k: web[k] for k in ("packagesExtra", "overridesPre", "overridesPost")} == {
        "packagesExtra": [],
        "overridesPre": [],
        "overridesPost": [],
    }
    assert science["_"] == {}
    assert (web["tests"], web["lockFile"], web["requirementsFile"]) == (False, None, None)


def test_default_environment_adds_python3(nix: NixRunner) -> None:
    modules = """[ {
      programs.mach-nix.environments.a.requirements = "six";
      programs.mach-nix.defaultEnvironment = "a";
    } ]"""
    out = evaluated(
        nix,
        modules,
        "map (p: [ p.name p.text (p.meta.priority or 5) ]) config.environment.systemPackages",
    )
    assert [name for name, _, _ in out] == ["python-a", "python3", "python"]
    assert {text for _, text, _ in out} == {'exec /env/bin/python3 "$@"\n'}
    # python3/python win over another module's plain python3 in the system path.
    assert [priority for _, _, priority in out] == [5, 4, 4]


def test_default_environment_must_exist(nix: NixRunner) -> None:
    err = failure(
        nix,
        """[ { programs.mach-nix.environments.a = { };
               programs.mach-nix.defaultEnvironment = "b"; } ]""",
        BUILD_INPUTS,
    )
    assert 'programs.mach-nix.defaultEnvironment is "b"' in err
    assert "has no such environment (it has: a)" in err


@pytest.mark.parametrize(
    ("definition", "option", "type_description", "shown"),
    [
        ('python = "python3.11";', "python", "package", '"python3.11"'),
        ('providers = [ "wheel" ];', "providers", "attribute set of string", None),
        ("providers.numpy = 1;", "providers.numpy", "string", "1"),
        ('requirements = [ "six" ];', "requirements", 'strings concatenated with "\\n"', None),
        ('tests = "yes";', "tests", "boolean", '"yes"'),
        ('lockFile = "pylock.toml";', "lockFile", "null or path", '"pylock.toml"'),
    ],
)
def test_ill_typed_options_fail_in_the_module_system(
    nix: NixRunner, definition: str, option: str, type_description: str, shown: str | None
) -> None:
    modules = f"""[ {{ _file = "/etc/nixos/python.nix";
                       programs.mach-nix.environments.web = {{ {definition} }}; }} ]"""
    err = failure(nix, modules, BUILD_INPUTS)
    path = f"programs.mach-nix.environments.web.{option}"
    assert f"A definition for option `{path}' is not of type `{type_description}'." in err
    assert "- In `/etc/nixos/python.nix'" in err
    if shown is not None:
        assert f"- In `/etc/nixos/python.nix': {shown}" in err


def test_unknown_environment_option(nix: NixRunner) -> None:
    err = failure(
        nix,
        '[ { programs.mach-nix.environments.web.requirement = "six"; } ]',
        BUILD_INPUTS,
    )
    assert "The option `programs.mach-nix.environments.web.requirement' does not exist." in err


def test_package_is_read_only(nix: NixRunner) -> None:
    err = failure(
        nix,
        "[ ({ pkgs, ... }: { programs.mach-nix.environments.web.package = pkgs.python3; }) ]",
        "config.programs.mach-nix.environments.web.package.name",
    )
    assert "The option `programs.mach-nix.environments.web.package' is read-only" in err


@pytest.mark.parametrize("name", ["my env", "a/b", "-x", ""])
def test_environment_name_must_be_a_command_name(nix: NixRunner, name: str) -> None:
    err = failure(
        nix,
        f'[ {{ programs.mach-nix.environments."{name}".requirements = "six"; }} ]',
        "map (p: p.name) config.environment.systemPackages",
    )
    assert f'programs.mach-nix.environments."{name}": an environment\'s name must be usable' in err
