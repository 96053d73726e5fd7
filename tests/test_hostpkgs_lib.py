"""hostpkgs' `lib` subset: each function gives what the nixpkgs function of the same
name gives (expected values worked out from nixpkgs' lib/ documentation)."""

from __future__ import annotations

import json

import pytest

from conftest import HOSTPKGS, NixRunner

pytestmark = pytest.mark.nix


def evaluate(nix: NixRunner, body: str) -> object:
    expr = f"let lib = import {HOSTPKGS}/lib; in {body}"
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "--expr", expr)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)


def eval_error(nix: NixRunner, body: str) -> str:
    expr = f"let lib = import {HOSTPKGS}/lib; in {body}"
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "--expr", expr)
    assert proc.returncode != 0, proc.stdout
    return proc.stderr


def test_lists_and_attrsets(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """{
          unique = lib.unique [ 3 1 3 2 1 ];
          optional = lib.optional true 1 ++ lib.optional false 2 ++ lib.optionals true [ 3 4 ];
          concatMap = lib.concatMap (x: [ x x ]) [ 1 2 ];
          flatten = lib.flatten [ 1 [ 2 [ 3 ] ] ];
          foldl = lib.foldl' (acc: x: acc * 10 + x) 0 [ 1 2 3 ];
          foldr = lib.foldr (x: acc: acc + toString x) "" [ 1 2 3 ];
          lastInit = [ (lib.last [ 1 2 3 ]) (lib.init [ 1 2 3 ]) ];
          findFirst = lib.findFirst (x: x > 1) 0 [ 1 2 3 ];
          toList = [ (lib.toList 1) (lib.toList [ 1 ]) ];
          range = lib.range 2 4;
          subtract = lib.subtractLists [ 2 ] [ 1 2 3 ];
          mapAttrs' = lib.mapAttrs' (n: v: lib.nameValuePair "x${n}" (v * 2)) { a = 1; };
          filterAttrs = lib.filterAttrs (n: v: v > 1) { a = 1; b = 2; };
          mapAttrsToList = lib.mapAttrsToList (n: v: n + v) { a = "1"; b = "2"; };
          genAttrs = lib.genAttrs [ "a" ] (n: n + "!");
          attrByPath = [
            (lib.attrByPath [ "a" "b" ] 0 { a.b = 5; })
            (lib.attrByPath [ "a" "c" ] 0 { a.b = 5; })
          ];
          getAttrFromPath = lib.getAttrFromPath [ "a" "b" ] { a.b = 5; };
          hasAttrByPath = lib.hasAttrByPath [ "a" "b" ] { a.b = null; };
          setAttrByPath = lib.setAttrByPath [ "a" "b" ] 1;
          recursiveUpdate = lib.recursiveUpdate { a.b = 1; a.c = 2; } { a.b = 3; };
          optionalAttrs = [
            (lib.optionalAttrs true { a = 1; })
            (lib.optionalAttrs false { a = 1; })
          ];
          groupBy = lib.groupBy (x: if x > 1 then "big" else "small") [ 1 2 3 ];
          collect = lib.collect builtins.isInt { a = 1; b.c = 2; };
        }""",
    )
    assert got == {
        "unique": [3, 1, 2],
        "optional": [1, 3, 4],
        "concatMap": [1, 1, 2, 2],
        "flatten": [1, 2, 3],
        "foldl": 123,
        "foldr": "321",
        "lastInit": [3, [1, 2]],
        "findFirst": 2,
        "toList": [[1], [1]],
        "range": [2, 3, 4],
        "subtract": [1, 3],
        "mapAttrs'": {"xa": 2},
        "filterAttrs": {"b": 2},
        "mapAttrsToList": ["a1", "b2"],
        "genAttrs": {"a": "a!"},
        "attrByPath": [5, 0],
        "getAttrFromPath": 5,
        "hasAttrByPath": True,
        "setAttrByPath": {"a": {"b": 1}},
        "recursiveUpdate": {"a": {"b": 3, "c": 2}},
        "optionalAttrs": [{"a": 1}, {}],
        "groupBy": {"big": [2, 3], "small": [1]},
        "collect": [1, 2],
    }


