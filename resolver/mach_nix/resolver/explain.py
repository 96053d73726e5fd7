"""Turn resolvelib's ResolutionImpossible into a short, actionable message.

Each conflicting requirement is shown as the chain that leads to it, from the
top-level requirement (with its file:line) down, followed by what the index
offers for the project and why other releases are unusable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mach_nix.resolver.candidates import PRERELEASE, Candidate, CandidateFinder
from mach_nix.resolver.dependencies import Req
from mach_nix.resolver.request import DEFAULT_PROVIDERS

_MAX_LISTED = 8


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
    """'1.0.0 (wheel, sdist): requires Python >=3.10; ...', one entry per version and reason."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for version, provider, why in rejected:
        grouped.setdefault((version, why), []).append(provider)
    return _listing([f"{v} ({', '.join(p)}): {why}" for (v, why), p in grouped.items()], "; ")


def explain(
    causes: Sequence[Any],
    required_by: Mapping[str, tuple[Req, Candidate | None]],
    finder: CandidateFinder,
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
        catalogue = finder.catalogue(name)
        if not catalogue.known:
            lines = [
                f"{name} is not in {index_description}; add it with `mach-nix db update {name}`",
                *(f"  required by {c}" for c in chains),
            ]
            paragraphs.append("\n".join(lines))
            continue
        head = (
            f"no version of {name} matches"
            if len(chains) == 1
            else f"the requirements on {name} cannot hold together"
        )
        lines = [f"{head} on {target_description}:", *(f"  {c}" for c in chains)]
        providers = finder.providers_for(name)
        if providers != DEFAULT_PROVIDERS:
            lines.append(f"  providers allowed for {name}: {', '.join(providers) or 'none'}")
        versions = list(dict.fromkeys(c.version_text for c in catalogue.candidates))
        lines.append(f"  usable versions of {name}: {_listing(versions) or 'none'}")
        if catalogue.rejected:
            lines.append(f"  not usable: {_rejections(catalogue.rejected)}")
            if any(why == PRERELEASE for _, _, why in catalogue.rejected):
                lines.append(
                    f"  (pre-releases count only when asked for: pass --pre, or require "
                    f"{name} with a pre-release specifier such as {name}>=X.YaN)"
                )
        paragraphs.append("\n".join(lines))
    top = list(dict.fromkeys(relax))
    if top:
        paragraphs.append("relax or remove one of: " + "; ".join(top))
    return "\n".join(paragraphs)
