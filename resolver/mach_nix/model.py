"""The data every source of candidates hands to the resolver.

These dataclasses are the boundary between the indexes (database, packse
scenarios, a live PEP 691 index) and the resolver. They hold strings as the
standards spell them; parsing into `packaging` objects happens once, lazily,
in the resolver, so an index never pays for what a resolution does not touch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

FileKind = Literal["wheel", "sdist"]

_NORMALIZE = re.compile(r"[-_.]+")


def canonical_name(name: str) -> str:
    """PEP 503 normalised project name (also nixpkgs' attribute spelling)."""
    return _NORMALIZE.sub("-", name).lower()


# DistFile and Release are treated as immutable but not declared frozen: a
# frozen dataclass's __init__ goes through object.__setattr__ per field, about
# 7x slower, and the database decodes thousands of them per resolution.
# unsafe_hash keeps them hashable as before.
@dataclass(slots=True, unsafe_hash=True)
class DistFile:
    """One file of a release, as the index lists it."""

    filename: str
    url: str
    sha256: str
    kind: FileKind
    # PEP 592: False, True, or the yank reason (a non-empty string).
    yanked: bool | str = False
    # Per-file Requires-Python (PEP 503 data-requires-python); None: none given.
    requires_python: str | None = None
    # Sonames the wheel's ELF files need that neither the wheel bundles nor its
    # manylinux policy provides; None: not analysed.
    needs: tuple[str, ...] | None = None
    size: int | None = None


@dataclass(slots=True, unsafe_hash=True)
class Release:
    """One version of one project, with the metadata the resolver needs."""

    name: str  # canonical
    version: str
    # A tuple, or a sequence that decodes on first use (the database's).
    files: Sequence[DistFile]
    requires_python: str | None = None
    # Requires-Dist entries (PEP 508 strings, markers and extras included);
    # None: unknown (an sdist with dynamic metadata that was not built).
    requires_dist: tuple[str, ...] | None = ()
    # Provides-Extra (canonical extra names).
    extras: tuple[str, ...] = ()
    # An sdist's [build-system].requires; None: no pyproject.toml [build-system]
    # (PEP 517 says: fall back to setuptools' legacy backend).
    build_requires: tuple[str, ...] | None = None
    build_backend: str | None = None
    # The sdist's pyproject.toml was not read, so build_requires None means
    # "unknown", not "no [build-system]" (the resolver then warns).
    build_unknown: bool = False

    @property
    def wheels(self) -> tuple[DistFile, ...]:
        return tuple(f for f in self.files if f.kind == "wheel")

    @property
    def sdists(self) -> tuple[DistFile, ...]:
        return tuple(f for f in self.files if f.kind == "sdist")


@dataclass(frozen=True, slots=True)
class NixpkgsPackage:
    """One entry of the nixpkgs index: a package of `python.pkgs`."""

    attr: str
    pname: str  # canonical PyPI name
    version: str
    # Canonical names of the Python packages it propagates, when Nix knows them.
    dependencies: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class OverrideRule:
    """The part of an override rule the resolver matches (docs/overrides.md)."""

    id: str
    package: str  # canonical
    versions: str = ""  # PEP 440 specifier set; "" matches every version
    providers: tuple[str, ...] = ("wheel", "sdist", "nixpkgs")
    # Extra requirements the fix brings, resolved with everything else.
    build_system: tuple[str, ...] = ()
    dependencies: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
