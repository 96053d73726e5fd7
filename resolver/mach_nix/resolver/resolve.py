"""`resolve`: run resolvelib over the provider and assemble the resolved set."""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

from resolvelib import BaseReporter, Resolver
from resolvelib.resolvers import ResolutionImpossible, ResolutionTooDeep

from mach_nix.errors import ResolutionError
from mach_nix.index.base import Index
from mach_nix.resolver import graph
from mach_nix.resolver.candidates import Candidate, CandidateFinder
from mach_nix.resolver.dependencies import Req, expand, matching_rules
from mach_nix.resolver.output import ResolvedFile, ResolvedPackage, ResolvedSet
from mach_nix.resolver.provider import Provider
from mach_nix.resolver.request import DEFAULT_KEY, ResolveRequest

if TYPE_CHECKING:  # resolvelib 1.0 has no resolvers.abstract module at run time
    from resolvelib.resolvers.abstract import Result as _Result

    Result = _Result[Req, Candidate, str]

# Far above what real requirement sets need (pip uses 200000 rounds); reached
# only by pathological backtracking, which then ends with a clear message.
MAX_ROUNDS = 200_000
# Real sets resolve in a few hundred rounds; past this, learn (learning.py) and restart.
FIRST_ATTEMPT_ROUNDS = 600


def _attempt(provider: Provider, roots: list[Req], rounds: int) -> Result:
    for root in roots:
        provider.required_by.setdefault(root.identifier, (root, None))
    return Resolver(provider, BaseReporter()).resolve(roots, max_rounds=rounds)


def _root_requirements(request: ResolveRequest) -> list[Req]:
    environment = request.target.marker_environment
    out: list[Req] = []
    for user in request.requirements:
        marker = user.requirement.marker
        if marker is None or marker.evaluate({**environment, "extra": ""}):
            out.extend(expand(user.text, user) if user.requirement.url is None else ())
    return out


def _unknown_roots(roots: list[Req], request: ResolveRequest, finder: CandidateFinder) -> list[str]:
    return [
        _unknown_root(root, request.index)
        for root in roots
        if not finder.catalogue(root.name).known
    ]


def _unknown_root(root: Req, index: Index) -> str:
    where = f"{index.describe()} (required by {root.describe()})"
    # A database lists a project whose every file the crawl dropped (pywin32:
    # Windows wheels only): crawling it again would not help.
    if isinstance(index, Container) and root.name in index:
        return (
            f"{root.name} is in {where} but has no release with an sdist or a wheel "
            "for Linux or macOS (a Windows-only project?)"
        )
    return f"{root.name} is not in {where}; add it with `mach-nix db update {root.name}`"


def resolve(request: ResolveRequest) -> ResolvedSet:
    finder = CandidateFinder(request)
    roots = _root_requirements(request)
    unknown = _unknown_roots(roots, request, finder)
    if unknown:
        raise ResolutionError("\n".join(dict.fromkeys(unknown)))
    provider = Provider(request, finder)
    try:
        try:
            result = _attempt(provider, roots, FIRST_ATTEMPT_ROUNDS)
        except ResolutionTooDeep:
            # Floundering: learn what the top-level requirements imply, then
            # start again with it; dependencies parsed so far are kept.
            from mach_nix.resolver.learning import implied_requirements  # rarely needed

            top: dict[str, list[str]] = {}
            for root in roots:
                top.setdefault(root.name, []).append(root.describe())
            always = implied_requirements(
                top,
                provider.viability.always_requirements,
                finder,
                provider.dependencies,
                provider.viability,
            )
            provider = provider.restarted(always)
            result = _attempt(provider, roots, MAX_ROUNDS)
    except ResolutionImpossible as err:
        from mach_nix.resolver.explain import explain  # only on failure

        raise ResolutionError(
            explain(
                err.causes,
                provider.required_by,
                finder,
                provider.viability,
                request.index.describe(),
                request.target.describe(),
            )
        ) from None
    except ResolutionTooDeep:
        raise ResolutionError(
            "resolution gave up after too much backtracking; pin the versions of the "
            "largest packages (e.g. `numpy==2.1.*`) to narrow the search"
        ) from None
    return _assemble(request, provider, result.mapping, roots)


