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
    for entry in sorted(src.iterdir()):
        target = dest / entry.name
        if entry.is_dir():
            if target.is_symlink() and target.resolve().is_dir():
                # Unfold a directory linked from an earlier input before merging into it.
                earlier = target.resolve()
                target.unlink()
                target.mkdir()
                merge(earlier, target, owners, collisions)
            if target.is_dir():
                merge(entry, target, owners, collisions)
            elif target.exists() or target.is_symlink():
                collisions.append(f"collision between `{owners.get(target)}' and `{entry}'")
            else:
                target.symlink_to(entry.resolve() if entry.is_symlink() else entry)
                owners[target] = entry
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
    if collisions:
        for line in collisions:
            print(line, file=sys.stderr)
        if not os.environ.get("ignoreCollisions"):
            print("buildEnv error: collisions between files of the environment's inputs", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
