"""Evaluation-only tests of lib/'s logic, on tests/nix/stub-pkgs.nix.

They check which builder each package gets, with which inputs, in which
order the fix layers apply, how cycles break and what the error messages
say, without building anything (seconds, no network). The end-to-end tests
(test_nix_build.py) check that the results really build and import.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import NixRunner

pytestmark = pytest.mark.nix

REPO = Path(__file__).resolve().parent.parent
STUB = REPO / "tests" / "nix" / "stub-pkgs.nix"
MIXED = REPO / "tests" / "nix" / "fixtures" / "resolved-mixed.json"


def _eval(nix: NixRunner, expr: str) -> Any:
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "-E", expr)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _eval_error(nix: NixRunner, expr: str) -> str:
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "-E", expr)
    assert proc.returncode != 0, proc.stdout
    return proc.stderr


def _env(args: str = "", stub_args: str = "") -> str:
    """An expression binding `env` (mkPython on the stub) and `ps` (its scope)."""
    return f"""
      let
        pkgs = import {STUB} {{ {stub_args} }};
        mach = import {REPO} {{ inherit pkgs; }};
        env = mach.mkPython {{ resolvedSet = {MIXED}; {args} }};
        ps = env.machNix.python.pkgs;
        # drop what JSON cannot hold
        show = p: removeAttrs p.args [ "src" ] // {{ src = p.args.src.fetched or null; }};
      in
    """


def _names(xs: list[Any]) -> list[str]:
    """Packages show as their name (stub outPath), native stand-ins as dicts."""
    return [x if isinstance(x, str) else x.get("native") or x.get("hook") for x in xs]


def test_cycles_drop_back_edges_in_name_order(nix: NixRunner) -> None:
    result = _eval(
        nix,
        f"""import {REPO}/lib/cycles.nix {{
          a = {{ runtime = [ "b" ]; build = [ ]; }};
          b = {{ runtime = [ "a" "c" ]; build = [ ]; }};
          c = {{ runtime = [ "c" "d" ]; build = [ ]; }};
          d = {{ runtime = [ ]; build = [ ]; }};
        }}""",
    )
    assert result == {"b": ["a"], "c": ["c"]}


def test_cycle_through_build_requirement_is_an_error(nix: NixRunner) -> None:
    err = _eval_error(
        nix,
        f"""import {REPO}/lib/cycles.nix {{
          flit = {{ runtime = [ "x" ]; build = [ ]; }};
          x = {{ runtime = [ ]; build = [ "flit" ]; }};
        }}""",
    )
    assert "x needs flit to build, and flit depends on x at run time" in err


def test_providers_are_normalised(nix: NixRunner) -> None:
    result = _eval(
        nix,
        f"""import {REPO}/lib/providers-arg.nix {{
          _default = "wheel, sdist"; Typing_Extensions = "nixpkgs";
        }}""",
    )
    assert result == {"_default": "wheel,sdist", "typing-extensions": "nixpkgs"}
    assert _eval(nix, f'import {REPO}/lib/providers-arg.nix "sdist"') == {"_default": "sdist"}


def test_bad_provider_is_one_clear_line(nix: NixRunner) -> None:
    err = _eval_error(nix, f'import {REPO}/lib/providers-arg.nix {{ numpy = "wheels"; }}')
    lines = [line for line in err.splitlines() if "mach-nix" in line]
    assert lines == [
        'error: mach-nix: providers.numpy = "wheels": unknown provider `wheels`; '
        "use a comma-separated list of wheel, sdist, nixpkgs."
    ]


def test_project_metadata_from_pyproject_setup_cfg_and_requirements(
    nix: NixRunner, tmp_path: Path
) -> None:
    pyproject = tmp_path / "pyproject"
    pyproject.mkdir()
    (pyproject / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["flit_core>=3.4"]\n'
        '[project]\nname = "Demo_Pkg"\nversion = "0.3"\ndependencies = ["requests>=2"]\n'
    )
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "setup.cfg").write_text(
        "[metadata]\nname = cfg-pkg\nversion = 1.2.3\n\n"
        "[options]\ninstall_requires =\n    attrs>=20\n    six ; python_version < '4'\n"
    )
    reqs = tmp_path / "reqs"
    reqs.mkdir()
    (reqs / "setup.cfg").write_text("[metadata]\nname = reqs\nversion = 2\n")
    (reqs / "requirements.txt").write_text("# pinned\nidna==3.0\n\n-r other.txt\n")

    def meta(path: Path) -> Any:
        return _eval(nix, f"import {REPO}/lib/project-meta.nix {path}")

    assert meta(pyproject) == {
        "name": "Demo_Pkg",
        "version": "0.3",
        "dependencies": ["requests>=2"],
        "buildSystem": ["flit_core>=3.4"],
        "hasPyproject": True,
    }
    assert meta(cfg)["dependencies"] == ["attrs>=20", "six ; python_version < '4'"]
    assert meta(cfg)["buildSystem"] == ["setuptools"]
    assert meta(reqs)["dependencies"] == ["idna==3.0"]


def test_each_provider_gets_its_builder(nix: NixRunner) -> None:
    result = _eval(
        nix,
        _env() + "{ numpy = show ps.numpy; setuptools = show ps.setuptools; "
        "shapely = show ps.shapely; requests = show ps.requests; idna = show ps.idna; }",
    )
    numpy = result["numpy"]
    assert numpy["format"] == "wheel"
    assert numpy["src"] == "numpy-2.1.3-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    assert _names(numpy["nativeBuildInputs"]) == ["autoPatchelfHook"]
    # the manylinux policy libraries the package set has, then what `needs` maps to
    assert _names(numpy["buildInputs"]) == ["libstdc++", "zlib", "geos"]
    # policy libraries it lacks (the stub has no expat) or nixpkgs does not
    # give every wheel (OpenGL) may stay unresolved
    assert {"libexpat.so.1", "libGL.so.1"} <= set(numpy["autoPatchelfIgnoreMissingDeps"])
    assert "libz.so.1" not in numpy["autoPatchelfIgnoreMissingDeps"]
    # a pure wheel is installed without patching
    assert "nativeBuildInputs" not in result["setuptools"]

    shapely = result["shapely"]
    assert shapely["pyproject"] is True and "format" not in shapely
    assert _names(shapely["build-system"]) == ["numpy", "setuptools"]
    assert _names(shapely["dependencies"]) == ["numpy"]
    # rule shapely-sdist-geos from overrides/rules.json
    assert _names(shapely["buildInputs"]) == ["geos"]
    assert _names(shapely["nativeBuildInputs"]) == ["geos"]

    requests = result["requests"]
    # nixpkgs' package with its Python deps replaced, native ones kept,
    # and, for another version, the sdist swapped in without nixpkgs' patches
    assert _names(requests["dependencies"]) == ["idna"]
    assert _names(requests["propagatedBuildInputs"]) == ["libfoo"]
    assert requests["version"] == "2.32.3"
    assert requests["src"] == "requests-2.32.3.tar.gz"
    assert requests["patches"] == []
    assert result["idna"]["version"] == "3.0" and result["idna"]["src"] is None


def test_cycle_member_loses_edge_but_environment_keeps_both(nix: NixRunner) -> None:
    result = _eval(nix, _env() + "{ a = show ps.a; b = show ps.b; env = env.packages; }")
    assert _names(result["a"]["dependencies"]) == ["b"]
    assert result["a"]["dontCheckRuntimeDeps"] is False
    assert result["b"]["dependencies"] == []
    assert result["b"]["dontCheckRuntimeDeps"] is True
    # roots' runtime closure; setuptools is build-only and stays out
    assert sorted(result["env"]) == sorted(
        ["a-1.0", "b-1.0", "idna-3.0", "numpy-2.1.3", "requests-2.32.3", "shapely-2.0.6"]
    )


def test_user_layers_apply_after_rules_in_order(nix: NixRunner) -> None:
    args = """
      overridesPre = [ (self: super: {
        shapely = super.shapely.overridePythonAttrs (old: { order = [ "pre" ]; });
      }) ];
      _.Shapely.order.add = [ "tweak" ];
      _.shapely.buildInputs.mod = old: old ++ [ { native = "extra"; } ];
      _.numpy.postInstall = "echo tweaked";
      overridesPost = [ (self: super: {
        shapely = super.shapely.overridePythonAttrs (old: { order = old.order ++ [ "post" ]; });
      }) ];
    """
    result = _eval(nix, _env(args) + "{ shapely = show ps.shapely; numpy = show ps.numpy; }")
    assert result["shapely"]["order"] == ["pre", "tweak", "post"]
    assert _names(result["shapely"]["buildInputs"]) == ["geos", "extra"]
    assert result["numpy"]["postInstall"] == "echo tweaked"


def test_existing_package_overrides_of_the_users_python_are_kept(nix: NixRunner) -> None:
    stub_args = """packageOverrides = self: super: {
      mine = super.buildPythonPackage { pname = "mine"; version = "7"; };
    };"""
    result = _eval(nix, _env(stub_args=stub_args) + "{ mine = ps.mine.version; a = ps.a.version; }")
    assert result == {"mine": "7", "a": "1.0"}


def test_unmapped_soname_names_soname_package_and_fix(nix: NixRunner) -> None:
    err = _eval_error(
        nix,
        _env()
        + """let set = builtins.fromJSON (builtins.readFile """
        + str(MIXED)
        + """);
              bad = set // { packages = set.packages // {
                numpy = set.packages.numpy // { needs = [ "libnowhere.so.3" ]; }; }; };
              env2 = mach.mkPython { resolvedSet = bad; };
           in show env2.machNix.python.pkgs.numpy""",
    )
    assert "the wheel of numpy 2.1.3 needs the shared library libnowhere.so.3" in err
    assert "overrides/sonames.json" in err


def test_the_wheel_package_does_not_install_itself_with_itself(nix: NixRunner) -> None:
    # nixpkgs' wheel-format builds take `wheel` from the scope; the `wheel`
    # package must therefore not be a wheel-format build.
    result = _eval(
        nix,
        _env()
        + f"""let set = builtins.fromJSON (builtins.readFile {MIXED});
              wheel = set.packages.setuptools // {{
                name = "wheel"; version = "0.45.1";
                file = {{ filename = "wheel-0.45.1-py3-none-any.whl";
                         url = "https://example.org/wheel.whl"; sha256 = "ww"; }}; }};
              env2 = mach.mkPython {{
                resolvedSet = set // {{ packages = set.packages // {{ inherit wheel; }}; }};
              }};
           in show env2.machNix.python.pkgs.wheel""",
    )
    assert result["format"] == "other"
    assert result["dontUnpack"] is True
    assert "-m zipfile -e" in result["installPhase"]
    assert "lib/python3.11/site-packages" in result["installPhase"]


def test_packages_extra_from_a_source_tree_joins_scope_and_environment(
    nix: NixRunner, tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\n'
        '[project]\nname = "My.Tool"\nversion = "0.1"\ndependencies = ["shapely>=2"]\n'
    )
    result = _eval(
        nix,
        _env(f"packagesExtra = [ {tmp_path} ];")
        + "{ tool = show ps.my-tool; env = env.packages; }",
    )
    tool = result["tool"]
    assert tool["pname"] == "my-tool" and tool["version"] == "0.1"
    assert tool["pyproject"] is True
    assert _names(tool["dependencies"]) == ["shapely"]
    assert _names(tool["build-system"]) == ["setuptools"]
    assert "my-tool-0.1" in result["env"]
    # setuptools only builds the local package: not in the environment
    assert not any(p.startswith("setuptools-") for p in result["env"])


def test_soname_from_another_python_package_is_left_unresolved(nix: NixRunner) -> None:
    result = _eval(
        nix,
        _env()
        + f"""let set = builtins.fromJSON (builtins.readFile {MIXED});
              bad = set // {{ packages = set.packages // {{
                numpy = set.packages.numpy // {{
                  needs = [ "libgeos_c.so.1" "libtensorflow_framework.so.2" ]; }}; }}; }};
              env2 = mach.mkPython {{ resolvedSet = bad; }};
           in show env2.machNix.python.pkgs.numpy""",
    )
    assert _names(result["buildInputs"]) == ["libstdc++", "zlib", "geos"]
    assert "libtensorflow_framework.so.2" in result["autoPatchelfIgnoreMissingDeps"]


def test_mk_overlay_replaces_the_interpreter_attribute(nix: NixRunner) -> None:
    result = _eval(
        nix,
        f"""let
          prev = import {STUB} {{ }};
          overlay = (import {REPO}/lib).mkOverlay {{ resolvedSet = {MIXED}; }};
          final = prev // overlay final prev;
        in {{
          shapely = final.python3.pkgs.shapely.version;
          requests = final.python3.pkgs.requests.version;
        }}""",
    )
    assert result == {"shapely": "2.0.6", "requests": "2.32.3"}


def test_mk_python_overrides_is_the_extension_for_ones_own_python(nix: NixRunner) -> None:
    result = _eval(
        nix,
        f"""let
          pkgs = import {STUB} {{ }};
          ext = (import {REPO} {{ inherit pkgs; }}).mkPythonOverrides {{ resolvedSet = {MIXED}; }};
          py = pkgs.python3.override {{ packageOverrides = ext; }};
        in py.pkgs.numpy.args.format""",
    )
    assert result == "wheel"


@pytest.mark.parametrize(
    ("orders", "proj", "expected"),
    [
        ('{ pyproj = "sdist"; }', "9.1.1", ["pyproj<3.7", "pyproj<3.7.2"]),
        ('{ _default = "sdist,wheel"; }', "9.3.0", ["pyproj<3.7.2"]),
        ('{ pyproj = "sdist"; }', "9.4.0", []),
        ('{ pyproj = "wheel,sdist"; }', "9.1.1", []),  # a wheel bundles PROJ
        ("{ }", "9.1.1", []),
    ],
)
def test_source_builds_are_held_to_releases_the_native_library_supports(
    nix: NixRunner, orders: str, proj: str, expected: list[str]
) -> None:
    lines = _eval(
        nix,
        f"""import {REPO}/lib/native-compat.nix {{
          pkgs = import {STUB} {{ }} // {{ proj = {{ version = "{proj}"; }}; }};
          providerOrders = {orders};
          data = builtins.fromJSON (builtins.readFile {REPO}/overrides/native-compat.json);
        }}""",
    )
    assert [line.split("  #")[0] for line in lines] == expected
    assert all(f"proj {proj} <" in line for line in lines)


def test_build_python_package_passes_builder_attributes_through(nix: NixRunner) -> None:
    result = _eval(
        nix,
        f"""let
          pkgs = import {STUB} {{ }};
          drv = (import {REPO} {{ inherit pkgs; }}).buildPythonPackage {{
            src = {REPO}/templates/app;
            resolvedSet = {MIXED};
            postInstall = "echo extra";
          }};
        in {{ inherit (drv) pname version; args = builtins.attrNames drv.args;
              postInstall = drv.args.postInstall; }}""",
    )
    assert (result["pname"], result["version"]) == ("hello-app", "0.1.0")
    assert result["postInstall"] == "echo extra"
    # mkPython's arguments are not builder attributes
    assert "resolvedSet" not in result["args"] and "python" not in result["args"]


def test_tweak_on_unknown_package_is_clear(nix: NixRunner) -> None:
    err = _eval_error(nix, _env("_.nonexistent.patches = [ ];") + "ps.nonexistent.version")
    assert "`_.nonexistent` tweaks nonexistent, which is not in the resolved environment" in err


def test_target_from_interpreter_and_platform(nix: NixRunner) -> None:
    result = _eval(
        nix,
        f"let pkgs = import {STUB} {{ }}; in "
        f"import {REPO}/lib/target.nix {{ inherit pkgs; python = pkgs.python3; }}",
    )
    assert result == {
        "python": "3.11.7",
        "implementation": "cpython",
        "system": "x86_64-linux",
        "libc": "glibc",
        "libc_version": "2.40",
        "macos": None,
    }


def test_nixpkgs_index_lists_modules_and_skips_broken(nix: NixRunner) -> None:
    stub_args = """packageOverrides = self: super: {
      broken = throw "marked broken";
      notAModule = { pname = "x"; version = "1"; };
    };"""
    result = _eval(
        nix,
        f"let pkgs = import {STUB} {{ {stub_args} }}; in "
        f"import {REPO}/lib/nixpkgs-index.nix pkgs.python3",
    )
    assert result == [
        {"attr": "idna", "pname": "idna", "version": "3.0"},
        {"attr": "requests", "pname": "requests", "version": "2.0"},
    ]
