"""Shared test fixtures: the repository root and a Nix runner for hostpkgs."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HOSTPKGS = REPO / "tests" / "hostpkgs"

# Flakes on Nix 2.8 need the feature flag; an empty substituter list keeps Nix
# from retrying the unreachable binary cache on every build.
NIX_CONFIG = "\n".join(
    [
        "experimental-features = nix-command flakes",
        "substituters =",
        "warn-dirty = false",
    ]
)

# Where tests take nixpkgs from: hostpkgs here, real nixpkgs when
# MACH_NIX_TEST_NIXPKGS is set to a flake reference (e.g. github:NixOS/nixpkgs/nixos-unstable).
NIXPKGS_REF = os.environ.get("MACH_NIX_TEST_NIXPKGS", f"path:{HOSTPKGS}")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


def _nix_environment() -> dict[str, str]:
    env = dict(os.environ)
    extra = env.get("NIX_CONFIG", "")
    env["NIX_CONFIG"] = f"{extra}\n{NIX_CONFIG}" if extra else NIX_CONFIG
    return env


def _killed_from_outside(stderr: str) -> bool:
    return "signal 9" in stderr


NixRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def nix() -> NixRunner:
    """Run a Nix command (`nix`, `nix-build`, `nix-instantiate`, ...).

    `nix("build", ...)` runs `nix build ...`; `nix("nix-build", ...)` runs that
    program. The result is returned whatever the exit code (check=False) so
    tests can assert on error messages; pass check=True to fail on error.
    """
    if shutil.which("nix") is None:
        pytest.skip("nix is not installed (run scripts/setup.sh)")
    env = _nix_environment()

    def run(
        *args: str,
        check: bool = False,
        cwd: Path | None = None,
        timeout: float = 1800,
        extra_env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        program: Sequence[str]
        if args and args[0].startswith("nix-"):
            program, rest = [args[0]], list(args[1:])
        else:
            program, rest = ["nix"], list(args)
        for _attempt in range(2):
            proc = subprocess.run(
                [*program, *rest],
                cwd=cwd or REPO,
                env={**env, **(extra_env or {})},
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            # A builder killed from outside (the machine is shared by parallel
            # heavy builds) is not the test's fault: try once more, no more.
            if proc.returncode == 0 or not _killed_from_outside(proc.stderr):
                break
        if check and proc.returncode != 0:
            raise AssertionError(
                f"{' '.join([*program, *rest])} failed ({proc.returncode}):\n{proc.stderr[-6000:]}"
            )
        return proc

    return run


@pytest.fixture(scope="session")
def nixpkgs_ref() -> str:
    """Flake reference for `--override-input nixpkgs ...`."""
    return NIXPKGS_REF
