"""nixpkgs' catch_conflicts.py, written anew: a distribution (METADATA Name,
lowercased, '-' -> '_') may appear in only one store path of $out and its
propagated-build-inputs closure. Usage: catch_conflicts.py OUT SITE_PACKAGES"""

from __future__ import annotations

import sys
from email.parser import Parser
from pathlib import Path


def propagated(path: Path) -> list[Path]:
    file = path / "nix-support" / "propagated-build-inputs"
    return [Path(p) for p in file.read_text().split()] if file.is_file() else []


def main() -> int:
    out, site_packages = Path(sys.argv[1]), sys.argv[2]
    seen: dict[str, list[tuple[Path, list[Path]]]] = {}
    visited: set[Path] = set()
    stack: list[tuple[Path, list[Path]]] = [(out, [out])]
    while stack:
        path, chain = stack.pop(0)
        if path in visited:
            continue
        visited.add(path)
        site = path / site_packages
        if site.is_dir():
            for meta in sorted(site.glob("*.dist-info/METADATA")):
                name = Parser().parsestr(meta.read_text(errors="replace"))["Name"]
                if name:
                    key = name.lower().replace("-", "_")
                    if all(p != path for p, _ in seen.get(key, [])):
                        seen.setdefault(key, []).append((path, chain))
        stack += [(dep, [*chain, dep]) for dep in propagated(path)]
    failed = False
    for name, copies in sorted(seen.items()):
        if len(copies) > 1:
            failed = True
            print(f"Found duplicated packages in closure for dependency '{name}':", file=sys.stderr)
            for path, chain in copies:
                print(f"  {path}", file=sys.stderr)
                print(
                    f"    dependency chain: {' -> '.join(str(p) for p in chain)}", file=sys.stderr
                )
    if failed:
        print(
            "\nPackage duplicates found in closure, see above. Usually this happens if two "
            "packages depend on different version of the same dependency.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
