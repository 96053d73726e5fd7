"""Schema `mach-nix/db/1`: how one project's releases are encoded in a shard.

A project record is a compact JSON object (positional lists, no repeated
keys) because bytes per release decide how far the format scales; see
docs/database.md for the field table. Encoding and decoding are pure and
exact inverses for everything `Release`/`DistFile` hold.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from mach_nix.model import DistFile, Release

SCHEMA = "mach-nix/db/1"
DEFAULT_SHARDS = 128
PYPI_FILES = "https://files.pythonhosted.org/packages/"

# Positions in an encoded release and file (docs/database.md).
R_VERSION, R_REQUIRES_PYTHON, R_REQUIRES_DIST, R_EXTRAS, R_BUILD, R_FILES = range(6)
F_NAME, F_URL, F_SHA256, F_YANKED, F_REQUIRES_PYTHON, F_SIZE, F_NEEDS = range(7)

# Build-system states of an encoded release (R_BUILD).
BUILD_UNKNOWN = 0  # the sdist's pyproject.toml was not read


def shard_of(name: str, shards: int) -> int:
    """Shard number of a canonical project name: stable across runs and machines."""
    digest = hashlib.sha256(name.encode()).digest()
    return int.from_bytes(digest[:4], "big") % shards


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    """Everything the database keeps about one project."""

    name: str
    releases: tuple[Release, ...]
    # Crawl bookkeeping (incremental updates); the resolver ignores it.
    page_digest: str = ""
    crawled_at: str = ""
    # Versions whose sdist [build-system] was not read (unknown, not absent).
    build_unknown: frozenset[str] = field(default_factory=frozenset)


def _short_url(url: str, files_base: str) -> str:
    return url[len(files_base) :] if url.startswith(files_base) else url


def _long_url(url: str, files_base: str) -> str:
    return url if "://" in url else files_base + url


def encode_file(f: DistFile, release_rp: str | None, files_base: str) -> list[Any]:
    # Per-file Requires-Python is nearly always the release's: 0 means "same".
    rp: str | int | None = 0 if f.requires_python == release_rp else f.requires_python
    row: list[Any] = [
        f.filename,
        _short_url(f.url, files_base),
        f.sha256,
        f.yanked if f.yanked else 0,
        rp,
        f.size,
        list(f.needs) if f.needs is not None else None,
    ]
    while row and row[-1] is None and len(row) > F_YANKED + 1:
        row.pop()
    return row


def decode_file(row: list[Any], release_rp: str | None, files_base: str) -> DistFile:
    n = len(row)
    rp = row[F_REQUIRES_PYTHON] if n > F_REQUIRES_PYTHON else None
    needs = row[F_NEEDS] if n > F_NEEDS else None
    yanked = row[F_YANKED]
    return DistFile(
        filename=row[F_NAME],
        url=_long_url(row[F_URL], files_base),
        sha256=row[F_SHA256],
        kind="wheel" if row[F_NAME].endswith(".whl") else "sdist",
        yanked=yanked if isinstance(yanked, str) else bool(yanked),
        requires_python=release_rp if rp == 0 else rp,
        size=row[F_SIZE] if n > F_SIZE else None,
        needs=tuple(needs) if needs is not None else None,
    )


def encode_release(r: Release, build_known: bool, files_base: str) -> list[Any]:
    # R_BUILD: 0 = not read; null = no [build-system]; [backend, req...] otherwise.
    build: Any
    if not build_known:
        build = BUILD_UNKNOWN
    elif r.build_requires is None:
        build = None
    else:
        build = [r.build_backend, *r.build_requires]
    return [
        r.version,
        r.requires_python,
        list(r.requires_dist) if r.requires_dist is not None else None,
        list(r.extras),
        build,
        [encode_file(f, r.requires_python, files_base) for f in r.files],
    ]


def decode_release(name: str, row: list[Any], files_base: str) -> Release:
    rp = row[R_REQUIRES_PYTHON]
    rd = row[R_REQUIRES_DIST]
    build = row[R_BUILD]
    has_build = isinstance(build, list)
    return Release(
        name=name,
        version=row[R_VERSION],
        files=tuple(decode_file(f, rp, files_base) for f in row[R_FILES]),
        requires_python=rp,
        requires_dist=tuple(rd) if rd is not None else None,
        extras=tuple(row[R_EXTRAS]),
        build_requires=tuple(build[1:]) if has_build else None,
        build_backend=build[0] if has_build else None,
    )


def build_known(row: list[Any]) -> bool:
    return row[R_BUILD] != BUILD_UNKNOWN


def encode_record(rec: ProjectRecord, files_base: str) -> dict[str, Any]:
    return {
        "r": [
            encode_release(r, r.version not in rec.build_unknown, files_base) for r in rec.releases
        ],
        "d": rec.page_digest,
        "t": rec.crawled_at,
    }


def decode_record(name: str, obj: dict[str, Any], files_base: str) -> ProjectRecord:
    rows = obj["r"]
    return ProjectRecord(
        name=name,
        releases=tuple(decode_release(name, row, files_base) for row in rows),
        page_digest=obj.get("d", ""),
        crawled_at=obj.get("t", ""),
        build_unknown=frozenset(row[R_VERSION] for row in rows if not build_known(row)),
    )
