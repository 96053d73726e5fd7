"""Merges store trees into one tree for python.buildEnv, as nixpkgs'
pkgs/build-support/buildenv does: a file path claimed by two inputs with different
contents is a collision (fatal unless $ignoreCollisions); identical files pass.
Directories are always real and files symlinks, so the env's own files
(pyvenv.cfg, bin/ wrappers) can be placed anywhere in the tree.
Usage: build_env.py OUT PATH..."""

from __future__ import annotations

import filecmp
import os
import sys
from pathlib import Path


def same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve() or (
        a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)
    )


class Merger:
    def __init__(self) -> None:
        self.owners: dict[Path, Path] = {}
        self.collisions: list[str] = []

    def collide(self, target: Path, entry: Path) -> None:
        self.collisions.append(
            f"collision between `{self.owners.get(target, target)}' and `{entry}'"
        )

    def merge_dir(self, src: Path, dest: Path) -> None:
        for entry in sorted(src.iterdir()):
            self.merge_entry(entry, dest / entry.name)

    def merge_entry(self, entry: Path, target: Path) -> None:
        taken = target.exists() or target.is_symlink()
        if entry.is_symlink() and not os.path.isabs(os.readlink(entry)):
            # Relative links (lib64 -> lib, python3 -> python3.11) stay relative.
            if not taken:
                target.symlink_to(os.readlink(entry))
                self.owners[target] = entry
            elif not target.is_symlink() or os.readlink(target) != os.readlink(entry):
                self.collide(target, entry)
        elif entry.is_dir():
            if not taken:
                target.mkdir()
                self.merge_dir(entry, target)
            elif target.is_dir() and not target.is_symlink():
                self.merge_dir(entry, target)
            else:
                self.collide(target, entry)
        elif not taken:
            target.symlink_to(entry.resolve() if entry.is_symlink() else entry)
            self.owners[target] = entry
        elif not same_file(target, entry):
            self.collide(target, entry)


def main() -> int:
    out, *paths = sys.argv[1:]
    dest = Path(out)
    dest.mkdir(parents=True)
    merger = Merger()
    for path in map(Path, paths):
        if path.is_dir():
            for entry in sorted(path.iterdir()):
                # nix-support holds each input's own build metadata, never part of an env.
                if entry.name != "nix-support":
                    merger.merge_entry(entry, dest / entry.name)
    if merger.collisions:
        for line in merger.collisions:
            print(line, file=sys.stderr)
        if not os.environ.get("ignoreCollisions"):  # noqa: SIM112 (a Nix attribute name)
            print(
                "buildEnv error: collisions between files of the environment's inputs",
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
