"""Per-release network work: core metadata, sdist build system, wheel ELF needs."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath

from mach_nix.crawl.build_metadata import BuildError
from mach_nix.crawl.build_metadata import build_metadata as build_metadata_from_sdist
from mach_nix.crawl.elf import needed_sonames
from mach_nix.crawl.http import Client, HttpError
from mach_nix.crawl.manylinux import is_provided
from mach_nix.crawl.metadata import CoreMetadata, parse_build_system, parse_core_metadata
from mach_nix.crawl.remote_zip import RemoteZip, ZipFormatError, scan_members
from mach_nix.crawl.sdist import read_sdist_head
from mach_nix.index.pep691 import IndexFile

# PyPI serves PEP 658 metadata for every wheel (backfilled in 2023), also where a
# mirror's HTML page does not advertise it; elsewhere only advertised files are tried.
PEP658_HOSTS = ("files.pythonhosted.org",)


@dataclass(frozen=True, slots=True)
class ReleaseMetadata:
    metadata: CoreMetadata | None
    # requires_dist is trustworthy (a wheel, or a static sdist PKG-INFO).
    reliable: bool
    build_known: bool
    build_requires: tuple[str, ...] | None = None
    build_backend: str | None = None


def _is_dist_info_metadata(name: str) -> bool:
    parts = name.split("/")
    return len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == "METADATA"


def wheel_metadata(client: Client, f: IndexFile) -> bytes | None:
    if f.has_metadata or any(h in f.url for h in PEP658_HOSTS):
        try:
            return client.request(f.url + ".metadata").body
        except HttpError as err:
            if err.status not in (403, 404):
                raise
    try:
        archive = RemoteZip(client, f.url)
    except ZipFormatError:
        return None
    members = archive.find(_is_dist_info_metadata)
    return archive.read(members[0]) if members else None


def _metadata_file(files: Sequence[IndexFile]) -> IndexFile | None:
    def rank(f: IndexFile) -> tuple[int, int, str]:
        is_wheel = f.filename.endswith(".whl")
        pure = f.filename.endswith("-none-any.whl")
        return (0 if f.has_metadata else 1, 0 if pure else 1 if is_wheel else 2, f.filename)

    wheels_first = sorted(files, key=rank)
    return wheels_first[0] if wheels_first else None


def fetch_release_metadata(
    client: Client, files: Sequence[IndexFile], want_build: bool, build_metadata: bool = False
) -> ReleaseMetadata:
    """Metadata from the cheapest file; the sdist's head too when `want_build`."""
    source = _metadata_file(files)
    sdist = next((f for f in files if not f.filename.endswith(".whl")), None)
    meta: CoreMetadata | None = None
    reliable = False
    if source is not None and source.filename.endswith(".whl"):
        raw = wheel_metadata(client, source)
        if raw is not None:
            meta, reliable = parse_core_metadata(raw), True
    if sdist is None or (not want_build and meta is not None):
        return ReleaseMetadata(meta, reliable, build_known=sdist is None)
    head = read_sdist_head(client, sdist.url, sdist.filename)
    if meta is None and head.pkg_info is not None:
        meta = parse_core_metadata(head.pkg_info)
        reliable = meta.static_requirements
    build = parse_build_system(head.pyproject)
    if build_metadata and not reliable and head.pkg_info is not None:
        try:
            meta, reliable = (
                build_metadata_from_sdist(client, sdist.url, sdist.filename, build),
                True,
            )
        except BuildError as err:
            print(f"warning: --build-metadata: {err}", file=sys.stderr)
    # No pyproject.toml means no [build-system] only if the whole archive was
    # seen and its layout understood (PKG-INFO found); a tarball cut off by
    # the stream cap, or unreadable, leaves it unknown.
    known = head.pyproject is not None or (head.complete and head.pkg_info is not None)
    return ReleaseMetadata(meta, reliable, known, build.requires, build.backend)


@dataclass(frozen=True, slots=True)
class WheelAnalysis:
    needs: tuple[str, ...]
    bytes: int
    seconds: float


def _is_elf_candidate(name: str) -> bool:
    base = PurePosixPath(name).name
    return (base.endswith(".so") or ".so." in base) and ".dist-info/" not in name


def analyse_wheel(client: Client, f: IndexFile) -> WheelAnalysis:
    """Sonames the wheel's ELF files need beyond what it bundles and manylinux allows."""
    started = time.monotonic()
    archive = RemoteZip(client, f.url)
    members = archive.find(_is_elf_candidate)
    bundled = {PurePosixPath(m.name).name for m in members}
    needed: set[str] = set()
    for m, chunks in scan_members(archive, members):
        names = needed_sonames(chunks, partial(archive.stream, m))
        needed.update(names or ())
    needs = tuple(sorted(n for n in needed if n not in bundled and not is_provided(n)))
    return WheelAnalysis(needs, archive.fetched, time.monotonic() - started)


def is_linux_binary_wheel(filename: str) -> bool:
    return filename.endswith(".whl") and "linux" in filename and "-none-any" not in filename
