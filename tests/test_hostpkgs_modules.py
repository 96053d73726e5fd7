"""The module system as hostpkgs exposes it (`pkgs.lib`, the flake's `lib`):
a NixOS-style evaluation of a module over hostpkgs derivations, as mach-nix's
NixOS module test does it (NIXPKGS-CONTRACT §8). The evaluator's own semantics
are tested in tests/test_module_evaluator.py."""

from __future__ import annotations

import json

import pytest

from conftest import HOSTPKGS, NixRunner

pytestmark = pytest.mark.nix

# A module in the shape of a NixOS program module, and the stub of the NixOS
# option it writes to (absent outside NixOS).
PRELUDE = f"""
let
  pkgs = import {HOSTPKGS} {{ }};
  inherit (pkgs) lib;
  stub = {{ lib, ... }}: {{
    options.environment.systemPackages = lib.mkOption {{
      type = lib.types.listOf lib.types.package;
      default = [ ];
    }};
  }};
  program = {{ config, lib, pkgs, ... }}:
    let cfg = config.programs.demo; in {{
      options.programs.demo = {{
        enable = lib.mkEnableOption "demo";
        environments = lib.mkOption {{
          type = lib.types.attrsOf (lib.types.submodule ({{ name, ... }}: {{
            options.packages = lib.mkOption {{
              type = lib.types.listOf lib.types.str;
              default = [ ];
            }};
            options.label = lib.mkOption {{ type = lib.types.str; default = "python-" + name; }};
          }}));
          default = {{ }};
        }};
      }};
      config = lib.mkIf cfg.enable {{
        environment.systemPackages = lib.mapAttrsToList
          (name: env: pkgs.python3.withPackages (ps: map (p: ps.${{p}}) env.packages))
          cfg.environments;
      }};
    }};
  eval = modules: lib.evalModules {{
    modules = [ stub program ] ++ modules;
    specialArgs = {{ inherit pkgs; }};
  }};
in
"""


def evaluate(nix: NixRunner, expr: str) -> object:
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "--expr", PRELUDE + expr)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)


def eval_error(nix: NixRunner, expr: str) -> str:
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "--expr", PRELUDE + expr)
    assert proc.returncode != 0, proc.stdout
    return "\n".join(line.strip() for line in proc.stderr.splitlines())


def test_disabled_module_adds_nothing(nix: NixRunner) -> None:
    assert evaluate(nix, "(eval [ ]).config.environment.systemPackages") == []


def test_two_modules_merge_environments_into_packages(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """let cfg = (eval [
          { programs.demo.enable = true; programs.demo.environments.a.packages = [ "six" ]; }
          { programs.demo.environments.b = { packages = [ "idna" ]; label = "custom"; }; }
          { programs.demo.environments.a.packages = lib.mkAfter [ "certifi" ]; }
        ]).config; in {
          names = map (p: p.name) cfg.environment.systemPackages;
          labels = lib.mapAttrsToList (n: e: e.label) cfg.programs.demo.environments;
          aPackages = cfg.programs.demo.environments.a.packages;
          allDerivations = lib.all lib.isDerivation cfg.environment.systemPackages;
        }""",
    )
    assert got == {
        "names": ["python3-3.11.2-env", "python3-3.11.2-env"],
        "labels": ["python-a", "custom"],
        "aPackages": ["six", "certifi"],
        "allDerivations": True,
    }


def test_priorities_between_modules(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """(eval [
          { programs.demo.environments.a.label = lib.mkDefault "default"; }
          { programs.demo.environments.a.label = "set"; }
          { programs.demo.environments.b.label = lib.mkForce "forced"; }
          { programs.demo.environments.b.label = "set"; }
        ]).config.programs.demo.environments""",
    )
    assert got == {"a": {"label": "set", "packages": []}, "b": {"label": "forced", "packages": []}}


def test_wrong_type_names_the_option_path(nix: NixRunner) -> None:
    err = eval_error(
        nix, '(eval [ { programs.demo.environments.a.packages = "six"; } ]).config.programs.demo'
    )
    assert "A definition for option `programs.demo.environments.a.packages' is not of type" in err


def test_undeclared_option(nix: NixRunner) -> None:
    err = eval_error(
        nix, "(eval [ { programs.demo.enabled = true; } ]).config.programs.demo.enable"
    )
    assert "The option `programs.demo.enabled' does not exist" in err


def test_package_type_rejects_plain_attrsets(nix: NixRunner) -> None:
    err = eval_error(
        nix,
        '(eval [ { environment.systemPackages = [ { name = "fake"; } ]; } ]).config.environment',
    )
    # nixpkgs checks list entries one by one and names the entry.
    assert "environment.systemPackages.\"[definition 1-entry 1]\"' is not of type `package'" in err


def test_flake_lib_exposes_the_module_system(nix: NixRunner) -> None:
    proc = nix(
        "eval",
        "--json",
        f"path:{HOSTPKGS}#lib",
        "--apply",
        """lib: (lib.evalModules { modules = [
          { options.x = lib.mkOption { type = lib.types.attrsOf lib.types.int; default = { }; }; }
          { x.a = 1; } { x.b = lib.mkIf true 2; } { x.c = lib.mkIf false 3; }
        ]; }).config.x""",
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"a": 1, "b": 2}
