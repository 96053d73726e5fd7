"""Reading and writing a database directory: manifest plus content-addressed shards.

Layout (docs/database.md):

    manifest.json               schema, index, crawl time, shard table
    shards/NN-<sha16>.zst       zstd( header-json "\\n" record-json... )

A shard's file name carries its digest, so a new database version writes new
shard files next to the old ones and then swaps `manifest.json` atomically:
a crash at any point leaves the previous manifest and every shard it names
intact. Unreferenced shards are removed only after the swap.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import zstandard

from mach_nix.db.format import (
    DEFAULT_SHARDS,
    PYPI_FILES,
    SCHEMA,
    Codec,
    ProjectRecord,
    decode_record,
    encode_record,
    shard_of,
)
from mach_nix.errors import UserError
from mach_nix.target import Target

MANIFEST = "manifest.json"
SHARD_DIR = "shards"
ZSTD_LEVEL = 19


@dataclass(frozen=True)
class ShardInfo:
    file: str  # relative to the database directory
    sha256: str
    size: int
    packages: tuple[str, ...]


@dataclass(frozen=True)
class Manifest:
    index_url: str
    crawled_at: str
    shards: int = DEFAULT_SHARDS
    files_base: str = PYPI_FILES
    # What the crawl kept (targets, release policy): documentation for users.
    policy: Mapping[str, Any] = field(default_factory=dict)
    shard_table: Mapping[int, ShardInfo] = field(default_factory=dict)
    # The targets wheel masks refer to (bit = python index * len(systems) +
    # system index); None: the shards carry no masks.
    wheel_targets: Mapping[str, Sequence[str]] | None = None
    schema: str = SCHEMA

    def codec(self, target: Target | None = None) -> Codec:
        """How to decode this database's shards, keeping only `target`'s wheels."""
        return Codec(self.files_base, target_bit=self._bit(target) if target else None)

    def _bit(self, target: Target) -> int | None:
        if not self.wheel_targets:
            return None
        pythons, systems = self.wheel_targets["pythons"], self.wheel_targets["systems"]
        if target.python_version not in pythons or target.system not in systems:
            return None  # a target the crawl did not cover: no filtering
        return 1 << (
            pythons.index(target.python_version) * len(systems) + systems.index(target.system)
        )

    def shard_for(self, name: str) -> ShardInfo | None:
        return self.shard_table.get(shard_of(name, self.shards))

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(sorted(p for s in self.shard_table.values() for p in s.packages))

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "index_url": self.index_url,
            "crawled_at": self.crawled_at,
            "files_base": self.files_base,
            "policy": dict(self.policy),
            "shards": self.shards,
            **({"wheel_targets": dict(self.wheel_targets)} if self.wheel_targets else {}),
            "shard_table": {
                f"{n:02x}": {
                    "file": s.file,
                    "sha256": s.sha256,
                    "size": s.size,
                    "packages": list(s.packages),
                }
                for n, s in sorted(self.shard_table.items())
            },
        }


def _manifest_from_json(obj: Any, where: Path) -> Manifest:
    if not isinstance(obj, dict) or obj.get("schema") != SCHEMA:
        found = obj.get("schema") if isinstance(obj, dict) else None
        raise UserError(
            f"{where}: not a mach-nix database of schema {SCHEMA} (found {found!r}); "
            "rebuild it with `mach-nix db update`"
        )
    table = {
        int(k, 16): ShardInfo(v["file"], v["sha256"], v["size"], tuple(v["packages"]))
        for k, v in obj["shard_table"].items()
    }
    return Manifest(
        index_url=obj["index_url"],
        crawled_at=obj["crawled_at"],
        shards=obj["shards"],
        files_base=obj["files_base"],
        policy=obj.get("policy", {}),
        shard_table=table,
        wheel_targets=obj.get("wheel_targets"),
    )


def read_manifest(root: Path) -> Manifest:
    path = root / MANIFEST
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            f"{root}: no database here ({MANIFEST} missing); create one with "
            "`mach-nix db update NAME... --db " + str(root) + "`"
        ) from None
    try:
        obj = json.loads(text)
    except ValueError as err:
        raise UserError(f"{path}: not valid JSON ({err}); run `mach-nix db verify`") from None
    return _manifest_from_json(obj, path)


def _split_shard(raw: bytes) -> tuple[dict[str, list[int]], memoryview]:
    header_end = raw.index(b"\n")
    return json.loads(raw[:header_end]), memoryview(raw)[header_end + 1 :]


class ShardError(UserError):
    """A shard that is missing or does not match its recorded digest."""


def load_shard(root: Path, info: ShardInfo) -> bytes:
    """The decompressed shard, after checking its digest against the manifest."""
    path = root / info.file
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ShardError(
            f"database {root}: shard {info.file} is missing; run `mach-nix db verify` "
            "and re-crawl with `mach-nix db update`"
        ) from None
    if hashlib.sha256(data).hexdigest() != info.sha256:
        raise ShardError(
            f"database {root}: shard {info.file} does not match its digest in "
            f"{MANIFEST} (corrupted or edited); run `mach-nix db verify` and re-crawl "
            "with `mach-nix db update`"
        )
    return zstandard.ZstdDecompressor().decompress(data)


class ShardReader:
    """One decompressed shard; decodes a project only when asked for it."""

    def __init__(self, raw: bytes) -> None:
        self._header, self._body = _split_shard(raw)

    def names(self) -> Iterable[str]:
        return self._header.keys()

    def raw_record(self, name: str) -> dict[str, Any] | None:
        span = self._header.get(name)
        if span is None:
            return None
        start, length = span
        return json.loads(bytes(self._body[start : start + length]))


def encode_shard(records: Iterable[tuple[str, dict[str, Any]]]) -> bytes:
    header: dict[str, list[int]] = {}
    blobs: list[bytes] = []
    offset = 0
    for name, obj in sorted(records):
        blob = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()
        header[name] = [offset, len(blob)]
        blobs.append(blob)
        offset += len(blob)
    head = json.dumps(header, separators=(",", ":")).encode()
    raw = head + b"\n" + b"".join(blobs)
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(raw)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates 0600; a database is shared data (git, Nix store).
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_database(
    root: Path,
    records: Mapping[str, ProjectRecord],
    index_url: str,
    crawled_at: str,
    policy: Mapping[str, Any],
    shards: int = DEFAULT_SHARDS,
    files_base: str = PYPI_FILES,
    unchanged: Mapping[int, ShardInfo] | None = None,
    wheel_targets: Mapping[str, Sequence[str]] | None = None,
    wheel_mask: Callable[[str], int] | None = None,
) -> Manifest:
    """Write `records` as a new version of the database at `root`, atomically.

    `unchanged`: shards known to hold exactly these records already (from the
    previous manifest), reused without re-encoding: checkpoints stay cheap.
    """
    unchanged = unchanged or {}
    codec = Codec(files_base, wheel_mask=wheel_mask)
    by_shard: dict[int, list[str]] = {}
    for name in records:
        by_shard.setdefault(shard_of(name, shards), []).append(name)
    table: dict[int, ShardInfo] = {}
    for n, names in sorted(by_shard.items()):
        if n in unchanged and set(unchanged[n].packages) == set(names):
            table[n] = unchanged[n]
            continue
        items = [(name, encode_record(records[name], codec)) for name in names]
        data = encode_shard(items)
        digest = hashlib.sha256(data).hexdigest()
        rel = f"{SHARD_DIR}/{n:02x}-{digest[:16]}.zst"
        if not (root / rel).exists():
            atomic_write(root / rel, data)
        table[n] = ShardInfo(rel, digest, len(data), tuple(sorted(names)))
    manifest = Manifest(
        index_url=index_url,
        crawled_at=crawled_at,
        shards=shards,
        files_base=files_base,
        policy=policy,
        shard_table=table,
        wheel_targets=wheel_targets if wheel_mask is not None else None,
    )
    text = json.dumps(manifest.to_json(), indent=1, sort_keys=True) + "\n"
    atomic_write(root / MANIFEST, text.encode())
    _remove_unreferenced(root, {s.file for s in table.values()})
    return manifest


def _remove_unreferenced(root: Path, keep: set[str]) -> None:
    shard_dir = root / SHARD_DIR
    for path in shard_dir.glob("*.zst"):
        if f"{SHARD_DIR}/{path.name}" not in keep:
            path.unlink(missing_ok=True)


def read_all_records(root: Path) -> tuple[Manifest, dict[str, ProjectRecord]]:
    """Every project of the database at `root` (for updates and stats)."""
    manifest = read_manifest(root)
    out: dict[str, ProjectRecord] = {}
    for info in manifest.shard_table.values():
        shard = ShardReader(load_shard(root, info))
        for name in shard.names():
            obj = shard.raw_record(name)
            assert obj is not None
            out[name] = decode_record(name, obj, manifest.codec())
    return manifest, out
