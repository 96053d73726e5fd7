"""Schema `mach-nix/db/1`: how one project's releases are encoded in a shard.

A project record is a compact JSON object (positional lists, no repeated
keys) because bytes per release decide how far the format scales; see
docs/database.md for the field table. Encoding and decoding are pure and
exact inverses for everything `Release`/`DistFile` hold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from mach_nix.model import DistFile, Release

SCHEMA = "mach-nix/db/1"
# A resolution reads, checks and decompresses every shard one of its projects
# lives in; with 1024 shards that is ~12% of the top-1000 database for a
# 130-project set instead of ~70% with 128, for 2% more bytes in total. The
# reader takes the count from the manifest; `db update` re-shards a database
# written with another count.
DEFAULT_SHARDS = 1024
PYPI_FILES = "https://files.pythonhosted.org/packages/"

# Positions in an encoded release and file (docs/database.md).
R_VERSION, R_REQUIRES_PYTHON, R_REQUIRES_DIST, R_EXTRAS, R_BUILD, R_FILES = range(6)
F_NAME, F_URL, F_SHA256, F_YANKED, F_REQUIRES_PYTHON, F_SIZE, F_NEEDS, F_TARGETS = range(8)

# Build-system states of an encoded release (R_BUILD).
BUILD_UNKNOWN = 0  # the sdist's pyproject.toml was not read


@dataclass(frozen=True)
class Codec:
    """How records are encoded in, and decoded from, one database."""

    files_base: str = PYPI_FILES
    # Encoding: wheel filename -> bit mask of the database's targets (manifest
    # `policy.pythons` x `policy.systems`, in that order) that can use it.
    wheel_mask: Callable[[str], int] | None = None
    # Decoding: keep only wheels whose mask has this bit (None: keep every file).
    target_bit: int | None = None


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


def encode_file(f: DistFile, release_rp: str | None, codec: Codec) -> list[Any]:
    # Per-file Requires-Python is nearly always the release's: 0 means "same".
    rp: str | int | None = 0 if f.requires_python == release_rp else f.requires_python
    row: list[Any] = [
        f.filename,
        _short_url(f.url, codec.files_base),
        f.sha256,
        f.yanked if f.yanked else 0,
        rp,
        f.size,
        list(f.needs) if f.needs is not None else None,
    ]
    if codec.wheel_mask is not None and f.kind == "wheel":
        return [*row, codec.wheel_mask(f.filename)]
    while row and row[-1] is None and len(row) > F_YANKED + 1:
        row.pop()
    return row


def decode_file(row: list[Any], release_rp: str | None, files_base: str) -> DistFile:
    # The hot path of a database load (one call per file): positional
    # arguments, no keyword dispatch, no helper calls.
    n = len(row)
    name = row[0]
    url = row[1]
    yanked = row[3]
    rp = row[4] if n > 4 else None
    needs = row[6] if n > 6 else None
    return DistFile(
        name,
        url if "://" in url else files_base + url,
        row[2],
        "wheel" if name.endswith(".whl") else "sdist",
        yanked if yanked.__class__ is str else bool(yanked),
        release_rp if rp == 0 else rp,
        tuple(needs) if needs is not None else None,
        row[5] if n > 5 else None,
    )


def encode_release(r: Release, build_known: bool, codec: Codec) -> list[Any]:
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
        [encode_file(f, r.requires_python, codec) for f in r.files],
    ]


def decode_release(name: str, row: list[Any], codec: Codec) -> Release:
    rp = row[R_REQUIRES_PYTHON]
    rd = row[R_REQUIRES_DIST]
    build = row[R_BUILD]
    has_build = build.__class__ is list
    # Positional, in Release's field order: once per release of every project
    # a resolution touches, and keyword dispatch triples the call's cost.
    return Release(
        name,
        row[R_VERSION],
        LazyFiles(row[R_FILES], rp, codec.files_base, codec.target_bit),
        rp,  # requires_python
        tuple(rd) if rd is not None else None,  # requires_dist
        tuple(row[R_EXTRAS]),
        tuple(build[1:]) if has_build else None,  # build_requires
        build[0] if has_build else None,  # build_backend
        build == BUILD_UNKNOWN,  # build_unknown
    )


class LazyFiles(Sequence[DistFile]):
    """A release's files, decoded on first use.

    A resolution looks at the files of a few releases per project (the newest
    that fit) but loads every release; decoding files only when asked keeps
    that cost proportional to what the resolver touches. Compares and hashes
    like the tuple it stands for.
    """

    __slots__ = ("_files", "_files_base", "_release_rp", "_rows", "_target_bit")

    def __init__(
        self, rows: list[list[Any]], release_rp: str | None, files_base: str, target_bit: int | None
    ) -> None:
        self._rows = rows
        self._release_rp = release_rp
        self._files_base = files_base
        self._target_bit = target_bit
        self._files: tuple[DistFile, ...] | None = None

    def _decoded(self) -> tuple[DistFile, ...]:
        # The rows are kept after decoding: two threads (the crawler's) may
        # decode at once, and both must see them; they produce equal tuples.
        files = self._files
        if files is None:
            rp, base = self._release_rp, self._files_base
            kept = _kept_files(self._rows, self._target_bit)
            files = self._files = tuple(decode_file(f, rp, base) for f in kept)
        return files

    def __getitem__(self, index: Any) -> Any:
        return self._decoded()[index]

    def __len__(self) -> int:
        return len(self._decoded())

    def __iter__(self) -> Iterator[DistFile]:
        return iter(self._decoded())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyFiles):
            other = other._decoded()
        return isinstance(other, tuple) and self._decoded() == other

    def __hash__(self) -> int:
        return hash(self._decoded())

    def __repr__(self) -> str:
        return repr(self._decoded())


def _kept_files(rows: list[list[Any]], bit: int | None) -> list[list[Any]]:
    if bit is None:
        return rows
    # Rows without a mask (sdists, databases written without one) always match.
    kept = [f for f in rows if len(f) <= F_TARGETS or f[F_TARGETS] & bit]
    # A release with no wheel for the target keeps them all, so the resolver
    # can say why none fits (Requires-Python, platform) instead of "no wheel".
    return kept if any(len(f) > F_TARGETS for f in kept) else rows


def build_known(row: list[Any]) -> bool:
    return row[R_BUILD] != BUILD_UNKNOWN


def encode_record(rec: ProjectRecord, codec: Codec) -> dict[str, Any]:
    return {
        "r": [encode_release(r, r.version not in rec.build_unknown, codec) for r in rec.releases],
        "d": rec.page_digest,
        "t": rec.crawled_at,
    }


def decode_record(name: str, obj: dict[str, Any], codec: Codec) -> ProjectRecord:
    rows = obj["r"]
    return ProjectRecord(
        name=name,
        releases=tuple(decode_release(name, row, codec) for row in rows),
        page_digest=obj.get("d", ""),
        crawled_at=obj.get("t", ""),
        build_unknown=frozenset(row[R_VERSION] for row in rows if not build_known(row)),
    )
