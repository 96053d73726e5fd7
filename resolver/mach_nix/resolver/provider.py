"""The resolvelib provider: candidates, preferences and dependencies."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from resolvelib.providers import AbstractProvider

from mach_nix.resolver import specs
from mach_nix.resolver.candidates import Candidate, CandidateFinder, Catalogue
from mach_nix.resolver.dependencies import Dependencies, Req, dependencies_of
from mach_nix.resolver.request import ResolveRequest
from mach_nix.resolver.viability import Always, Viability


class Provider(AbstractProvider):  # type: ignore[type-arg]
    def __init__(
        self,
        request: ResolveRequest,
        finder: CandidateFinder,
        always: Mapping[str, Sequence[Always]] | None = None,
        deps: dict[tuple[str, str, str], Dependencies] | None = None,
    ) -> None:
        self._request = request
        self._finder = finder
        self._environment = request.target.marker_environment
        self._deps: dict[tuple[str, str, str], Dependencies] = {} if deps is None else deps
        self.viability = Viability(
            finder,
            self.dependencies,
            always_requirements(request) if always is None else always,
            request.index.describe(),
        )
        # identifier -> the first (requirement, parent) that asked for it; walked
        # upwards to explain a conflict from the top-level requirement down.
        self.required_by: dict[str, tuple[Req, Candidate | None]] = {}
        self._release_counts: dict[str, int] = {}

    # -- resolvelib interface ----------------------------------------------------

    def identify(self, requirement_or_candidate: Req | Candidate) -> str:
        return requirement_or_candidate.identifier

    def get_preference(
        self,
        identifier: str,
        resolutions: Mapping[str, Candidate],
        candidates: Mapping[str, Iterator[Candidate]],
        information: Mapping[str, Iterator[Any]],
        backtrack_causes: Sequence[Any],
    ) -> tuple[bool, bool, int, str]:
        return self._preference(identifier, information)

    def _preference(
        self, identifier: str, information: Mapping[str, Iterator[Any]]
    ) -> tuple[bool, bool, int, str]:
        # Called for every open identifier in every round: one pass, no lists.
        pinned = from_user = False
        for info in information[identifier]:
            req = info.requirement
            if req.exact is not None or req.specifier.startswith("=="):
                pinned = True
            if info.parent is None:
                from_user = True
        # Exact pins and the user's own requirements first (they rarely change),
        # then the projects with the fewest releases (counting the live
        # candidates would defeat the lazy find_matches).
        count = self._release_counts.get(identifier)
        if count is None:
            count = self._finder.catalogue(identifier.partition("[")[0]).releases
            self._release_counts[identifier] = count
        return (not pinned, not from_user, count, identifier)

    def narrow_requirement_selection(
        self,
        identifiers: Iterable[str],
        resolutions: Mapping[str, Candidate],
        candidates: Mapping[str, Iterator[Candidate]],
        information: Mapping[str, Iterator[Any]],
        backtrack_causes: Sequence[Any],
    ) -> Iterable[str]:
        # After a conflict, work on the identifiers that caused it first
        # (pip's strategy): it cuts backtracking by orders of magnitude.
        names = list(identifiers)
        causes = {c.requirement.identifier for c in backtrack_causes}
        causes |= {c.parent.identifier for c in backtrack_causes if c.parent is not None}
        focused = [n for n in names if n in causes]
        pool = focused or names
        # resolvelib takes the get_preference minimum of what this returns
        # (resolvelib < 1.1, without this hook, does so over every identifier).
        # Taking it here returns the same identifier and spares resolvelib's
        # per-identifier wrapper objects, rebuilt every round.
        if len(pool) > 1:
            return [min(pool, key=lambda name: self._preference(name, information))]
        return pool

    def find_matches(
        self,
        identifier: str,
        requirements: Mapping[str, Iterator[Req]],
        incompatibilities: Mapping[str, Iterator[Candidate]],
    ) -> Callable[[], Iterator[Candidate]]:
        reqs = list(requirements[identifier])
        bad = {c.key for c in incompatibilities[identifier]}
        # Narrow by the most selective requirement (an exact pin finds its
        # version directly), then check the rest; liveness only for survivors,
        # lazily: resolvelib usually needs just the first.
        first = min(reqs, key=lambda r: (r.exact is None, not r.specifier.startswith("==")))
        rest = [r for r in reqs if r is not first]
        viability = self.viability

        def matches() -> Iterator[Candidate]:
            for c in viability.matching(first):
                if (
                    c.key not in bad
                    and all(self.is_satisfied_by(r, c) for r in rest)
                    and viability.dead(c) is None
                ):
                    yield c

        return matches

    def is_satisfied_by(self, requirement: Req, candidate: Candidate) -> bool:
        if requirement.exact is not None and candidate.version != requirement.exact:
            return False
        return not requirement.specifier or specs.contains(
            requirement.specifier, candidate.version_text
        )

    def get_dependencies(self, candidate: Candidate) -> list[Req]:
        deps = self.dependencies(candidate)
        for req in (*deps.runtime, *deps.build):
            self.required_by.setdefault(req.identifier, (req, candidate))
        return [*deps.runtime, *deps.build]

    # -- helpers -----------------------------------------------------------------

    def restarted(self, always: Mapping[str, Sequence[Always]]) -> Provider:
        """A fresh provider with more always-true requirements, sharing parsed dependencies."""
        return Provider(self._request, self._finder, always, self._deps)

    def catalogue(self, name: str) -> Catalogue:
        return self._finder.catalogue(name)

    def dependencies(self, candidate: Candidate) -> Dependencies:
        found = self._deps.get(candidate.key)
        if found is None:
            found = self._deps[candidate.key] = dependencies_of(
                candidate, self._environment, self._request.overrides, self._finder.releases
            )
        return found


def always_requirements(request: ResolveRequest) -> dict[str, list[Always]]:
    """Top-level requirements and constraints whose markers hold: true in every solution."""
    environment = {**request.target.marker_environment, "extra": ""}
    out: dict[str, list[Always]] = {}
    for user in (*request.requirements, *request.constraints):
        marker = user.requirement.marker
        if marker is None or marker.evaluate(environment):
            spec = str(user.requirement.specifier)
            if spec:
                shown = user.describe()
                out.setdefault(user.name, []).append(Always(spec, shown, roots=(shown,)))
    return out
