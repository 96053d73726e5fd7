"""The flake's outputs: the CLI package, and lib functions called with `system`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import NIXPKGS_REF, NixRunner

pytestmark = pytest.mark.nix

REPO = Path(__file__).resolve().parent.parent


def build_output(nix: NixRunner, installable: str, cwd: Path = REPO) -> Path:
    proc = nix(
        "build", "--no-link", "--json", "--override-input", "nixpkgs", NIXPKGS_REF,
        installable, cwd=cwd, check=True,
    )  # fmt: skip
    return Path(json.loads(proc.stdout)[0]["outputs"]["out"])


def test_cli_package_resolves_from_the_shipped_database(nix: NixRunner, tmp_path: Path) -> None:
    cli = build_output(nix, f"path:{REPO}#default")
    (tmp_path / "requirements.txt").write_text("requests\n")
    out = subprocess.run(
        [str(cli / "bin" / "mach-nix"), "resolve", "--json", "-r", "requirements.txt"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    resolved = json.loads(out.stdout)
    assert resolved["schema"] == "mach-nix/resolved-set/1"
    assert {"requests", "idna", "urllib3", "certifi"} <= set(resolved["packages"])


def test_lib_takes_system_instead_of_pkgs(nix: NixRunner, tmp_path: Path) -> None:
    flake = """{
  inputs.mach-nix.url = "path:MACH_NIX";
  outputs = { self, mach-nix }: {
    packages.x86_64-linux.default = mach-nix.lib.mkPython {
      system = "x86_64-linux";
      requirements = "six";
    };
  };
}
"""
    (tmp_path / "flake.nix").write_text(flake.replace("MACH_NIX", str(REPO)))
    proc = nix(
        "build", "--no-link", "--json",
        "--override-input", "mach-nix/nixpkgs", NIXPKGS_REF,
        f"path:{tmp_path}#packages.x86_64-linux.default",
        cwd=tmp_path, check=True,
    )  # fmt: skip
    env = Path(json.loads(proc.stdout)[0]["outputs"]["out"])
    out = subprocess.run(
        [str(env / "bin" / "python3"), "-c", "import six; print(six.PY3)"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert out.stdout.strip() == "True"


def test_flake_check_passes(nix: NixRunner) -> None:
    # checks: the CLI and an environment from a resolved set (no IFD, so
    # every system's checks evaluate here)
    nix("flake", "check", "--override-input", "nixpkgs", NIXPKGS_REF, f"path:{REPO}", check=True)
