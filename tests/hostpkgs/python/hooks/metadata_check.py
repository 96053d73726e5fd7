"""The metadata check of nixpkgs-unstable (2026), written anew: the distribution
installed in $out is found by `pname` (with the normalising lookup of
importlib.metadata) and its METADATA version equals `version` under PEP 440
(versions containing `unstable-` skip the comparison).
Usage: metadata_check.py SITE_PACKAGES PNAME VERSION"""

from __future__ import annotations

import sys
from importlib.metadata import Distribution


def main() -> int:
    site, pname, version = sys.argv[1:]
    found = list(Distribution.discover(name=pname, path=[site]))
    if not found:
        print(
            f"pythonMetadataCheck: no distribution named '{pname}' (the package's pname) "
            f"is installed in {site}; pname must be the project's PyPI name",
            file=sys.stderr,
        )
        return 1
    if "unstable-" in version:
        return 0
    from packaging.version import InvalidVersion, Version

    installed = found[0].version
    try:
        same = Version(installed) == Version(version)
    except InvalidVersion:
        same = installed == version
    if not same:
        print(
            f"pythonMetadataCheck: version '{version}' does not match the installed "
            f"metadata version '{installed}' of {pname}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
