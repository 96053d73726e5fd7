"""Where `mach-nix` finds a database when no `--db` is given (docs/database.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mach_nix.errors import UserError

ENV_VAR = "MACH_NIX_DB"


def candidates() -> list[Path]:
    """Default locations, in the order they are tried."""
    out = []
    env = os.environ.get(ENV_VAR)
    if env:
        out.append(Path(env))
    # A checkout (or editable install): <repo>/resolver/mach_nix/db/location.py -> <repo>/db
    out.append(Path(__file__).resolve().parents[3] / "db")
    # An installed package whose build copied the snapshot into share/.
    out.append(Path(sys.prefix) / "share" / "mach-nix" / "db")
    return out


def default_database() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        # An explicit choice is never silently replaced by another database.
        return Path(env)
    for path in candidates():
        if (path / "manifest.json").is_file():
            return path
    tried = ", ".join(str(p) for p in candidates())
    raise UserError(f"no mach-nix database found (tried {tried}); pass --db PATH or set {ENV_VAR}")


def default_update_target() -> Path:
    """Where `mach-nix db update` writes without --db: the snapshot a checkout ships,
    else the user's cache database."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "pyproject.toml").is_file() and (checkout / "db").is_dir():
        return checkout / "db"
    return cache_database()


def cache_database() -> Path:
    """The local cache database `mach-nix lock` crawls into (XDG cache dir)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mach-nix" / "db"
