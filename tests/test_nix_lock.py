"""Lock mode: a pylock.toml from `mach-nix lock` evaluates with no IFD to
the same resolved set and the same store paths as the resolution it came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import NixRunner
from test_nix_build import expression

pytestmark = pytest.mark.nix

ARGS = 'requirements = "requests"; providers = { _default = "wheel"; certifi = "nixpkgs"; };'


def test_lock_gives_the_same_resolution_and_store_paths(nix: NixRunner, tmp_path: Path) -> None:
    proc = nix(
        "build", "--impure", "--no-link", "--json", "--expr",
        f"({expression(ARGS)}).machNix.lock", check=True,
    )  # fmt: skip
    lock = tmp_path / "pylock.toml"
    lock.write_text(Path(json.loads(proc.stdout)[0]["outputs"]["out"]).read_text())
    text = lock.read_text()
    assert text.startswith('lock-version = "1.0"')
    # certifi comes from nixpkgs as is: no file, so it sits in mach-nix's table
    assert "[[tool.mach-nix.nixpkgs]]" in text

    locked = f"lockFile = {lock};"
    same = nix(
        "eval", "--impure", "--json", "--expr",
        f"(({expression(ARGS)}).machNix.resolved) == (({expression(locked)}).machNix.resolved)",
        check=True,
    )  # fmt: skip
    assert json.loads(same.stdout) is True
    paths = [
        json.loads(nix("eval", "--impure", "--json", "--expr", f"({expression(a)}).drvPath",
                       check=True).stdout)
        for a in (ARGS, locked)
    ]  # fmt: skip
    assert paths[0] == paths[1]


def test_lock_without_mach_nix_table_is_a_clear_error(nix: NixRunner, tmp_path: Path) -> None:
    lock = tmp_path / "pylock.toml"
    lock.write_text('lock-version = "1.0"\ncreated-by = "uv"\n[[packages]]\nname = "six"\n')
    proc = nix(
        "eval", "--impure", "--raw", "--expr", f"({expression(f'lockFile = {lock};')}).drvPath"
    )
    assert proc.returncode != 0
    assert (
        f"mach-nix: {lock}: no [tool.mach-nix] of schema mach-nix/resolved-set/1; "
        "only lock files written by `mach-nix lock` can be evaluated."
    ) in proc.stderr
