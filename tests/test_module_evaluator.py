"""The hostpkgs module system (tests/hostpkgs/modules) against nixpkgs' semantics.

Each test evaluates a small module set with `nix-instantiate --eval --strict`
and checks the merged config, or the exact error text nixpkgs gives.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import REPO, NixRunner

pytestmark = pytest.mark.nix

PRELUDE = f"""
let
  lib = import {REPO}/tests/hostpkgs/modules {{ }};
  inherit (lib) types mkOption;
  eval = modules: (lib.evalModules {{ inherit modules; }}).config;
  drv = name: derivation {{ inherit name; builder = "/bin/sh"; system = "x86_64-linux"; }};
in
"""


def evaluate(nix: NixRunner, expr: str) -> Any:
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "--expr", PRELUDE + expr)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def eval_error(nix: NixRunner, expr: str) -> str:
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "--expr", PRELUDE + expr)
    assert proc.returncode != 0, f"expected an evaluation error, got {proc.stdout}"
    # Nix indents continuation lines of a message; compare without that.
    return "\n".join(line.strip() for line in proc.stderr.splitlines())


def test_defaults_shorthand_and_explicit_config(nix: NixRunner) -> None:
    config = evaluate(
        nix,
        """eval [
          { options.a = mkOption { type = types.int; default = 1; };
            options.b = mkOption { type = types.str; default = "x"; };
            options.c.d = lib.mkEnableOption "d"; }
          { config.b = "y"; }
          { c.d = true; }
        ]""",
    )
    assert config == {"a": 1, "b": "y", "c": {"d": True}}


def test_function_modules_get_special_and_module_args(nix: NixRunner) -> None:
    config = evaluate(
        nix,
        """(lib.evalModules {
          specialArgs = { greeting = "hi"; };
          modules = [
            { options.out = mkOption { type = types.listOf types.str; }; }
            { _module.args.subject = "there"; }
            ({ greeting, subject, lib, config, ... }: {
              out = [ greeting subject (if lib ? mkIf then "lib" else "no lib") ];
            })
          ];
        }).config""",
    )
    assert config == {"out": ["hi", "there", "lib"]}


def test_imports_paths_and_attrsets_once_each(nix: NixRunner, tmp_path: Any) -> None:
    shared = tmp_path / "shared.nix"
    shared.write_text(
        "{ lib, ... }: {\n"
        "  options.xs = lib.mkOption { type = lib.types.listOf lib.types.int; };\n"
        "  config.xs = [ 1 ];\n"
        "}\n"
    )
    config = evaluate(
        nix,
        f"""eval [
          {{ imports = [ {shared} ]; }}
          {{ imports = [ {shared} {{ xs = [ 2 ]; }} ]; }}
        ]""",
    )
    # The path module is collected once although imported twice.
    assert sorted(config["xs"]) == [1, 2]


def test_priorities_only_the_highest_merge(nix: NixRunner) -> None:
    config = evaluate(
        nix,
        """eval [
          { options.l = mkOption { type = types.listOf types.int; default = [ 0 ]; };
            options.m = mkOption { type = types.listOf types.int; default = [ 0 ]; };
            options.n = mkOption { type = types.listOf types.int; default = [ 0 ]; };
            options.s = mkOption { type = types.str; default = "default"; }; }
          { l = [ 1 ]; m = lib.mkDefault [ 1 ]; n = lib.mkForce [ 9 ];
            s = lib.mkDefault "mkDefault"; }
          { l = [ 2 ]; m = lib.mkDefault [ 2 ]; n = [ 3 ]; }
          { m = lib.mkOverride 1200 [ 7 ]; }
        ]""",
    )
    assert sorted(config["l"]) == [1, 2]
    assert sorted(config["m"]) == [1, 2]
    assert config["n"] == [9]
    assert config["s"] == "mkDefault"


def test_mkif_and_mkmerge(nix: NixRunner) -> None:
    config = evaluate(
        nix,
        """eval [
          { options.enable = lib.mkEnableOption "x";
            options.xs = mkOption { type = types.listOf types.str; default = [ ]; };
            options.t = mkOption { type = types.lines; default = ""; }; }
          ({ config, ... }: lib.mkIf config.enable { xs = [ "on" ]; })
          ({ config, ... }: { xs = lib.mkIf (!config.enable) [ "off" ]; })
          { enable = true; }
          { t = lib.mkMerge [ "a" (lib.mkIf false "b") (lib.mkIf true "c") ]; }
        ]""",
    )
    assert config["xs"] == ["on"]
    assert config["t"].split("\n") == ["a", "c"]


def test_mkif_non_boolean_condition(nix: NixRunner) -> None:
    err = eval_error(
        nix,
        """(eval [ { options.a = mkOption { type = types.int; }; }
                  { a = lib.mkIf "yes" 1; } ]).a""",
    )
    assert "mkIf called with a non-Boolean condition" in err


def test_two_modules_add_to_an_attrsof_submodule(nix: NixRunner) -> None:
    config = evaluate(
        nix,
        """eval [
          { options.envs = mkOption {
              default = { };
              type = types.attrsOf (types.submodule ({ name, ... }: {
                options.label = mkOption { type = types.str; default = "env-${name}"; };
                options.reqs = mkOption { type = types.lines; default = ""; };
                options.tags = mkOption { type = types.listOf types.str; default = [ ]; };
              }));
            }; }
          { envs.a.reqs = "six"; envs.a.tags = [ "x" ]; }
          { envs.a.reqs = "idna"; envs.a.tags = [ "y" ]; envs.b.label = "custom"; }
        ]""",
    )
    a = config["envs"]["a"]
    assert a["label"] == "env-a"
    assert sorted(a["reqs"].split("\n")) == ["idna", "six"]
    assert sorted(a["tags"]) == ["x", "y"]
    assert config["envs"]["b"] == {"label": "custom", "reqs": "", "tags": []}


def test_a_second_declaration_adds_submodule_options(nix: NixRunner) -> None:
    config = evaluate(
        nix,
        """eval [
          { options.envs = mkOption { type = types.attrsOf (types.submodule {
              options.a = mkOption { type = types.int; default = 1; }; }); }; }
          { options.envs = mkOption { type = types.attrsOf (types.submodule {
              options.b = mkOption { type = types.int; default = 2; }; }); }; }
          { envs.x = { }; }
        ]""",
    )
    assert config == {"envs": {"x": {"a": 1, "b": 2}}}


def test_undeclared_option_message(nix: NixRunner) -> None:
    err = eval_error(
        nix,
        """eval [ { options.a.b = mkOption { type = types.int; }; } { a.c = 1; } ]""",
    )
    assert "The option `a.c' does not exist. Definition values:\n- In `<unknown-file>': 1" in err


def test_undeclared_option_inside_a_submodule_names_the_full_path(nix: NixRunner) -> None:
    err = eval_error(
        nix,
        """eval [
          { options.envs = mkOption { type = types.attrsOf (types.submodule {
              options.reqs = mkOption { type = types.lines; }; }); }; }
          { _file = "/etc/conf.nix"; envs.web.reqz = "six"; }
        ]""",
    )
    assert "The option `envs.web.reqz' does not exist. Definition values:" in err
    assert '- In `/etc/conf.nix\': "six"' in err


def test_wrong_type_message_names_option_file_and_value(nix: NixRunner) -> None:
    err = eval_error(
        nix,
        """eval [
          { options.envs = mkOption { type = types.attrsOf (types.submodule {
              options.providers = mkOption { type = types.attrsOf types.str; }; }); }; }
          { _file = "/etc/conf.nix"; envs.web.providers._default = 3; }
        ]""",
    )
    assert (
        "A definition for option `envs.web.providers._default' is not of type `string'. "
        "Definition values:\n- In `/etc/conf.nix': 3"
    ) in err


def test_str_rejects_two_different_definitions(nix: NixRunner) -> None:
    err = eval_error(
        nix,
        """(eval [ { options.s = mkOption { type = types.str; }; }
                  { s = "a"; } { s = "b"; } ]).s""",
    )
    assert "The option `s' has conflicting definition values:" in err
    assert '- In `<unknown-file>\': "a"' in err and '- In `<unknown-file>\': "b"' in err
    # Equal definitions are fine.
    same = """(eval [ { options.s = mkOption { type = types.str; }; }
                     { s = "a"; } { s = "a"; } ]).s"""
    assert evaluate(nix, same) == "a"


def test_package_type(nix: NixRunner) -> None:
    decl = "{ options.p = mkOption { type = types.package; }; }"
    assert evaluate(nix, f"""(eval [ {decl} {{ p = drv "hello"; }} ]).p.name""") == "hello"
    path = "${builtins.storeDir}/" + "a" * 32 + "-tool"
    store_path = evaluate(nix, f"""(eval [ {decl} {{ p = "{path}"; }} ]).p.type""")
    assert store_path == "derivation"
    err = eval_error(nix, f"""(eval [ {decl} {{ p = {{ name = "fake"; }}; }} ]).p""")
    assert "A definition for option `p' is not of type `package'." in err


def test_list_entries_are_type_checked(nix: NixRunner) -> None:
    err = eval_error(
        nix,
        """(eval [ { options.ps = mkOption { type = types.listOf types.package; }; }
                  { ps = [ 1 ]; } ]).ps""",
    )
    entry = 'ps."[definition 1-entry 1]"'
    assert f"A definition for option `{entry}' is not of type `package'." in err


@pytest.mark.parametrize(
    ("type_expr", "description"),
    [
        ("types.listOf types.str", "list of string"),
        ("types.attrsOf (types.submodule { })", "attribute set of (submodule)"),
        ("types.nullOr types.path", "null or path"),
        ('types.enum [ "a" "b" ]', 'one of "a", "b"'),
        ("types.either types.int types.str", "signed integer or string"),
        ("types.oneOf [ types.bool types.int types.str ]", "boolean or signed integer or string"),
        ("types.lines", 'strings concatenated with "\\n"'),
        ("types.functionTo types.int", "function that evaluates to a(n) signed integer"),
        ("types.listOf (types.nullOr types.int)", "list of (null or signed integer)"),
    ],
)
def test_type_descriptions(nix: NixRunner, type_expr: str, description: str) -> None:
    assert evaluate(nix, f"({type_expr}).description") == description


def test_other_types_merge_like_nixpkgs(nix: NixRunner) -> None:
    config = evaluate(
        nix,
        """let c = eval [
          { options.n = mkOption { type = types.nullOr types.int; default = null; };
            options.e = mkOption { type = types.either types.int types.str; };
            options.any = mkOption { type = types.anything; };
            options.at = mkOption { type = types.attrs; };
            options.f = mkOption { type = types.functionTo (types.listOf types.int); }; }
          { e = "s"; any.a = 1; at = { x = 1; y = 1; }; f = x: [ x ]; }
          { any.b = [ 2 ]; at = { y = 2; }; f = x: [ (x + 1) ]; }
        ]; in c // { f = c.f 10; }""",
    )
    assert config["n"] is None
    assert config["e"] == "s"
    assert config["any"] == {"a": 1, "b": [2]}
    assert config["at"]["x"] == 1 and config["at"]["y"] in (1, 2)
    assert sorted(config["f"]) == [10, 11]


