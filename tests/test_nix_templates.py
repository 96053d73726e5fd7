"""The flake templates: `nix flake init -t <mach-nix>#python|app`, then `nix build`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import NIXPKGS_REF, NixRunner

pytestmark = pytest.mark.nix

REPO = Path(__file__).resolve().parent.parent


def init_and_build(nix: NixRunner, template: str, where: Path) -> Path:
    nix("flake", "init", "-t", f"path:{REPO}#{template}", cwd=where, check=True)
    assert (where / "flake.nix").is_file()
    proc = nix(
        "build", "--no-link", "--json",
        "--override-input", "mach-nix", f"path:{REPO}",
        "--override-input", "nixpkgs", NIXPKGS_REF,
        cwd=where, check=True,
    )  # fmt: skip
    return Path(json.loads(proc.stdout)[0]["outputs"]["out"])


def test_python_template_builds_an_environment(nix: NixRunner, tmp_path: Path) -> None:
    env = init_and_build(nix, "python", tmp_path)
    assert (tmp_path / "requirements.txt").read_text().split() == ["requests"]
    out = subprocess.run(
        [str(env / "bin" / "python3"), "-c", "import requests; print(requests.__name__)"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert out.stdout.strip() == "requests"


def test_app_template_builds_a_runnable_application(nix: NixRunner, tmp_path: Path) -> None:
    app = init_and_build(nix, "app", tmp_path)
    out = subprocess.run(
        [str(app / "bin" / "hello-app")], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.startswith("hello from hello-app, using requests ")
