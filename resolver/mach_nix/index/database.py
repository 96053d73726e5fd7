"""The pinned database as an Index: loads only the shards a resolution touches."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mach_nix.db.format import ProjectRecord, decode_record, shard_of
from mach_nix.db.store import Manifest, ShardReader, load_shard, read_manifest
from mach_nix.model import Release, canonical_name
from mach_nix.target import Target


class DatabaseIndex:
    """Releases from a database directory (schema mach-nix/db/1).

    Shards are read, digest-checked and decompressed on first use; a project
    is decoded on first lookup and memoised.
    """

    def __init__(self, root: Path, manifest: Manifest, target: Target | None = None) -> None:
        self.root = root
        self.manifest = manifest
        # With a target, wheels no interpreter/system of it can use are skipped
        # while decoding (cheaper loads and fewer files for the resolver).
        self._codec = manifest.codec(target)
        self._shards: dict[int, ShardReader | None] = {}
        self._records: dict[str, ProjectRecord | None] = {}

    def _shard(self, name: str) -> ShardReader | None:
        n = shard_of(name, self.manifest.shards)
        if n not in self._shards:
            info = self.manifest.shard_table.get(n)
            self._shards[n] = ShardReader(load_shard(self.root, info)) if info else None
        return self._shards[n]

    def record(self, name: str) -> ProjectRecord | None:
        name = canonical_name(name)
        if name not in self._records:
            shard = self._shard(name)
            obj = shard.raw_record(name) if shard else None
            self._records[name] = decode_record(name, obj, self._codec) if obj is not None else None
        return self._records[name]

    def releases(self, name: str) -> Sequence[Release]:
        rec = self.record(name)
        return rec.releases if rec else ()

    def __contains__(self, name: str) -> bool:
        info = self.manifest.shard_for(canonical_name(name))
        return info is not None and canonical_name(name) in info.packages

    def describe(self) -> str:
        return f"database snapshot of {self.manifest.crawled_at[:10]} ({self.root})"


def open_database(path: Path | str | None = None, target: Target | None = None) -> DatabaseIndex:
    """Open the database at `path` (default: docs/database.md, "Where it lives").

    `target`: only wheels some tag of which that target's Python and system
    could accept are returned (sdists always are); the resolver still checks
    each wheel's tags against the target's glibc/macOS version.
    """
    if path is None:
        from mach_nix.db.location import default_database

        path = default_database()
    root = Path(path)
    return DatabaseIndex(root, read_manifest(root), target)
