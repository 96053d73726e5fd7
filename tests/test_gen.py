"""`gen` (lib/gen.nix): environments named by an attribute path.

Built on the package set under test (hostpkgs here) with `nix build` and
`nix shell --expr <gen> <attr path>`, which select the path as
`nix build <flake>#gen...` does, and through the flake's own output.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import NIXPKGS_REF, REPO, NixRunner
from mach_nix.db.format import ProjectRecord
from mach_nix.db.store import write_database
from mach_nix.model import DistFile, Release
from test_module_build import INSTALLED, runtime_versions

pytestmark = pytest.mark.nix

GEN = (
    f"import {REPO}/lib/gen.nix {{ inherit (import {REPO}/lib) mkPython; "
    f'pkgs = (builtins.getFlake "{NIXPKGS_REF}").legacyPackages.${{builtins.currentSystem}}; }}'
)


def resolved_packages(nix: NixRunner, attr_path: str) -> dict[str, dict[str, object]]:
    packages = f"({GEN}).{attr_path}.environment.machNix.resolved.packages"
    # nix eval, not nix-instantiate --eval: the resolution is import-from-derivation.
    proc = nix("eval", "--json", "--impure", "--expr", packages, check=True)
    return json.loads(proc.stdout)


def installed_versions(python: Path, imports: str) -> dict[str, str]:
    proc = subprocess.run(
        [str(python), "-c", f"import {imports}; {INSTALLED}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def test_every_level_is_a_derivation(nix: NixRunner) -> None:
    expr = f"with ({GEN}).python; [ type six.type six.idna.type ]"
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "--expr", expr, check=True)
    assert json.loads(proc.stdout) == ["derivation"] * 3


def test_order_and_repeats_name_one_environment(nix: NixRunner) -> None:
    # One resolution (same requirements given to the resolver), one derivation.
    each = "map (e: [ e.drvPath e.environment.machNix.resolved.requirements ])"
    levels = "[ six.idna idna.six six.idna.six ]"
    expr = f"with ({GEN}).python; {each} {levels}"
    proc = nix("eval", "--json", "--impure", "--expr", expr, check=True)
    results = json.loads(proc.stdout)
    assert results[0][1] == ["idna", "six"]
    assert results == [results[0]] * 3


def test_gen_path_builds_and_imports_at_resolved_versions(nix: NixRunner) -> None:
    proc = nix(
        "build", "--impure", "--no-link", "--json", "--expr", GEN, "python.six.idna", check=True
    )
    out = Path(json.loads(proc.stdout)[0]["outputs"]["out"])
    packages = resolved_packages(nix, "python.six.idna")
    versions = runtime_versions(packages, "six") | runtime_versions(packages, "idna")
    installed = installed_versions(out / "bin" / "python", "six, idna")
    assert {n: installed.get(n) for n in versions} == versions


def test_gen_shell_drops_into_the_environment(nix: NixRunner) -> None:
    proc = nix(
        "shell", "--impure", "--expr", GEN, "python.six",
        "-c", "python", "-c", "import six; print(six.__version__)",
        check=True,
    )  # fmt: skip
    assert proc.stdout.strip() == resolved_packages(nix, "python.six")["six"]["version"]


def test_unknown_name_fails_at_evaluation_naming_it(nix: NixRunner) -> None:
    proc = nix("build", "--impure", "--no-link", "--expr", GEN, "python.six.no-such-pkg-x")
    assert proc.returncode != 0
    assert "attribute 'no-such-pkg-x' in selection path 'python.six.no-such-pkg-x' not found" in (
        proc.stderr
    )
    # Failed before anything was built or resolved.
    assert "building" not in proc.stderr


def test_flake_gen_output(nix: NixRunner) -> None:
    flake = [f"path:{REPO}#gen.python.six", "--override-input", "nixpkgs", NIXPKGS_REF]
    proc = nix("build", "--no-link", "--json", *flake, check=True)
    out = Path(json.loads(proc.stdout)[0]["outputs"]["out"])
    assert "six" in installed_versions(out / "bin" / "python", "six")


def test_flake_typo_fails_at_evaluation_with_a_suggestion(nix: NixRunner) -> None:
    flake = [f"path:{REPO}#gen.python.reqests", "--override-input", "nixpkgs", NIXPKGS_REF]
    proc = nix("build", "--no-link", *flake)
    assert proc.returncode != 0
    assert "gen.python.reqests" in proc.stderr
    assert "Did you mean requests?" in proc.stderr
    assert "building" not in proc.stderr


def test_name_the_resolver_rejects_gives_its_message(nix: NixRunner, tmp_path: Path) -> None:
    # A database whose one project has no release for Python 3: gen offers
    # the name, the resolver explains why it cannot be used.
    wheel = DistFile(
        "only_py2-1.0-py2-none-any.whl",
        "https://files.pythonhosted.org/packages/00/only_py2-1.0-py2-none-any.whl",
        "0" * 64,
        "wheel",
        requires_python="<3",
    )
    release = Release("only-py2", "1.0", (wheel,), requires_python="<3")
    write_database(
        tmp_path,
        {"only-py2": ProjectRecord("only-py2", (release,))},
        "https://pypi.org/simple/",
        "2026-11-23T00:00:00Z",
        {},
    )
    gen = GEN.replace("pkgs = ", f"database = {tmp_path}; pkgs = ")
    proc = nix("build", "--impure", "--no-link", "--expr", gen, "python.only-py2")
    assert proc.returncode != 0
    assert "mach-nix: cannot resolve the requirements" in proc.stderr
    assert "only-py2 (requirements:1)" in proc.stderr
