"""nixpkgs' catch_conflicts.py, written anew: a distribution (its normalised
dist-info name) may appear in only one store path of $out and its
propagated-build-inputs closure; same version in two paths still fails.
Usage: catch_conflicts.py OUT SITE_PACKAGES"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib.metadata import PathDistribution
from pathlib import Path


@dataclass(frozen=True)
class Copy:
    version: str
    store_path: Path
    chain: tuple[str, ...]


def normalized(dist_info: Path) -> str:
    name = dist_info.name.removesuffix(".dist-info").split("-")[0]
    return re.sub(r"[-_.]+", "_", name).lower()


def propagated(path: Path) -> list[Path]:
    file = path / "nix-support" / "propagated-build-inputs"
    return [Path(p) for p in file.read_text().split()] if file.is_file() else []


def collect(out: Path, site_packages: str) -> dict[str, dict[Path, list[Copy]]]:
    found: dict[str, dict[Path, list[Copy]]] = {}
    stack: list[tuple[Path, tuple[str, ...]]] = [(out, (f"this derivation: {out}",))]
    # Each store path once (its first chain), so shared dependencies cost nothing.
    visited: set[Path] = set()
    while stack:
        path, chain = stack.pop(0)
        if path in visited:
            continue
        visited.add(path)
        site = path / site_packages
        if site.is_dir():
            for dist_info in sorted(site.glob("*.dist-info")):
                version = PathDistribution(dist_info).version
                copies = found.setdefault(normalized(dist_info), {}).setdefault(path, [])
                copies.append(Copy(version, path, chain))
        stack += [(dep, (*chain, str(dep))) for dep in propagated(path)]
    return found


def main() -> int:
    found = collect(Path(sys.argv[1]), sys.argv[2])
    failed = False
    for name, by_path in found.items():
        if len(by_path) > 1:
            failed = True
            print(f"Found duplicated packages in closure for dependency '{name}': ")
            for copies in by_path.values():
                for copy in copies:
                    print(f"  {name} {copy.version} ({copy.store_path})")
                    chain = "\n      ...depending on: ".join(copy.chain)
                    print(f"    dependency chain:\n      {chain}")
    if failed:
        print(
            "\nPackage duplicates found in closure, see above. Usually this happens if two "
            "packages depend on different version of the same dependency."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
