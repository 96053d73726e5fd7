"""End-to-end: real environments from real PyPI files, built with Nix.

Each test resolves with the real resolver (IFD) against the shipped database,
builds on the package set under test (tests/hostpkgs here, real nixpkgs with
MACH_NIX_TEST_NIXPKGS), runs the environment's interpreter and checks that
what is installed is what was resolved. Downloads are fixed-output
derivations, so a second run on the same store fetches nothing.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import NIXPKGS_REF, NixRunner

pytestmark = pytest.mark.nix

REPO = Path(__file__).resolve().parent.parent
REAL_SET = REPO / "tests" / "nix" / "fixtures" / "resolved-real.json"


def on_package_set(body: str) -> str:
    """A Nix expression with `pkgs` (the package set under test) and `mach`
    (mach-nix without flakes) in scope."""
    return f"""
      let
        nixpkgs = builtins.getFlake "{NIXPKGS_REF}";
        pkgs = nixpkgs.legacyPackages.${{builtins.currentSystem}};
        mach = import {REPO} {{ inherit pkgs; }};
      in {body}
    """


def expression(mk_python_args: str, function: str = "mkPython") -> str:
    """mach-nix's `function` applied to the given arguments."""
    return on_package_set(f"mach.{function} {{ {mk_python_args} }}")


def eval_error(nix: NixRunner, args: str) -> str:
    """Evaluate mkPython's derivation path, which must fail; its stderr."""
    expr = "(" + expression(args) + ").drvPath"
    proc = nix("eval", "--impure", "--raw", "--expr", expr)
    assert proc.returncode != 0, proc.stdout
    return proc.stderr


def build(nix: NixRunner, expr: str) -> Path:
    proc = nix("build", "--impure", "--no-link", "--json", "--expr", expr, check=True)
    return Path(json.loads(proc.stdout)[0]["outputs"]["out"])


def evaluate(nix: NixRunner, expr: str) -> Any:
    proc = nix("eval", "--impure", "--json", "--expr", expr, check=True)
    return json.loads(proc.stdout)


def resolved_packages(nix: NixRunner, args: str) -> dict[str, Any]:
    packages: dict[str, Any] = evaluate(nix, f"({expression(args)}).machNix.resolved.packages")
    return packages


