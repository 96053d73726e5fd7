"""An Index over the pinned snapshot that crawls what the snapshot lacks.

Projects missing from the snapshot are crawled (with their closure, minus
what the snapshot already has) into a local cache database, then read from
there: `mach-nix lock` works for any PyPI project while the snapshot stays
the source for everything it covers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from mach_nix.index.database import DatabaseIndex, open_database
from mach_nix.model import Release, canonical_name
from mach_nix.target import Target

Crawl = Callable[[Path, str, Callable[[str], bool]], None]


class LiveIndex:
    def __init__(
        self, snapshot: DatabaseIndex, cache: Path, crawl: Crawl, target: Target | None = None
    ) -> None:
        self.snapshot = snapshot
        self.target = target
        self.cache_root = cache
        self._crawl = crawl
        self._cache: DatabaseIndex | None = None
        self.crawled: list[str] = []

    def _cache_index(self) -> DatabaseIndex | None:
        if self._cache is None and (self.cache_root / "manifest.json").is_file():
            self._cache = open_database(self.cache_root, self.target)
        return self._cache

    def releases(self, name: str) -> Sequence[Release]:
        name = canonical_name(name)
        if name in self.snapshot:
            return self.snapshot.releases(name)
        cache = self._cache_index()
        if cache is not None and name in cache:
            return cache.releases(name)
        self._crawl(self.cache_root, name, self.snapshot.__contains__)
        self.crawled.append(name)
        self._cache = None  # re-read the manifest the crawl wrote
        cache = self._cache_index()
        return cache.releases(name) if cache is not None else ()

    def describe(self) -> str:
        return f"{self.snapshot.describe()} and the live index (cache {self.cache_root})"
