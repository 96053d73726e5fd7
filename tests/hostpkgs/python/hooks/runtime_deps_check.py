"""The runtime-deps check of nixpkgs' hooks/python-runtime-deps-check-hook.py, written
anew: each Requires-Dist of the wheel whose marker holds (extras unset) must name an
installed distribution on PYTHONPATH whose version meets the specifier.
Usage: runtime_deps_check.py WHEEL"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from email.parser import Parser
from importlib.metadata import Distribution, PathDistribution


def wheel_metadata(wheel: str) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(
            n
            for n in archive.namelist()
            if n.count("/") == 1
            and n.split("/")[0].endswith(".dist-info")
            and n.endswith("/METADATA")
        )
        message = Parser().parsestr(archive.read(name).decode())
    return message.get_all("Requires-Dist") or []


def normalize(name: str) -> str:
    """PEP 503 form, which the messages use."""
    return re.sub(r"[-_.]+", "-", name).lower()


def find(name: str, path: list[str]) -> PathDistribution | None:
    found = list(Distribution.discover(name=name, path=path))
    return found[0] if found else None


def main() -> int:
    from packaging.requirements import Requirement
    from packaging.version import Version

    search = [p for p in os.environ.get("PYTHONPATH", "").split(":") if p]
    errors = []
    for line in wheel_metadata(sys.argv[1]):
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        dist = find(req.name, search)
        if dist is None:
            errors.append(f"  - {normalize(req.name)} not installed")
            continue
        version = Version(dist.version)
        if not req.specifier.contains(version, prereleases=True):
            errors.append(
                f"  - {normalize(req.name)}{req.specifier} not satisfied by version {version}"
            )
    if errors:
        for line in errors:
            print(line, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
