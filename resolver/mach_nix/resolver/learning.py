"""Requirements implied by the top-level ones, learnt when resolvelib flounders.

resolvelib learns nothing from a conflict: when every version of `other`
(a top-level project) needs `q>=2` and every `leaf` deep below another
top-level project needs `q<2`, it retries `leaf` under every combination of
the versions above it. Viability (viability.py) cuts such searches short,
but only against requirements known to hold in every solution. This module
finds more of them: if a project is always present and each of its usable
versions requires `dep`, then `dep` is always present and its version is one
those requirements admit (the union over the project's versions). Repeated to
a fixpoint, this turns the case above into "q must be >=2 and <2": every
`leaf` is dead at once.

It costs a pass over every version of every always-present project, so it
runs only after a first attempt exhausted its round budget (resolve.py).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence

from mach_nix.resolver.candidates import Candidate, CandidateFinder
from mach_nix.resolver.dependencies import Dependencies, Req
from mach_nix.resolver.viability import Always, Viability

# Each project's allowed versions can only shrink; the cap bounds pathological inputs.
MAX_VISITS = 20_000


def implied_requirements(
    roots: Mapping[str, Sequence[str]],
    always: Mapping[str, Sequence[Always]],
    finder: CandidateFinder,
    dependencies: Callable[[Candidate], Dependencies],
    known_dead: Viability,
) -> dict[str, list[Always]]:
    """`always` plus what it implies. Sound: each addition holds in every solution.

    `roots`: top-level project -> its requirements as the user wrote them.
    """
    learnt: dict[str, list[Always]] = {name: list(items) for name, items in always.items()}
    queue = deque(dict.fromkeys(roots))
    queued = set(queue)
    visits = 0
    while queue and visits < MAX_VISITS:
        name = queue.popleft()
        queued.discard(name)
        visits += 1
        usable = [
            c
            for c in finder.catalogue(name).candidates
            if all(a.admits(c) for a in learnt.get(name, ()))
            and known_dead.verdicts.get(c.key) is None
        ]
        if not usable:
            continue  # the resolver will report it
        because = tuple(roots.get(name, ())) or tuple(
            dict.fromkeys(r for a in learnt.get(name, ()) for r in a.roots)
        )
        for dep, (versions, texts) in _required_by_all(usable, dependencies, known_dead).items():
            current = learnt.setdefault(dep, [])
            if any(a.versions is not None and a.versions <= versions for a in current):
                continue  # nothing new
            spec = texts[0] if len(texts) == 1 else f"{dep} (one of {len(texts)} ranges)"
            shown = f"every usable version of {name} requires {spec}"
            current.append(Always("", shown, versions, because))
            if dep not in queued:
                queue.append(dep)
                queued.add(dep)
    return learnt


def _required_by_all(
    usable: Sequence[Candidate],
    dependencies: Callable[[Candidate], Dependencies],
    matching: Viability,
) -> dict[str, tuple[frozenset[str], list[str]]]:
    """dep -> (versions some usable candidate admits, the requirement texts), for
    the deps every candidate has."""
    common: dict[str, set[str]] | None = None
    texts: dict[str, dict[str, None]] = {}
    fits: dict[tuple[str, str, object], set[str]] = {}
    for candidate in usable:
        found = dependencies(candidate)
        deps = (*found.runtime, *found.build)
        wanted = {r.name for r in deps if r.name != candidate.name}
        if common is not None:
            wanted &= common.keys()  # only what every candidate so far has
        admitted: dict[str, set[str]] = {}
        for req in deps:
            if req.name not in wanted:
                continue
            key = (req.name, req.specifier, req.exact)
            if key not in fits:
                base = Req(req.name, None, req.specifier, req.text, exact=req.exact)
                fits[key] = {c.version_text for c in matching.matching(base, with_always=False)}
            here = fits[key]
            admitted[req.name] = admitted[req.name] & here if req.name in admitted else set(here)
            texts.setdefault(req.name, {})[req.text] = None
        if common is None:
            common = admitted
        else:
            common = {n: common[n] | admitted[n] for n in common if n in admitted}
        if not common:
            return {}
    return {n: (frozenset(v), list(texts[n])) for n, v in (common or {}).items()}
