"""Which projects (and extras) a crawl must follow from one release's requirements.

A requirement is followed when its marker holds on at least one target of the
policy (every Python x system), with `extra` set to "" or to an extra that
something in the closure asked of this project. Build requirements of sdists
are followed too, with what their backend adds at build time (ninja for
meson-python, ...: mach_nix.backends, the resolver's table): the sdist
provider resolves them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement

from mach_nix.backends import BackendTable, build_requirements, default_table
from mach_nix.model import Release, canonical_name


class MarkerCache:
    def __init__(self, environments: Iterable[dict[str, str]]) -> None:
        self.environments = tuple(environments)
        self._cache: dict[tuple[str, str], bool] = {}
        self._reqs: dict[str, Requirement | None] = {}

    def parse(self, text: str) -> Requirement | None:
        if text not in self._reqs:
            try:
                self._reqs[text] = Requirement(text)
            except InvalidRequirement:
                self._reqs[text] = None
        return self._reqs[text]

    def holds(self, marker: Marker, extra: str) -> bool:
        key = (str(marker), extra)
        hit = self._cache.get(key)
        if hit is None:
            hit = any(marker.evaluate({**env, "extra": extra}) for env in self.environments)
            self._cache[key] = hit
        return hit


def followed(
    releases: Iterable[Release],
    extras: Iterable[str],
    markers: MarkerCache,
    backends: BackendTable | None = None,
) -> Iterator[tuple[str, frozenset[str], str]]:
    """(project, extras, specifier) triples the closure needs from these releases."""
    active = ("", *sorted(extras))
    table = default_table() if backends is None else backends
    for release in releases:
        reqs = list(release.requires_dist or ())
        if release.sdists:
            reqs.extend(build_requirements(release.build_requires, release.build_backend, table))
        for text in reqs:
            req = markers.parse(text)
            if req is None:
                continue
            if req.marker is not None and not any(markers.holds(req.marker, e) for e in active):
                continue
            yield (
                canonical_name(req.name),
                frozenset(canonical_name(e) for e in req.extras),
                str(req.specifier),
            )
