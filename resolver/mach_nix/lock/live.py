"""An Index over the pinned snapshot that crawls what the snapshot lacks.

- A project missing from the snapshot is crawled, with its closure minus what
  the snapshot already has, into a local cache database and read from there.
- A project the snapshot has, but at no version a root requirement admits
  (`django==2.2.28` when the snapshot kept newer series only), is crawled
  again into the cache with that requirement, closure included, and it and
  its closure are read from the cache for the rest of the resolution.

So `mach-nix lock` works for any PyPI project while the snapshot stays the
source for everything it covers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from packaging.specifiers import SpecifierSet

from mach_nix.index.database import DatabaseIndex, open_database
from mach_nix.model import Release, canonical_name
from mach_nix.target import Target

# crawl(cache root, project, known-elsewhere predicate or None, specifiers) -> projects reached
Crawl = Callable[[Path, str, Callable[[str], bool] | None, Iterable[str]], set[str]]


class LiveIndex:
    def __init__(
        self,
        snapshot: DatabaseIndex,
        cache: Path,
        crawl: Crawl,
        target: Target | None = None,
        root_specifiers: Mapping[str, str] | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.target = target
        self.cache_root = cache
        self._crawl = crawl
        self._cache: DatabaseIndex | None = None
        self._specs = {canonical_name(k): v for k, v in (root_specifiers or {}).items()}
        # Projects read from the cache even though the snapshot has them.
        self._prefer_cache: set[str] = set()
        self.crawled: list[str] = []

    def _cache_index(self) -> DatabaseIndex | None:
        if self._cache is None and (self.cache_root / "manifest.json").is_file():
            self._cache = open_database(self.cache_root, self.target)
        return self._cache

    def _from_cache(self, name: str) -> Sequence[Release]:
        cache = self._cache_index()
        return cache.releases(name) if cache is not None else ()

    def _crawl_into_cache(
        self, name: str, known: Callable[[str], bool] | None, specs: Iterable[str]
    ) -> set[str]:
        reached = self._crawl(self.cache_root, name, known, specs)
        self.crawled.append(name)
        self._cache = None  # re-read the manifest the crawl wrote
        return reached

    def _snapshot_admits(self, name: str, spec: str) -> bool:
        wanted = SpecifierSet(spec)
        return any(
            wanted.contains(r.version, prereleases=True) for r in self.snapshot.releases(name)
        )

    def releases(self, name: str) -> Sequence[Release]:
        name = canonical_name(name)
        if name in self._prefer_cache:
            return self._from_cache(name)
        if name in self.snapshot:
            spec = self._specs.get(name)
            if not spec or self._snapshot_admits(name, spec):
                return self.snapshot.releases(name)
            self._prefer_cache |= self._crawl_into_cache(name, None, [spec])
            return self._from_cache(name)
        cache = self._cache_index()
        if cache is not None and name in cache:
            return cache.releases(name)
        self._crawl_into_cache(name, self.snapshot.__contains__, [])
        return self._from_cache(name)

    def describe(self) -> str:
        return f"{self.snapshot.describe()} and the live index (cache {self.cache_root})"
