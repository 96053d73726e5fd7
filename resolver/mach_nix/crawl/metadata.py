"""Core metadata (METADATA / PKG-INFO) and pyproject [build-system], parsed to plain data."""

from __future__ import annotations

import email.parser
import sys
from dataclasses import dataclass

from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True, slots=True)
class CoreMetadata:
    metadata_version: str
    version: str
    requires_python: str | None
    requires_dist: tuple[str, ...]
    extras: tuple[str, ...]
    dynamic: frozenset[str]  # lower-case field names (Metadata 2.2)

    @property
    def static_requirements(self) -> bool:
        """PEP 643: an sdist's Requires-Dist is reliable from Metadata 2.2 on unless Dynamic."""
        major, _, minor = self.metadata_version.partition(".")
        try:
            version = (int(major), int(minor or 0))
        except ValueError:
            return False
        return version >= (2, 2) and "requires-dist" not in self.dynamic


def parse_core_metadata(data: bytes) -> CoreMetadata:
    msg = email.parser.BytesHeaderParser().parsebytes(data)
    extras = sorted({str(canonicalize_name(e)) for e in msg.get_all("Provides-Extra") or []})
    return CoreMetadata(
        metadata_version=(msg.get("Metadata-Version") or "1.0").strip(),
        version=(msg.get("Version") or "").strip(),
        requires_python=(msg.get("Requires-Python") or "").strip() or None,
        requires_dist=tuple(r.strip() for r in msg.get_all("Requires-Dist") or []),
        extras=tuple(extras),
        dynamic=frozenset(d.strip().lower() for d in msg.get_all("Dynamic") or []),
    )


@dataclass(frozen=True, slots=True)
class BuildSystem:
    requires: tuple[str, ...] | None  # None: no [build-system] table
    backend: str | None


def parse_build_system(data: bytes | None) -> BuildSystem:
    """PEP 518/517 from an sdist's pyproject.toml (None: the sdist has none)."""
    if data is None:
        return BuildSystem(None, None)
    try:
        table = tomllib.loads(data.decode("utf-8", "replace")).get("build-system")
    except tomllib.TOMLDecodeError:
        return BuildSystem(None, None)
    if not isinstance(table, dict) or "requires" not in table:
        return BuildSystem(None, None)
    requires = table.get("requires") or []
    backend = table.get("build-backend")
    return BuildSystem(
        tuple(str(r) for r in requires if isinstance(r, str)),
        backend if isinstance(backend, str) else None,
    )