def installed_versions(env: Path, names: list[str]) -> dict[str, str | None]:
    script = (
        "import importlib.metadata as m, json, sys\n"
        "def v(n):\n"
        "    try:\n        return m.version(n)\n"
        "    except m.PackageNotFoundError:\n        return None\n"
        "print(json.dumps({n: v(n) for n in sys.argv[1:]}))\n"
    )
    out = subprocess.run(
        [str(env / "bin" / "python3"), "-c", script, *names],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    versions: dict[str, str | None] = json.loads(out.stdout)
    return versions


def run_python(env: Path, code: str) -> str:
    out = subprocess.run(
        [str(env / "bin" / "python3"), "-c", code],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def runtime_closure(packages: dict[str, Any]) -> dict[str, str]:
    """name -> version of what the environment must hold: the top-level
    requirements (every package's `roots`) and their runtime dependencies;
    build requirements also carry roots, so they are not a criterion."""
    todo = sorted({root for p in packages.values() for root in p["roots"]})
    seen: dict[str, str] = {}
    while todo:
        name = todo.pop()
        if name not in seen:
            seen[name] = packages[name]["version"]
            todo.extend(packages[name]["dependencies"])
    return seen


def assert_environment_matches_resolution(nix: NixRunner, args: str) -> dict[str, Any]:
    """Build the environment; every runtime package is there at its resolved version."""
    packages = resolved_packages(nix, args)
    env = build(nix, expression(args))
    runtime = runtime_closure(packages)
    assert installed_versions(env, sorted(runtime)) == runtime
    build_only = sorted(set(packages) - set(runtime))
    assert installed_versions(env, build_only) == dict.fromkeys(build_only)
    return {"env": env, "packages": packages}


def test_given_resolved_set_builds_all_providers_without_resolving(nix: NixRunner) -> None:
    """resolvedSet (no IFD): real PyPI files, every provider, a soname need."""
    packages = json.loads(REAL_SET.read_text())["packages"]
    providers = {p["provider"] for p in packages.values()}
    assert providers == {"wheel", "sdist", "nixpkgs"}
    assert packages["numpy"]["needs"] == ["libz.so.1"]  # numpy.libs' libgfortran
    # the fixture's binary wheels are for CPython 3.11
    env = build(nix, expression(f"python = pkgs.python311; resolvedSet = {REAL_SET};"))
    runtime = runtime_closure(packages)
    # a nixpkgs package keeps the version of the package set under test
    runtime["certifi"] = evaluate(nix, on_package_set("pkgs.python311.pkgs.certifi.version"))
    assert installed_versions(env, sorted(runtime)) == runtime
    # build-only packages stay out of the environment
    assert installed_versions(env, ["flit-core"]) == {"flit-core": None}
    out = run_python(
        env,
        "import numpy, requests, six, idna, certifi, charset_normalizer.md as md; "
        "print(int(numpy.ones((2, 2)).sum()), idna.encode('bücher.de').decode(), "
        "six.PY3, md.__file__.endswith('.so'))",
    )
    assert out == "4 xn--bcher-kva.de True True"


def test_pure_python_requests(nix: NixRunner) -> None:
    args = 'requirements = "requests";'
    result = assert_environment_matches_resolution(nix, args)
    assert {"requests", "idna", "urllib3", "certifi"} <= set(result["packages"])
    out = run_python(result["env"], "import requests; print(requests.__version__)")
    assert out == result["packages"]["requests"]["version"]


def test_binary_wheel_numpy_is_patched_and_runs(nix: NixRunner) -> None:
    args = 'requirements = "numpy"; providers = "wheel";'
    result = assert_environment_matches_resolution(nix, args)
    assert result["packages"]["numpy"]["provider"] == "wheel"
    assert run_python(result["env"], "import numpy; print(int(numpy.ones((2, 2)).sum()))") == "4"


def test_sdists_with_setuptools_and_flit(nix: NixRunner) -> None:
    # six builds with setuptools, idna with flit-core
    args = (
        'requirements = "six\\nidna"; '
        'providers = { _default = "wheel"; six = "sdist"; idna = "sdist"; };'
    )
    result = assert_environment_matches_resolution(nix, args)
    packages = result["packages"]
    assert packages["six"]["provider"] == "sdist"
    assert "setuptools" in packages["six"]["build_system"]
    assert packages["idna"]["provider"] == "sdist"
    assert "flit-core" in packages["idna"]["build_system"]
    out = run_python(result["env"], "import six, idna; print(idna.encode('bücher.de').decode())")
    assert out == "xn--bcher-kva.de"


def test_nixpkgs_provider_and_all_three_mixed(nix: NixRunner) -> None:
    args = (
        'requirements = "requests"; '
        'providers = { _default = "wheel"; idna = "sdist"; certifi = "nixpkgs"; };'
    )
    result = assert_environment_matches_resolution(nix, args)
    packages = result["packages"]
    assert packages["requests"]["provider"] == "wheel"
    assert packages["idna"]["provider"] == "sdist"
    assert packages["certifi"]["provider"] == "nixpkgs"
    out = run_python(result["env"], "import certifi, os; print(os.path.exists(certifi.where()))")
    assert out == "True"


def test_local_package_built_with_its_requirements_joins_an_environment(
    nix: NixRunner, tmp_path: Path
) -> None:
    project = tmp_path / "greet"
    (project / "greet").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["flit_core>=3.4,<4"]\nbuild-backend = "flit_core.buildapi"\n'
        '[project]\nname = "greet"\nversion = "1.2.0"\ndescription = "hi"\n'
        'dependencies = ["six"]\n'
    )
    (project / "greet" / "__init__.py").write_text("import six\nWORD = 'hi'\n")
    args = f"""requirements = "idna";
      packagesExtra = [ (mach.buildPythonPackage {{ src = {project}; }}) ];"""
    env = build(nix, expression(args))
    versions = installed_versions(env, ["greet", "six", "idna", "flit-core"])
    assert versions["greet"] == "1.2.0"
    assert versions["six"] is not None and versions["idna"] is not None
    assert versions["flit-core"] is None  # build requirement only
    assert run_python(env, "import greet; print(greet.WORD)") == "hi"


def test_sdist_linking_a_native_library_through_override_rules(nix: NixRunner) -> None:
    # shapely from source: GEOS and the meson build tools come from overrides/
    args = 'requirements = "shapely"; providers = { shapely = "sdist"; };'
    result = assert_environment_matches_resolution(nix, args)
    shapely = result["packages"]["shapely"]
    assert shapely["provider"] == "sdist"
    assert "shapely-sdist-geos" in shapely["overrides"]
    out = run_python(
        result["env"],
        "import shapely, shapely.geometry as g; "
        "print(shapely.geos_version_string.count('.'), round(g.Point(0, 0).buffer(1).area, 1))",
    )
    assert out == "2 3.1"


def test_requirements_file_follows_its_includes_and_constraints(
    nix: NixRunner, tmp_path: Path
) -> None:
    (tmp_path / "requirements.txt").write_text("-r base.txt\n-c pins.txt\nsix\n")
    (tmp_path / "base.txt").write_text("idna\n")
    (tmp_path / "pins.txt").write_text("idna==3.10\n")
    packages = resolved_packages(nix, f"requirementsFile = {tmp_path / 'requirements.txt'};")
    assert set(runtime_closure(packages)) == {"six", "idna"}
    assert packages["idna"]["version"] == "3.10"


def test_second_evaluation_gives_the_same_store_paths(nix: NixRunner) -> None:
    expr = "(" + expression('requirements = "requests";') + ").drvPath"
    first = evaluate(nix, expr)
    second = evaluate(nix, expr)
    assert first == second
    assert first.startswith("/nix/store/") and first.endswith(".drv")


def test_unsatisfiable_requirement_shows_the_resolvers_explanation(nix: NixRunner) -> None:
    err = eval_error(nix, 'requirements = "requests<0.0.1";')
    assert "mach-nix: cannot resolve the requirements:" in err
    assert "requests<0.0.1" in err
    assert "builder for" not in err


def test_unknown_package_is_one_clear_line(nix: NixRunner) -> None:
    name = "this-package-does-not-exist-mach-nix"
    err = eval_error(nix, 'requirements = "' + name + '";')
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    assert errors[0].startswith("error: mach-nix: cannot resolve the requirements: ")
    assert name in errors[0]
    assert "Traceback" not in err


def test_bad_provider_string_is_one_clear_line(nix: NixRunner) -> None:
    err = eval_error(nix, 'requirements = "requests"; providers = "wheel,pip";')
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors == [
        'error: mach-nix: providers._default = "wheel,pip": unknown provider `pip`; '
        "use a comma-separated list of wheel, sdist, nixpkgs."
    ]
