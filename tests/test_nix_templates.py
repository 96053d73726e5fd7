"""The flake templates: `nix flake init -t <mach-nix>#python|app`, then `nix build`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import NIXPKGS_REF, NixRunner

pytestmark = pytest.mark.nix

REPO = Path(__file__).resolve().parent.parent


# What a copy of mach-nix needs to be the flake the templates come from.
FLAKE_PARTS = ("flake.nix", "default.nix", "pyproject.toml", "lib", "overrides", "templates",
               "resolver", "db", "nixos")  # fmt: skip


@pytest.fixture(scope="module")
def locked_mach_nix(nix: NixRunner, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this flake with nixpkgs locked to the package set under test.

    `nix flake init` locks the template flake's inputs and, unlike `nix
    build`, takes no --override-input; without a lock it would fetch
    nixpkgs from GitHub.
    """
    copy = tmp_path_factory.mktemp("mach-nix")
    for part in FLAKE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, copy / part)
    nix("flake", "lock", "--override-input", "nixpkgs", NIXPKGS_REF, f"path:{copy}", check=True)
    return copy


def init_and_build(nix: NixRunner, template: str, where: Path, mach_nix: Path) -> Path:
    nix("flake", "init", "-t", f"path:{mach_nix}#{template}", cwd=where, check=True)
    assert (where / "flake.nix").is_file()
    proc = nix(
        "build", "--no-link", "--json",
        "--override-input", "mach-nix", f"path:{mach_nix}",
        "--override-input", "nixpkgs", NIXPKGS_REF,
        cwd=where, check=True,
    )  # fmt: skip
    return Path(json.loads(proc.stdout)[0]["outputs"]["out"])


def test_python_template_builds_an_environment(
    nix: NixRunner, tmp_path: Path, locked_mach_nix: Path
) -> None:
    env = init_and_build(nix, "python", tmp_path, locked_mach_nix)
    assert (tmp_path / "requirements.txt").read_text().split() == ["requests"]
    out = subprocess.run(
        [str(env / "bin" / "python3"), "-c", "import requests; print(requests.__name__)"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert out.stdout.strip() == "requests"


def test_python_template_develop_shell_has_the_environment(
    nix: NixRunner, tmp_path: Path, locked_mach_nix: Path
) -> None:
    nix("flake", "init", "-t", f"path:{locked_mach_nix}#python", cwd=tmp_path, check=True)
    proc = nix(
        "develop",
        "--override-input", "mach-nix", f"path:{locked_mach_nix}",
        "--override-input", "nixpkgs", NIXPKGS_REF,
        "--command", "python3", "-c", "import requests, sys; print(sys.prefix)",
        cwd=tmp_path, check=True,
    )  # fmt: skip
    prefix = proc.stdout.strip().splitlines()[-1]
    assert prefix.startswith("/nix/store/") and prefix.endswith("-env")


def test_app_template_builds_a_runnable_application(
    nix: NixRunner, tmp_path: Path, locked_mach_nix: Path
) -> None:
    app = init_and_build(nix, "app", tmp_path, locked_mach_nix)
    out = subprocess.run(
        [str(app / "bin" / "hello-app")], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.startswith("hello from hello-app, using requests ")
