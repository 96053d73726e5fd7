"""`mach-nix db stats` and `mach-nix db verify`: read a whole database and report."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from mach_nix.db.format import decode_record, shard_of
from mach_nix.db.store import MANIFEST, ShardReader, load_shard, read_manifest
from mach_nix.errors import UserError


@dataclass
class Stats:
    packages: int = 0
    releases: int = 0
    files: int = 0
    wheels: int = 0
    sdists: int = 0
    analysed_wheels: int = 0
    unknown_requirements: int = 0
    unknown_build: int = 0
    bytes_compressed: int = 0
    bytes_raw: int = 0

    @property
    def bytes_per_release(self) -> float:
        return self.bytes_compressed / self.releases if self.releases else 0.0

    def lines(self) -> list[str]:
        return [
            f"packages            {self.packages}",
            f"releases            {self.releases}",
            f"files               {self.files} ({self.wheels} wheels, {self.sdists} sdists)",
            f"wheels ELF-analysed {self.analysed_wheels}",
            f"releases with unknown requirements   {self.unknown_requirements}",
            f"releases with unknown build system   {self.unknown_build}",
            f"bytes on disk       {self.bytes_compressed} (uncompressed {self.bytes_raw})",
            f"bytes per release   {self.bytes_per_release:.1f}",
        ]


def stats(root: Path) -> Stats:
    manifest = read_manifest(root)
    out = Stats(bytes_compressed=(root / MANIFEST).stat().st_size)
    for info in manifest.shard_table.values():
        raw = load_shard(root, info)
        out.bytes_compressed += info.size
        out.bytes_raw += len(raw)
        shard = ShardReader(raw)
        for name in shard.names():
            obj = shard.raw_record(name)
            assert obj is not None
            rec = decode_record(name, obj, manifest.codec())
            out.packages += 1
            out.releases += len(rec.releases)
            out.unknown_build += len(rec.build_unknown)
            for r in rec.releases:
                out.unknown_requirements += r.requires_dist is None
                for f in r.files:
                    out.files += 1
                    out.wheels += f.kind == "wheel"
                    out.sdists += f.kind == "sdist"
                    out.analysed_wheels += f.needs is not None
    return out


@dataclass
class Verification:
    shards: int = 0
    packages: int = 0
    problems: list[str] = field(default_factory=list)


def verify(root: Path) -> Verification:
    """Check every shard's digest and every record's decoding and placement."""
    manifest = read_manifest(root)
    out = Verification()
    for n, info in sorted(manifest.shard_table.items()):
        out.shards += 1
        try:
            shard = ShardReader(load_shard(root, info))
        except UserError as err:
            out.problems.append(str(err))
            continue
        except (ValueError, json.JSONDecodeError) as err:
            out.problems.append(f"{info.file}: cannot be read ({err})")
            continue
        names = set(shard.names())
        if names != set(info.packages):
            out.problems.append(f"{info.file}: package list differs from {MANIFEST}")
        for name in sorted(names):
            out.packages += 1
            if shard_of(name, manifest.shards) != n:
                out.problems.append(f"{info.file}: {name} is in the wrong shard")
            try:
                obj = shard.raw_record(name)
                assert obj is not None
                decode_record(name, obj, manifest.codec())
            except (ValueError, KeyError, IndexError, TypeError) as err:
                out.problems.append(f"{info.file}: record {name} is malformed ({err})")
    return out