def test_apply_and_read_only(nix: NixRunner) -> None:
    assert (
        evaluate(
            nix,
            """(eval [ { options.a = mkOption {
                    type = types.int; default = 1; apply = x: x * 10; }; } ]).a""",
        )
        == 10
    )
    err = eval_error(
        nix,
        """(eval [ { options.r = mkOption { type = types.int; default = 1; readOnly = true; }; }
                  { r = 2; } ]).r""",
    )
    assert "The option `r' is read-only, but it's set multiple times." in err


def test_undefined_option_without_default(nix: NixRunner) -> None:
    err = eval_error(nix, """(eval [ { options.a = mkOption { type = types.int; }; } ]).a""")
    assert "The option `a' was accessed but has no value defined. Try setting the option." in err


def test_mk_package_option(nix: NixRunner) -> None:
    out = evaluate(
        nix,
        """let
          pkgs = { hello = drv "hello"; tools.jq = drv "jq"; };
          options = (lib.evalModules { modules = [ {
            options.a = lib.mkPackageOption pkgs "hello" { };
            options.b = lib.mkPackageOption pkgs "jq" { default = [ "tools" "jq" ]; };
            options.c = lib.mkPackageOption pkgs "missing" { nullable = true; default = null; };
          } ]; }).options;
        in {
          a = [ options.a.value.name options.a.description options.a.defaultText.text ];
          b = options.b.value.name;
          c = options.c.value;
        }""",
    )
    assert out["a"] == ["hello", "The hello package to use.", "pkgs.hello"]
    assert out["b"] == "jq"
    assert out["c"] is None
