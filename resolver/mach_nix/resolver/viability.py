"""Ruling out candidates that can never be part of a solution.

The top-level requirements and the constraints hold in every solution. A
candidate is *dead* when one of its requirements has no live candidate
compatible with them: e.g. every `leaf` requires `q<2` while the user asked
for `q>=2`, so every `leaf` is dead, so is everything that needs `leaf`, and
so on upwards. resolvelib alone would rediscover that conflict once per
combination of the versions above it (exponential in practice); removing
dead candidates before it sees them makes such failures immediate, and each
dead candidate keeps the chain that killed it, which is the explanation a
user needs.

Soundness: a candidate is declared dead only through facts that hold in
every solution; a candidate whose check meets a cycle (or a very deep chain)
is assumed live, which at worst leaves work to resolvelib.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from mach_nix.resolver import specs
from mach_nix.resolver.candidates import Candidate, CandidateFinder
from mach_nix.resolver.dependencies import Dependencies, Req

# Deeper chains than this are assumed live: bounded recursion, and a chain of
# a hundred packages is not something a person reads anyway.
MAX_DEPTH = 100


@dataclass(frozen=True)
class Dead:
    """Why a candidate cannot be used: one link of the chain, then the next."""

    text: str  # "leaf 1.5 requires q<2"
    cause: Dead | None = None
    conflict: str = ""  # at the bottom: "but q>=2 (requirements.txt:2)", "which is not in ..."
    missing: frozenset[str] = frozenset()  # projects unknown to the index behind this
    project: str = ""  # the project this link requires
    against: tuple[str, ...] = ()  # at the bottom: the top-level requirements in the way

    def chain(self) -> str:
        links = [self.text]
        node = self
        while node.cause is not None:
            node = node.cause
            links.append(node.text)
        return " -> ".join(links) + (f", {node.conflict}" if node.conflict else "")

    def bottom(self) -> Dead:
        node = self
        while node.cause is not None:
            node = node.cause
        return node


@dataclass(frozen=True)
class Always:
    """A requirement that holds in every solution: top-level, a constraint, or
    implied (every usable version of an always-present project requires it)."""

    specifier: str
    shown: str  # "q>=2 (requirements.txt:2)"
    # Implied requirements are a set of versions (a union of ranges), not a
    # specifier; None: the specifier says it all.
    versions: frozenset[str] | None = None
    # The top-level requirements it follows from (to relax), as the user wrote them.
    roots: tuple[str, ...] = ()

    def admits(self, candidate: Candidate) -> bool:
        if self.versions is not None:
            return candidate.version_text in self.versions
        return not self.specifier or specs.contains(self.specifier, candidate.version_text)


class Viability:
    def __init__(
        self,
        finder: CandidateFinder,
        dependencies: Callable[[Candidate], Dependencies],
        always: Mapping[str, Sequence[Always]],
        index_description: str,
    ) -> None:
        self._finder = finder
        self._dependencies = dependencies
        self._always = always
        self._index = index_description
        self.verdicts: dict[tuple[str, str, str], Dead | None] = {}
        self._active: set[tuple[str, str, str]] = set()

    @property
    def always_requirements(self) -> Mapping[str, Sequence[Always]]:
        return self._always

    def always(self, name: str) -> Sequence[Always]:
        return self._always.get(name, ())

    def matching(self, req: Req, *, with_always: bool = True) -> Iterator[Candidate]:
        """Candidates for a requirement in preference order, viability aside."""
        catalogue = self._finder.catalogue(req.name)
        pool: Iterable[Candidate]
        if req.exact is not None:
            pool = catalogue.pinned_to(req.exact, req.extra)
        elif (
            req.specifier.startswith("==") and "," not in req.specifier and "*" not in req.specifier
        ):
            pinned = specs.version(req.specifier[2:].lstrip("="))
            pool = catalogue.pinned_to(pinned, req.extra) if pinned else []
        else:
            pool = catalogue.pool(req.extra)
        always = self.always(req.name) if with_always else ()
        for c in pool:
            if req.exact is not None and c.version != req.exact:
                continue
            if req.specifier and not specs.contains(req.specifier, c.version_text):
                continue
            if all(a.admits(c) for a in always):
                yield c

    def dead(self, candidate: Candidate, depth: int = 0) -> Dead | None:
        key = candidate.key
        if key in self.verdicts:
            return self.verdicts[key]
        if key in self._active or depth > MAX_DEPTH:
            return None
        self._active.add(key)
        verdict: Dead | None = None
        try:
            deps = self._dependencies(candidate)
            for req in (*deps.runtime, *deps.build):
                verdict = self._unsatisfiable(candidate, req, depth)
                if verdict is not None:
                    break
        finally:
            self._active.discard(key)
        self.verdicts[key] = verdict
        return verdict

    def _unsatisfiable(self, candidate: Candidate, req: Req, depth: int) -> Dead | None:
        text = f"{candidate.name}{f'[{candidate.extra}]' if candidate.extra else ''} " \
               f"{candidate.version_text} requires {req.text}"  # fmt: skip
        first: Dead | None = None
        missing: set[str] = set()
        for option in self.matching(req):
            why = self.dead(option, depth + 1)
            if why is None:
                return None
            first = first or why
            missing |= why.missing
        name = req.name
        if first is not None:
            return Dead(text, first, missing=frozenset(missing), project=name)
        if not self._finder.catalogue(name).known:
            return Dead(
                text, conflict=f"which is not in {self._index}", missing=frozenset({name}),
                project=name,
            )  # fmt: skip
        always = self.always(name)
        if always and any(True for _ in self.matching(req, with_always=False)):
            shown = "; ".join(dict.fromkeys(a.shown for a in always))
            roots = tuple(dict.fromkeys(r for a in always for r in a.roots))
            return Dead(
                text, conflict=f"but no usable version of {name} also fits {shown}",
                project=name, against=roots,
            )  # fmt: skip
        return Dead(text, conflict=f"but no usable version of {name} fits that", project=name)
