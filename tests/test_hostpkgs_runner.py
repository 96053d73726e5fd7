"""The conftest `nix` runner retries a build killed from outside once, and only that."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import NixRunner

# A stand-in Nix: fails with the given message the first time, succeeds the second.
FAKE = """#!/bin/sh
count_file="$(dirname "$0")/calls"
echo x >> "$count_file"
if [ "$(wc -l < "$count_file")" -eq 1 ]; then
    echo "error: builder for '/nix/store/x.drv' failed due to $FIRST_ERROR" >&2
    exit 1
fi
echo built
"""


def fake_nix(tmp_path: Path, first_error: str) -> dict[str, str]:
    script = tmp_path / "nix-fake"
    script.write_text(FAKE)
    script.chmod(0o755)
    return {"PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}", "FIRST_ERROR": first_error}


@pytest.mark.nix
def test_killed_build_is_retried_once(nix: NixRunner, tmp_path: Path) -> None:
    proc = nix("nix-fake", extra_env=fake_nix(tmp_path, "signal 9 (Killed)"))
    assert (proc.returncode, proc.stdout) == (0, "built\n")
    assert (tmp_path / "calls").read_text().count("x") == 2


@pytest.mark.nix
def test_other_failures_are_not_retried(nix: NixRunner, tmp_path: Path) -> None:
    proc = nix("nix-fake", extra_env=fake_nix(tmp_path, "exit code 1"))
    assert proc.returncode == 1
    assert (tmp_path / "calls").read_text().count("x") == 1
