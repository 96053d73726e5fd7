"""Turn resolvelib's ResolutionImpossible into a short, actionable message.

Each conflicting requirement is shown as the chain that leads to it, from the
top-level requirement (with its file:line) down, followed by what the index
offers for the project and why other releases are unusable.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from mach_nix.resolver import specs
from mach_nix.resolver.candidates import PRERELEASE, Candidate, CandidateFinder
from mach_nix.resolver.dependencies import Req
from mach_nix.resolver.request import DEFAULT_PROVIDERS
from mach_nix.resolver.viability import Always, Dead, Viability

_MAX_LISTED = 8
_MAX_RULED_OUT = 3


def chain(
    req: Req, parent: Candidate | None, required_by: Mapping[str, tuple[Req, Candidate | None]]
) -> str:
    """'a (requirements.txt:1) -> a 1.0.0 requires b==2.0.0'."""
    links: list[str] = []
    seen: set[str] = set()
    while parent is not None:
        links.append(f"{parent.identifier} {parent.version_text} requires {req.text}")
        if parent.identifier in seen or parent.identifier not in required_by:
            break
        seen.add(parent.identifier)
        req, parent = required_by[parent.identifier]
    if parent is None:
        links.append(req.describe())
    return " -> ".join(reversed(links))


def _top_level(
    req: Req, parent: Candidate | None, required_by: Mapping[str, tuple[Req, Candidate | None]]
) -> str | None:
    seen: set[str] = set()
    while parent is not None and parent.identifier not in seen:
        seen.add(parent.identifier)
        if parent.identifier not in required_by:
            return None
        req, parent = required_by[parent.identifier]
    return req.describe() if parent is None else None


def _listing(items: Sequence[str], separator: str = ", ") -> str:
    shown = separator.join(items[:_MAX_LISTED])
    more = len(items) - _MAX_LISTED
    return shown + (f"{separator}... ({more} more)" if more > 0 else "")


def _rejections(rejected: Sequence[tuple[str, str, str]]) -> str:
    """'1.1.0, 1.0.0 (wheel, sdist): requires Python >=3.10; ...': versions that
    fail alike, newest first, share one entry."""
    providers: dict[tuple[str, str], list[str]] = {}
    for version, provider, why in rejected:
        providers.setdefault((version, why), []).append(provider)
    versions: dict[tuple[str, str], list[str]] = {}
    for (version, why), names in providers.items():
        versions.setdefault((why, ", ".join(names)), []).append(version)
    return _listing([f"{_listing(v)} ({p}): {why}" for (why, p), v in versions.items()], "; ")


def _project_facts(name: str, finder: CandidateFinder) -> list[str]:
    """What the index offers for a project and why the rest is unusable."""
    catalogue = finder.catalogue(name)
    lines = []
    providers = finder.providers_for(name)
    if providers != DEFAULT_PROVIDERS:
        lines.append(f"  providers allowed for {name}: {', '.join(providers) or 'none'}")
    versions = list(dict.fromkeys(c.version_text for c in catalogue.candidates))
    lines.append(f"  usable versions of {name}: {_listing(versions) or 'none'}")
    # Only versions with no candidate at all: a release without a wheel that
    # the sdist provider covers is not worth a word.
    rejected = [r for r in catalogue.rejected if r[0] not in versions]
    if rejected:
        lines.append(f"  not usable: {_rejections(rejected)}")
        if any(why == PRERELEASE for _, _, why in rejected):
            lines.append(
                f"  (pre-releases count only when asked for: pass --pre, or require "
                f"{name} with a pre-release specifier such as {name}>=X.YaN)"
            )
    return lines


def _absent(name: str, reqs: Sequence[Req], finder: CandidateFinder, index: str) -> list[str]:
    """Requirements no release in the index fits at all, whatever the target.

    The database keeps a selection of releases (docs/database.md), so a pin
    on one it lacks must say so, not just list the versions it has.
    """
    versions = [r.version for r in finder.releases(name)]
    lines = []
    for specifier in dict.fromkeys(r.specifier for r in reqs if r.specifier):
        if not any(specs.contains(specifier, v) for v in versions):
            wanted = f"{name}{specifier}"
            lines.append(
                f"  no release of {name} in {index} fits {specifier}; "
                f"add it with `mach-nix db update '{wanted}'`"
            )
    return lines


def explain(
    causes: Collection[Any],
    required_by: Mapping[str, tuple[Req, Candidate | None]],
    finder: CandidateFinder,
    viability: Viability,
    index_description: str,
    target_description: str,
) -> str:
    by_name: dict[str, list[tuple[Req, Candidate | None]]] = {}
    for cause in causes:
        by_name.setdefault(cause.requirement.name, []).append((cause.requirement, cause.parent))
    paragraphs: list[str] = []
    relax: list[str] = []
    for name, items in by_name.items():
        chains = list(dict.fromkeys(chain(r, p, required_by) for r, p in items))
        relax.extend(t for r, p in items if (t := _top_level(r, p, required_by)))
        if not finder.catalogue(name).known:
            lines = [
                f"{name} is not in {index_description}; add it with `mach-nix db update {name}`",
                *(f"  required by {c}" for c in chains),
            ]
            paragraphs.append("\n".join(lines))
            continue
        ruled_out = _ruled_out(name, [r for r, _ in items], finder, viability)
        if ruled_out:
            lines = [f"every version of {name} that fits is ruled out on {target_description}:"]
            lines += [f"  {c}" for c in chains]
            lines += [f"  {dead.chain()}" for dead in ruled_out[:_MAX_RULED_OUT]]
            if len(ruled_out) > _MAX_RULED_OUT:
                lines.append(f"  ... and {len(ruled_out) - _MAX_RULED_OUT} more versions, alike")
            missing = sorted({m for d in ruled_out[:_MAX_RULED_OUT] for m in d.missing})
            if missing:
                lines.append(
                    f"  add {', '.join(missing)} to the database with "
                    f"`mach-nix db update {' '.join(missing)}`"
                )
            bottoms = list(dict.fromkeys(d.bottom().project for d in ruled_out[:_MAX_RULED_OUT]))
            for project in bottoms:
                if finder.catalogue(project).known:
                    lines += _project_facts(project, finder)
            for dead in ruled_out[:_MAX_RULED_OUT]:
                relax.extend(dead.bottom().against)
            paragraphs.append("\n".join(lines))
            continue
        # Top-level requirements and constraints filter candidates before
        # resolvelib sees them, so it does not name them as causes.
        for always in _excluding(name, [r for r, _ in items], viability):
            if always.shown not in chains:
                chains.append(always.shown)
                relax.extend(always.roots)
        head = (
            f"no version of {name} matches"
            if len(chains) == 1
            else f"the requirements on {name} cannot hold together"
        )
        lines = [f"{head} on {target_description}:", *(f"  {c}" for c in chains)]
        lines += _absent(name, [r for r, _ in items], finder, index_description)
        lines += _project_facts(name, finder)
        paragraphs.append("\n".join(lines))
    top = list(dict.fromkeys(relax))
    if top:
        paragraphs.append("relax or remove one of: " + "; ".join(top))
    return "\n".join(paragraphs)


def _excluding(name: str, reqs: Sequence[Req], viability: Viability) -> list[Always]:
    """The always-true requirements on `name` that reject a candidate these fit."""
    fitting = [c for r in reqs for c in viability.matching(r, with_always=False)]
    return [a for a in viability.always(name) if any(not a.admits(c) for c in fitting)]


def _ruled_out(
    name: str, reqs: Sequence[Req], finder: CandidateFinder, viability: Viability
) -> list[Dead]:
    """Why each candidate that fits all these requirements is dead; [] if none fits."""
    first, *rest = reqs
    fitting = [
        c for c in viability.matching(first)
        if all(not r.specifier or specs.contains(r.specifier, c.version_text) for r in rest)
        and all(r.exact is None or c.version == r.exact for r in rest)
    ]  # fmt: skip
    verdicts = [viability.dead(c) for c in fitting]
    if not fitting or any(v is None for v in verdicts):
        return []
    # One line per distinct chain, newest first: versions that fail alike say it once.
    seen: dict[str, Dead] = {}
    for verdict in verdicts:
        assert verdict is not None
        bottom = verdict.bottom()
        seen.setdefault(f"{bottom.project}\0{bottom.conflict}", verdict)
    return list(seen.values())
