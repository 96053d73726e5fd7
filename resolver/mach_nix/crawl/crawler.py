"""The crawl loop: follow a requirement closure through an index into a database.

Work runs on a bounded thread pool (pages, release metadata, wheel analyses);
the main thread owns all state, assembles project records and expands the
closure. Finished projects are checkpointed into the database every
`checkpoint` seconds and at the end, each time atomically (db/store.py), so an
interrupted crawl loses at most the projects in flight, and a resumed crawl
skips every project whose page is unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from mach_nix.crawl.closure import MarkerCache, followed
from mach_nix.crawl.fetch import (
    ReleaseMetadata,
    WheelAnalysis,
    analyse_wheel,
    fetch_release_metadata,
    is_linux_binary_wheel,
)
from mach_nix.crawl.http import Client
from mach_nix.crawl.policy import Policy, build_info_versions, group_files, select_versions
from mach_nix.crawl.progress import Progress
from mach_nix.db.format import DEFAULT_SHARDS, ProjectRecord, shard_of
from mach_nix.db.store import MANIFEST, ShardInfo, read_all_records, write_database
from mach_nix.index.pep691 import IndexFile, ProjectPage, fetch_project
from mach_nix.model import DistFile, Release


@dataclass
class CrawlStats:
    pages: int = 0
    unchanged_projects: set[str] = field(default_factory=set)
    releases_fetched: int = 0
    releases_reused: int = 0
    wheels_analysed: int = 0
    analysis_bytes: int = 0
    analysis_seconds: float = 0.0
    missing: list[str] = field(default_factory=list)
    unknown_deps: int = 0
    # Every project the crawl reached (crawled, unchanged or known elsewhere).
    projects: set[str] = field(default_factory=set)

    @property
    def unchanged(self) -> int:
        """Projects whose index page and kept releases were as in the database."""
        return len(self.unchanged_projects)


@dataclass
class _Pending:
    """A project whose page arrived and whose release work is in flight."""

    page: ProjectPage
    versions: list[Version]
    files: dict[Version, list[IndexFile]]
    metadata: dict[Version, ReleaseMetadata | Release] = field(default_factory=dict)
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    outstanding: int = 0


def _same_version(text: str, version: Version) -> bool:
    try:
        return Version(text) == version
    except InvalidVersion:
        return False


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dist_file(f: IndexFile, needs: tuple[str, ...] | None) -> DistFile:
    return DistFile(
        filename=f.filename,
        url=f.url,
        sha256=f.sha256,
        kind="wheel" if f.filename.endswith(".whl") else "sdist",
        yanked=f.yanked,
        requires_python=f.requires_python,
        needs=needs,
        size=f.size,
    )


class Crawler:
    def __init__(
        self,
        root: Path,
        index_url: str,
        policy: Policy,
        client: Client | None = None,
        jobs: int = 8,
        elf_jobs: int = 3,
        known: Callable[[str], bool] | None = None,
        checkpoint: float = 60.0,
        progress: Progress | None = None,
    ) -> None:
        self.root = root
        self.index_url = index_url
        self.policy = policy
        self.client = client or Client()
        self.jobs = jobs
        self.elf_jobs = elf_jobs
        # Projects another database already covers (with their closure): not crawled.
        self.known = known or (lambda name: False)
        self.checkpoint = checkpoint
        self.progress = progress or Progress()
        self.stats = CrawlStats()
        self.records: dict[str, ProjectRecord] = {}
        self.markers = MarkerCache(t.marker_environment for t in policy.targets)
        self._saved: dict[int, ShardInfo] = {}
        self._dirty: set[str] = set()
        if (root / MANIFEST).exists():
            manifest, self.records = read_all_records(root)
            # Shards are reused as they are only when their wheel masks mean the same.
            if (
                manifest.shards == DEFAULT_SHARDS
                and manifest.wheel_targets == policy.wheel_targets()
            ):
                self._saved = dict(manifest.shard_table)

    # -- per-project work ------------------------------------------------------

    def _release_job(self, files: list[IndexFile], want_build: bool) -> ReleaseMetadata:
        try:
            return fetch_release_metadata(
                self.client, files, want_build, self.policy.build_metadata
            )
        except Exception as err:
            # One broken or unreachable file (bad zip, odd metadata, a server
            # giving up on it) must not end an hour-long crawl: that release's
            # requirements stay unknown and the crawl says so.
            if not self.client.cancelled:
                self.progress.done(f"warning: {files[0].filename}: {err}")
            return ReleaseMetadata(None, reliable=False, build_known=False)

    def _wheel_job(self, f: IndexFile) -> WheelAnalysis | None:
        try:
            return analyse_wheel(self.client, f)
        except Exception as err:  # as for release metadata
            if not self.client.cancelled:
                self.progress.done(f"warning: {f.filename}: not analysed: {err}")
            return None

    def _reusable(
        self, name: str, version: Version, files: list[IndexFile], read_build: bool
    ) -> Release | None:
        old = self.records.get(name)
        if old is None:
            return None
        for r in old.releases:
            if Version(r.version) == version:
                same = {f.sha256 for f in r.files} == {f.sha256 for f in files}
                # A release whose build system is now wanted but was not read is read again.
                unread = read_build and r.version in old.build_unknown and bool(r.sdists)
                return r if same and not self._wants_build(r) and not unread else None
        return None

    def _wants_build(self, r: Release) -> bool:
        """An unknown-requirements release that --build-metadata should build now."""
        return self.policy.build_metadata and r.requires_dist is None and bool(r.sdists)

    def _known_needs(self, name: str, f: IndexFile) -> tuple[str, ...] | None:
        old = self.records.get(name)
        if old is None:
            return None
        for r in old.releases:
            for g in r.files:
                if g.sha256 == f.sha256:
                    return g.needs
        return None

    def _assemble(self, name: str, p: _Pending) -> ProjectRecord:
        releases: list[Release] = []
        build_unknown: set[str] = set()
        for v in p.versions:
            got = p.metadata[v]
            if isinstance(got, Release):
                if any(f.filename in p.needs for f in got.files):
                    got = replace(
                        got,
                        files=tuple(
                            replace(f, needs=p.needs[f.filename]) if f.filename in p.needs else f
                            for f in got.files
                        ),
                    )
                releases.append(got)
                old = self.records[name]
                if got.version in old.build_unknown:
                    build_unknown.add(got.version)
                continue
            meta = got.metadata
            files = p.files[v]
            rp = meta.requires_python if meta else None
            rp = rp or next((f.requires_python for f in files if f.requires_python), None)
            if not self.policy.python_ok(rp):
                continue
            # The metadata's spelling of the version, unless it disagrees with the filename.
            version = meta.version if meta and _same_version(meta.version, v) else str(v)
            if not got.reliable:
                self.stats.unknown_deps += 1
            releases.append(
                Release(
                    name=name,
                    version=version,
                    files=tuple(_dist_file(f, p.needs.get(f.filename)) for f in files),
                    requires_python=rp,
                    requires_dist=meta.requires_dist if meta and got.reliable else None,
                    extras=meta.extras if meta else (),
                    build_requires=got.build_requires,
                    build_backend=got.build_backend,
                    build_unknown=not got.build_known,
                )
            )
            if not got.build_known:
                build_unknown.add(version)
        return ProjectRecord(
            name=name,
            releases=tuple(releases),
            page_digest=p.page.digest,
            crawled_at=_now(),
            build_unknown=frozenset(build_unknown),
        )

    # -- the loop --------------------------------------------------------------

    def run(
        self,
        roots: Iterable[tuple[str, frozenset[str]]],
        specifiers: Mapping[str, Iterable[str]] | None = None,
    ) -> CrawlStats:
        """Crawl `roots` (name, extras) and their closure.

        `specifiers`: per root, version ranges whose best match must be kept
        (like the closure's own specifiers; `==` pins are the policy's `pins`).
        """
        wanted: dict[str, set[str]] = {}
        expanded: dict[str, set[str]] = {}
        # Specifiers the closure puts on each project, and the versions tried
        # for it in this crawl (a tried version that was dropped stays dropped).
        specs: dict[str, set[str]] = {}
        tried: dict[str, set[Version]] = {}
        seen: dict[str, tuple[ProjectPage, dict[Version, list[IndexFile]]]] = {}
        pending: dict[str, _Pending] = {}
        futures: dict[Future[Any], tuple[str, str, Any]] = {}
        last_checkpoint = time.monotonic()
        done_names: set[str] = set()

        # Pages get their own workers: discovering the closure early keeps the
        # release workers busy instead of queued behind a few huge wheels.
        pages = ThreadPoolExecutor(max_workers=4, thread_name_prefix="pages")
        pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="crawl")
        # Wheel analyses stream hundreds of MB each: bounded apart, so they
        # neither starve metadata requests nor take every core.
        elf_pool = ThreadPoolExecutor(max_workers=self.elf_jobs, thread_name_prefix="elf")

        def want(name: str, extras: frozenset[str], spec: str = "") -> None:
            if name not in wanted and self.known(name):
                wanted[name] = set(extras)
                done_names.add(name)
                return
            if spec:
                specs.setdefault(name, set()).add(spec)
            if name not in wanted:
                wanted[name] = set(extras)
                fut = pages.submit(fetch_project, self.client, self.index_url, name)
                futures[fut] = ("page", name, None)
            else:
                wanted[name] |= extras
            if name in done_names:
                if spec and reselect(name, spec):
                    done_names.discard(name)
                    process(name)
                else:
                    expand(name)

        def reselect(name: str, spec: str) -> bool:
            """Does `spec` admit a version newer than any kept or tried one?"""
            if name not in seen:
                return False
            only_spec = replace(self.policy, recent_series=0, series=0, pins=frozenset())
            best = select_versions(name, seen[name][1], only_spec, [spec])
            return bool(best) and best[0] not in tried.get(name, set())

        def expand(name: str) -> None:
            new = wanted[name] - expanded.get(name, set())
            if name in expanded and not new:
                return
            expanded.setdefault(name, set()).update(wanted[name])
            rec = self.records.get(name)
            if rec is None:
                return
            for dep, extras, spec in followed(rec.releases, wanted[name], self.markers):
                want(dep, extras, spec)

        def finish(name: str, rec: ProjectRecord | None) -> None:
            if rec is not None and self.records.get(name) is not rec:
                self._dirty.add(name)
                self.records[name] = rec
                expanded.pop(name, None)  # new releases: follow them too
            done_names.add(name)
            if any(reselect(name, s) for s in specs.get(name, ())):
                done_names.discard(name)
                process(name)
                return
            expand(name)

        def page_arrived(name: str, page: ProjectPage | None) -> None:
            self.stats.pages += 1
            if page is None:
                self.stats.missing.append(name)
                finish(name, None)
                return
            seen[name] = (page, group_files(name, page.files, self.policy))
            process(name)

        def process(name: str) -> None:
            page, files = seen[name]
            current = self.records.get(name)
            versions = select_versions(name, files, self.policy, specs.get(name, ()))
            tried.setdefault(name, set()).update(versions)
            to_analyse = [
                f
                for v in versions[: self.policy.analyse]
                for f in files[v]
                if is_linux_binary_wheel(f.filename) and self._known_needs(name, f) is None
            ]
            have = {Version(r.version) for r in current.releases} if current else set()
            read_build = build_info_versions(versions, self.policy)
            if (
                current is not None
                and current.page_digest == page.digest
                and have.issuperset(versions)
                and not to_analyse
                and not any(map(self._wants_build, current.releases))
                and not any(
                    r.sdists
                    and r.version in current.build_unknown
                    and Version(r.version) in read_build
                    for r in current.releases
                )
            ):
                self.stats.unchanged_projects.add(name)
                finish(name, current)
                return
            p = _Pending(page, versions, files)
            pending[name] = p
            for v in versions:
                reused = self._reusable(name, v, files[v], v in read_build)
                if reused is not None:
                    p.metadata[v] = reused
                    self.stats.releases_reused += 1
                    continue
                fut = pool.submit(self._release_job, files[v], v in read_build)
                futures[fut] = ("release", name, v)
                p.outstanding += 1
            for f in to_analyse:
                wf = elf_pool.submit(self._wheel_job, f)
                futures[wf] = ("wheel", name, f.filename)
                p.outstanding += 1
            if p.outstanding == 0:
                finish(name, self._assemble(name, pending.pop(name)))

        try:
            for name, extras in roots:
                want(name, extras)
                for spec in (specifiers or {}).get(name, ()):
                    want(name, frozenset(), spec)
            while futures:
                done, _ = wait(futures, timeout=1.0, return_when=FIRST_COMPLETED)
                for fut in done:
                    kind, name, key = futures.pop(fut)
                    result = fut.result()
                    if kind == "page":
                        page_arrived(name, result)
                        continue
                    p = pending[name]
                    if kind == "release":
                        p.metadata[key] = result
                        self.stats.releases_fetched += 1
                    elif result is not None:
                        analysis: WheelAnalysis = result
                        p.needs[key] = analysis.needs
                        self.stats.wheels_analysed += 1
                        self.stats.analysis_bytes += analysis.bytes
                        self.stats.analysis_seconds += analysis.seconds
                    p.outstanding -= 1
                    if p.outstanding == 0:
                        finish(name, self._assemble(name, pending.pop(name)))
                self._report(len(wanted), len(done_names), len(futures))
                if time.monotonic() - last_checkpoint > self.checkpoint:
                    self.save()
                    last_checkpoint = time.monotonic()
        except BaseException:
            self.client.cancel()
            pages.shutdown(wait=False, cancel_futures=True)
            pool.shutdown(wait=False, cancel_futures=True)
            elf_pool.shutdown(wait=False, cancel_futures=True)
            raise
        pages.shutdown()
        pool.shutdown()
        elf_pool.shutdown()
        self.stats.projects = set(done_names)
        self.save()
        self._report(len(wanted), len(done_names), 0, force=True)
        return self.stats

    def _report(self, wanted: int, done: int, inflight: int, force: bool = False) -> None:
        s = self.stats
        self.progress.update(
            f"projects {done}/{wanted}  releases {s.releases_fetched} fetched"
            f" {s.releases_reused} reused  wheels analysed {s.wheels_analysed}"
            f"  requests {self.client.requests}  {self.client.bytes / 1e6:.1f} MB"
            f"  in flight {inflight}",
            force=force,
        )

    def save(self) -> None:
        """Checkpoint every finished project (atomic; see db/store.py)."""
        if not self.records:
            return
        dirty = {shard_of(name, DEFAULT_SHARDS) for name in self._dirty}
        manifest = write_database(
            self.root,
            self.records,
            index_url=self.index_url,
            crawled_at=_now(),
            policy=self.policy.describe(),
            unchanged={n: s for n, s in self._saved.items() if n not in dirty},
            wheel_targets=self.policy.wheel_targets(),
            wheel_mask=self.policy.wheel_mask,
        )
        self._saved = dict(manifest.shard_table)
        self._dirty.clear()