def _assemble(
    request: ResolveRequest,
    provider: Provider,
    mapping: dict[str, Candidate],
    roots: list[Req],
) -> ResolvedSet:
    base = {c.name: c for c in mapping.values() if c.extra is None}
    extras: dict[str, set[str]] = {name: set() for name in base}
    runtime: dict[str, set[str]] = {name: set() for name in base}
    build: dict[str, set[str]] = {name: set() for name in base}
    warnings: set[str] = set()
    for candidate in mapping.values():
        deps = provider.dependencies(candidate)
        warnings.update(deps.warnings)
        name = candidate.name
        if candidate.extra is not None:
            extras[name].add(candidate.extra)
            if deps.extra_missing:
                warnings.add(
                    f"{name} {candidate.version_text} has no extra {candidate.extra!r}; ignored"
                )
        runtime[name].update(r.name for r in deps.runtime if r.name != name)
        build[name].update(r.name for r in deps.build if r.name != name)
    edges = {name: runtime[name] | build[name] for name in base}
    reached = graph.roots_of((r.name for r in roots), edges)
    warnings.update(_missing_warnings(provider, base, request.index.describe()))
    warnings.update(_held_back_warnings(provider, base, {r.name for r in roots}))
    # A misspelt name in the provider preferences would otherwise do nothing, silently.
    for name in sorted(set(request.providers) - {DEFAULT_KEY} - set(base)):
        warnings.add(
            f"providers names {name}, which is not in the resolved set; check its spelling"
        )
    for cycle in graph.cycles(runtime):
        warnings.add("circular dependency: " + " -> ".join(cycle))
    for cycle in graph.cycles(edges):
        # A source build needs its build system (and that one's runtime closure)
        # installed first: a cycle through a build edge cannot be built at all.
        members = set(cycle)
        if any(build[a] & members for a in members):
            warnings.add(
                "build cycle: " + " -> ".join(cycle) + "; take one of them as a wheel or "
                "from nixpkgs (providers) or the build cannot start"
            )
    packages = {}
    for name, c in base.items():
        file = None if c.file is None else ResolvedFile(c.file.filename, c.file.url, c.file.sha256)
        packages[name] = ResolvedPackage(
            name=name,
            version=c.version_text,
            provider=c.provider,
            file=file,
            nixpkgs_attr=c.nixpkgs.attr if c.nixpkgs else None,
            extras=tuple(sorted(extras[name])),
            dependencies=tuple(sorted(runtime[name])),
            build_system=tuple(sorted(build[name])),
            needs=tuple(c.file.needs or ()) if c.file else (),
            overrides=tuple(r.id for r in matching_rules(request.overrides, c)),
            roots=tuple(sorted(reached.get(name, ()))),
        )
    return ResolvedSet(
        target=request.target,
        requirements=tuple(u.text for u in request.requirements),
        packages=packages,
        warnings=tuple(sorted(warnings)),
    )


def _missing_warnings(provider: Provider, chosen: dict[str, Candidate], index: str) -> list[str]:
    """Projects unknown to the index that ruled out candidates preferred to the chosen ones.

    A partial database otherwise silently yields old versions.
    """
    cost: dict[str, list[Candidate]] = {}
    for name, pick in chosen.items():
        for c in provider.catalogue(name):
            if c.key == pick.key:
                break
            verdict = provider.viability.verdicts.get(c.key)
            for missing in sorted(verdict.missing if verdict else ()):
                cost.setdefault(missing, []).append(c)
    out = []
    for missing, lost in sorted(cost.items()):
        shown = list(dict.fromkeys(f"{c.name} {c.version_text}" for c in lost))
        listed = ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
        out.append(
            f"{missing} is not in {index}, so {listed} could not be used and older versions "
            f"were chosen; add it with `mach-nix db update {missing}`"
        )
    return out


def _held_back_warnings(
    provider: Provider, chosen: dict[str, Candidate], roots: set[str]
) -> list[str]:
    """Top-level projects not at their best candidate because it is ruled out, and why.

    With a partial database this is how a user learns that a newer release
    exists but a dependency's fitting versions are missing.
    """
    out = []
    for name in sorted(roots & set(chosen)):
        pick = chosen[name]
        for c in provider.catalogue(name):
            if c.key == pick.key or c.version <= pick.version:
                break
            verdict = provider.viability.verdicts.get(c.key)
            if verdict is not None:
                out.append(
                    f"{name} {pick.version_text} was chosen because {c.version_text} cannot be "
                    f"used: {verdict.chain()}"
                )
                break
    return out
