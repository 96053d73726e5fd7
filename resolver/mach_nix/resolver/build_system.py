"""An sdist's build requirements: its own, a sibling release's, or PEP 517's fallback.

The database reads the `[build-system]` of a few releases per project only
(crawling sdists is slow), but constraints often pick an older sdist. Build
systems change rarely and mostly between series, so an unread release takes
the nearest read release of the same project: same major.minor series first,
then newer, then older (a newer release's backend is likelier to still be
installable than an ancient one's). From another series only the projects
are taken, not their version bounds: a newer series' `cython>=3.1` is no
evidence about an older one and would rule out releases that build fine.
Only when no release was read does PEP 517's setuptools fallback apply.
Either way the resolver warns, naming both versions. Then the backend's own
additions (mach_nix.backends) are added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from packaging.version import Version

from mach_nix.backends import BackendTable, build_requirements
from mach_nix.model import Release
from mach_nix.resolver import specs


@dataclass(frozen=True, slots=True)
class BuildSystem:
    requires: tuple[str, ...]  # PEP 508, the backend's additions included
    backend: str | None
    warning: str | None = None


def nearest_known(release: Release, siblings: Sequence[Release]) -> Release | None:
    """The release of the same project whose sdist build system is known, nearest first."""
    own = specs.version(release.version)
    if own is None:
        return None
    known = [
        (v, r)
        for r in siblings
        if r.sdists and not r.build_unknown and (v := specs.version(r.version)) is not None
    ]
    if not known:
        return None
    ordered = sorted({v for v, _ in known} | {own})
    rank = {v: i for i, v in enumerate(ordered)}

    def key(item: tuple[Version, Release]) -> tuple[bool, bool, int]:
        v = item[0]
        same_series = v.release[:2] == own.release[:2]
        return (not same_series, v < own, abs(rank[v] - rank[own]))

    return min(known, key=key)[1]


def _same_series(a: Release, b: Release) -> bool:
    va, vb = specs.version(a.version), specs.version(b.version)
    return va is not None and vb is not None and va.release[:2] == vb.release[:2]


def _without_bounds(text: str) -> str:
    """A PEP 508 requirement with its version specifier dropped (extras, marker kept)."""
    req = specs.requirement(text)
    if req is None:
        return text
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    marker = f"; {req.marker}" if req.marker is not None else ""
    return f"{req.name}{extras}{marker}"


def _describe(requires: tuple[str, ...] | None, backend: str | None) -> str:
    if requires is None:
        return "no [build-system]: the PEP 517 fallback, setuptools"
    return f"{backend or 'no build-backend'}: {', '.join(requires) or 'no requirements'}"


def build_system_of(
    release: Release, siblings: Sequence[Release], table: BackendTable
) -> BuildSystem:
    """How the sdist of `release` is built; `siblings`: every release of its project."""
    source: Release = release
    warning = None
    if release.build_unknown:
        found = nearest_known(release, siblings)
        if found is None:
            warning = (
                f"{release.name} {release.version}: build system unknown (the index did not "
                "read the pyproject.toml of any of its sdists), so it is built with the PEP 517 "
                "fallback, setuptools, which fails if the project uses another backend; give "
                "its build-system in an override rule (docs/overrides.md) or take it as a "
                "wheel or from nixpkgs (providers)"
            )
        else:
            source = found
            bounds = "" if _same_series(release, found) else ", without its version bounds"
            warning = (
                f"{release.name} {release.version}: build system unknown (the index did not "
                f"read its sdist's pyproject.toml); taken from {release.name} {found.version} "
                f"({_describe(found.build_requires, found.build_backend)}){bounds}; if the "
                "build fails, give its build-system in an override rule (docs/overrides.md)"
            )
    requires = source.build_requires
    if requires is not None and not _same_series(release, source):
        requires = tuple(map(_without_bounds, requires))
    backend = source.build_backend
    return BuildSystem(build_requirements(requires, backend, table), backend, warning)