def test_strings_and_versions(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """{
          split = [ (lib.splitString "." "a.b.c") (lib.splitString "/" "/a/") ];
          prefix = [
            (lib.hasPrefix "foo" "foobar")
            (lib.hasSuffix "bar" "foobar")
            (lib.hasInfix "ob" "foobar")
          ];
          remove = [ (lib.removePrefix "foo" "foobar") (lib.removeSuffix "bar" "foobar") ];
          join = lib.concatStringsSep ", " [ "a" "b" ];
          mapSep = lib.concatMapStringsSep "," toString [ 1 2 ];
          case = [ (lib.toLower "AbC") (lib.toUpper "AbC") ];
          shell = [ (lib.escapeShellArg "it's") (lib.escapeShellArg "plain") ];
          optionalString = [ (lib.optionalString true "x") (lib.optionalString false "x") ];
          versions = [
            (lib.versionAtLeast "2.40" "2.36") (lib.versionOlder "1.2" "1.10")
            (lib.versionAtLeast "3.11" "3.11") (lib.versions.majorMinor "3.11.2")
            (lib.versions.major "3.11.2")
          ];
          searchPath = lib.makeSearchPath "lib" [ "/a" "/b" ];
          getName = [ (lib.getName "python3.11-six-1.17.0") (lib.getVersion "foo-1.2") ];
          toInt = lib.toInt "42";
        }""",
    )
    assert got == {
        "split": [["a", "b", "c"], ["", "a", ""]],
        "prefix": [True, True, True],
        "remove": ["bar", "foo"],
        "join": "a, b",
        "mapSep": "1,2",
        "case": ["abc", "ABC"],
        "shell": ["'it'\\''s'", "plain"],
        "optionalString": ["x", ""],
        "versions": [True, True, True, "3.11", "3"],
        "searchPath": "/a/lib:/b/lib",
        "getName": ["python3.11-six", "1.2"],
        "toInt": 42,
    }


def test_fixed_points_and_extensions(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """let
          base = self: { a = 1; b = self.a + 1; };
          f = final: prev: { a = prev.a + 10; fromF = true; };
          g = final: prev: { c = prev.a; d = final.b; };
        in {
          fix = (lib.fix base).b;
          extends = lib.fix (lib.extends (final: prev: { b = prev.b * 10; }) base);
          composed = lib.fix (lib.extends (lib.composeExtensions f g) base);
          many = lib.fix (lib.extends (lib.composeManyExtensions [ f g ]) base);
          extensible = ((lib.makeExtensible base).extend f).b;
        }""",
    )
    composed = {"a": 11, "b": 12, "fromF": True, "c": 11, "d": 12}
    assert got == {
        "fix": 2,
        "extends": {"a": 1, "b": 20},
        "composed": composed,
        "many": composed,
        "extensible": 12,
    }


def test_customisation(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """let
          mk = lib.makeOverridable ({ y, z ? 0 }: { x = y + z; });
          called = lib.callPackageWith { y = 1; unused = 5; } ({ y, z ? 2 }: { x = y + z; }) { };
          scope = lib.makeScope (extra: lib.callPackageWith extra)
            (self: { a = 1; b = self.a + 1; });
        in {
          plain = (mk { y = 1; }).x;
          override = ((mk { y = 1; }).override { y = 2; }).x;
          overrideFn = ((mk { y = 1; }).override (old: { z = old.y + 10; })).x;
          chained = (((mk { y = 1; }).override { y = 2; }).override { z = 3; }).x;
          callPackage = [ called.x ((called.override { z = 0; }).x) ];
          scope = [ scope.b (scope.overrideScope (final: prev: { a = 10; })).b ];
          scopeCall = scope.callPackage ({ a, b }: a + b) { };
        }""",
    )
    assert got == {
        "plain": 1,
        "override": 2,
        "overrideFn": 12,
        "chained": 5,
        "callPackage": [3, 1],
        "scope": [2, 11],
        "scopeCall": 3,
    }


def test_errors_name_what_is_missing(nix: NixRunner) -> None:
    err = eval_error(nix, 'lib.getAttrFromPath [ "a" "c" ] { a.b = 1; }')
    assert "cannot find attribute `a.c'" in err
    err = eval_error(nix, "lib.callPackageWith { } ({ y }: y) { }")
    assert 'without required argument "y"' in err


def test_extend_derivation_guards_outputs(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """let
          drv = derivation { name = "d"; builder = "/bin/sh"; system = "x86_64-linux"; };
          ok = lib.extendDerivation true { extra = 1; } drv;
          bad = lib.extendDerivation (throw "refused") { } drv;
        in {
          extra = ok.extra;
          same = ok.outPath == drv.outPath;
          isDrv = lib.isDerivation ok;
          badName = bad.name;
          badFails = (builtins.tryEval bad.outPath).success;
        }""",
    )
    assert got == {"extra": 1, "same": True, "isDrv": True, "badName": "d", "badFails": False}
