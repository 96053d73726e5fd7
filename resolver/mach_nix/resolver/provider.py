"""The resolvelib provider: candidates, preferences and dependencies."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from packaging.version import Version
from resolvelib.providers import AbstractProvider

from mach_nix.resolver import specs
from mach_nix.resolver.candidates import Candidate, CandidateFinder
from mach_nix.resolver.dependencies import Dependencies, Req, dependencies_of
from mach_nix.resolver.request import ResolveRequest


class Provider(AbstractProvider):  # type: ignore[type-arg]
    def __init__(self, request: ResolveRequest, finder: CandidateFinder) -> None:
        self._request = request
        self._finder = finder
        self._environment = request.target.marker_environment
        self._constraints: dict[str, list[str]] = {}
        for c in request.constraints:
            if c.requirement.marker is None or c.requirement.marker.evaluate(self._environment):
                self._constraints.setdefault(c.name, []).append(str(c.requirement.specifier))
        self._deps: dict[tuple[str, str, str], Dependencies] = {}
        # identifier -> the first (requirement, parent) that asked for it; walked
        # upwards to explain a conflict from the top-level requirement down.
        self.required_by: dict[str, tuple[Req, Candidate | None]] = {}
        # project the index does not know -> candidates that needed it (and so
        # were given up): a partial database silently yields old versions otherwise.
        self.missing: dict[str, set[Candidate]] = {}

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
        infos = list(information[identifier])
        pinned = any(
            info.requirement.exact is not None or info.requirement.specifier.startswith("==")
            for info in infos
        )
        from_user = any(info.parent is None for info in infos)
        # Exact pins and the user's own requirements first (they rarely change),
        # then the identifiers with the fewest choices left.
        count = sum(1 for _ in candidates[identifier])
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
        return focused or names

    def find_matches(
        self,
        identifier: str,
        requirements: Mapping[str, Iterator[Req]],
        incompatibilities: Mapping[str, Iterator[Candidate]],
    ) -> list[Candidate]:
        reqs = list(requirements[identifier])
        bad = {c.key for c in incompatibilities[identifier]}
        name, _, extra = identifier.partition("[")
        pool = self._finder.catalogue(name).candidates
        if extra:
            pool = self._extra_candidates(pool, extra.rstrip("]"))
        constraints = self._constraints.get(name, ())
        return [
            c
            for c in pool
            if c.key not in bad
            and all(self.is_satisfied_by(r, c) for r in reqs)
            and all(specs.contains(s, c.version_text) for s in constraints)
        ]

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
            if not self._finder.catalogue(req.name).known:
                self.missing.setdefault(req.name, set()).add(candidate)
        return [*deps.runtime, *deps.build]

    # -- helpers -----------------------------------------------------------------

    def dependencies(self, candidate: Candidate) -> Dependencies:
        found = self._deps.get(candidate.key)
        if found is None:
            found = self._deps[candidate.key] = dependencies_of(
                candidate, self._environment, self._request.overrides
            )
        return found

    @staticmethod
    def _extra_candidates(pool: Sequence[Candidate], extra: str) -> list[Candidate]:
        # One per version, in the base's order: the extra follows the base's pin.
        seen: set[Version] = set()
        out: list[Candidate] = []
        for c in pool:
            if c.version not in seen:
                seen.add(c.version)
                out.append(c.with_extra(extra))
        return out
