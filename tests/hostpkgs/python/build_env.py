"""Merges store trees into one symlink tree for python.buildEnv, as nixpkgs'
pkgs/build-support/buildenv does: directories are merged, a file path claimed by two
inputs with different contents is a collision (fatal unless $ignoreCollisions)."""

from __future__ import annotations

import filecmp
import os
import sys
from pathlib import Path


def same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve() or (
        a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False))


def merge(src: Path, dest: Path, owners: dict[Path, Path], collisions: list[str]) -> None:
    # Directories are always real, files symlinks: later inputs and the env's own
    # files (pyvenv.cfg, bin/ wrappers) can then be placed anywhere in the tree.
    for entry in sorted(src.iterdir()):
        target = dest / entry.name
        if entry.is_symlink() and not os.path.isabs(os.readlink(entry)):
            # Relative links (lib64 -> lib, python3 -> python3.11) stay relative.
            if not (target.exists() or target.is_symlink()):
                target.symlink_to(os.readlink(entry))
                owners[target] = entry
            elif os.readlink(target) != os.readlink(entry) if target.is_symlink() else True:
                collisions.append(f"collision between `{owners.get(target, target)}' and `{entry}'")
        elif entry.is_dir():
            if target.is_dir() and not target.is_symlink():
                merge(entry, target, owners, collisions)
            elif target.exists() or target.is_symlink():
                collisions.append(f"collision between `{owners.get(target, target)}' and `{entry}'")
            else:
                target.mkdir()
                merge(entry, target, owners, collisions)
        elif target.exists() or target.is_symlink():
            if not same_file(target, entry):
                collisions.append(f"collision between `{owners.get(target, target)}' and `{entry}'")
        else:
            target.symlink_to(entry.resolve() if entry.is_symlink() else entry)
            owners[target] = entry


def main() -> int:
    out, *paths = sys.argv[1:]
    dest = Path(out)
    dest.mkdir(parents=True)
    owners: dict[Path, Path] = {}
    collisions: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            merge(Path(path), dest, owners, collisions)
    # nix-support holds each input's own build metadata, never part of an env.
    support = dest / "nix-support"
    if support.is_dir():
        for entry in support.iterdir():
            entry.unlink()
        support.rmdir()
    if collisions:
        for line in collisions:
            print(line, file=sys.stderr)
        if not os.environ.get("ignoreCollisions"):
            print("buildEnv error: collisions between files of the environment's inputs", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
