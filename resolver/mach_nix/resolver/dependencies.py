"""A candidate's requirements: runtime (after markers and extras) and build.

Extras are modelled as pip does, with virtual `name[extra]` candidates that
depend on the base project at the very same version; a requirement
`x[a,b]>=1` becomes `x>=1`, `x[a]>=1`, `x[b]>=1`, so every identifier carries
at most one extra.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from packaging.version import Version

from mach_nix.backends import BackendTable, default_table
from mach_nix.model import OverrideRule, Release, canonical_name
from mach_nix.requirements.model import UserRequirement
from mach_nix.resolver import specs
from mach_nix.resolver.build_system import build_system_of
from mach_nix.resolver.candidates import Candidate


@dataclass(frozen=True, slots=True)
class Req:
    """A requirement on one identifier, with where it came from."""

    name: str  # canonical
    extra: str | None
    specifier: str  # str(SpecifierSet), "" = any
    text: str  # as written, for messages
    user: UserRequirement | None = None  # set for top-level requirements
    exact: Version | None = None  # name[extra] -> its base at the same version

    @property
    def identifier(self) -> str:
        return self.name if self.extra is None else f"{self.name}[{self.extra}]"

    def describe(self) -> str:
        return self.user.describe() if self.user else self.text


@dataclass
class Dependencies:
    runtime: list[Req] = field(default_factory=list)
    build: list[Req] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extra_missing: bool = False


def expand(text: str, user: UserRequirement | None = None) -> Iterator[Req]:
    """One PEP 508 string -> the base requirement and one per extra."""
    parsed = specs.requirement(text)
    if parsed is None:
        return
    name = canonical_name(parsed.name)
    spec = str(parsed.specifier)
    # Messages show the requirement without its marker: it held, or we would not be here.
    shown = text.split(";", 1)[0].strip()
    yield Req(name, None, spec, shown, user)
    for extra in sorted({canonical_name(e) for e in parsed.extras}):
        yield Req(name, extra, spec, shown, user)


# `...; extra == "x"` or `...; <cond> and extra == "x"` with no `or`: the most
# common shape by far (a package with 50 extras lists hundreds of them), and
# false for every other extra, so it can be skipped without parsing.
_ONLY_FOR_EXTRA = re.compile(r"""(?:^|\band\s+)extra\s*==\s*["']([^"']+)["']\s*\)?\s*$""")


_OR = re.compile(r"\bor\b")


def only_for_extra(text: str) -> str | None:
    """The extra a requirement is conditional on, when that is all it can be."""
    _, semicolon, marker = text.partition(";")
    if not semicolon or _OR.search(marker):
        return None
    found = _ONLY_FOR_EXTRA.search(marker.strip())
    return canonical_name(found.group(1)) if found else None


def _applies(text: str, environment: tuple[tuple[str, str], ...], extra: str = "") -> bool:
    for_extra = only_for_extra(text)
    if for_extra is not None and for_extra != extra:
        return False
    parsed = specs.requirement(text)
    if parsed is None:
        return False
    return parsed.marker is None or specs.marker_holds(str(parsed.marker), environment)


def _env(base: dict[str, str], extra: str) -> tuple[tuple[str, str], ...]:
    return (*sorted(base.items()), ("extra", extra))


def matching_rules(rules: Sequence[OverrideRule], candidate: Candidate) -> list[OverrideRule]:
    return [
        rule
        for rule in rules
        if rule.package == candidate.name
        and candidate.provider in rule.providers
        and (not rule.versions or specs.contains(rule.versions, candidate.version_text))
    ]


def dependencies_of(
    candidate: Candidate,
    environment: dict[str, str],
    rules: Sequence[OverrideRule],
    releases: Callable[[str], Sequence[Release]] = lambda _: (),
    backends: BackendTable | None = None,
) -> Dependencies:
    """`releases`: a project's releases (an unread sdist build system is taken
    from the nearest sibling); `backends`: the backend table (default: shipped)."""
    out = Dependencies()
    base_env = _env(environment, "")
    release = candidate.release
    requires_dist: tuple[str, ...] | None
    if release is not None:
        requires_dist = release.requires_dist
    elif candidate.nixpkgs is not None and candidate.nixpkgs.dependencies is not None:
        requires_dist = candidate.nixpkgs.dependencies
    else:
        requires_dist = None
    if candidate.extra is not None:
        out.runtime.append(
            Req(candidate.name, None, "", f"{candidate.name}=={candidate.version_text}",
                exact=candidate.version)
        )  # fmt: skip
        extra_env = _env(environment, candidate.extra)
        entries = [
            text
            for text in requires_dist or ()
            if _applies(text, extra_env, candidate.extra) and not _applies(text, base_env)
        ]
        declared = release is not None and candidate.extra in {
            canonical_name(e) for e in release.extras
        }
        out.extra_missing = not entries and not declared and requires_dist is not None
        for text in entries:
            out.runtime.extend(expand(text))
        return out
    malformed = [
        t for t in (*(requires_dist or ()), *(release.build_requires or () if release else ()))
        if only_for_extra(t) is None and specs.requirement(t) is None
    ]  # fmt: skip
    out.warnings.extend(
        f"{candidate.name} {candidate.version_text}: ignored malformed requirement {t!r}"
        for t in malformed
    )
    if requires_dist is None:
        out.warnings.append(
            f"{candidate.name} {candidate.version_text}: dependencies unknown (dynamic "
            "metadata not in the database); resolved without any"
        )
    for text in requires_dist or ():
        if _applies(text, base_env):
            out.runtime.extend(r for r in expand(text) if r.identifier != candidate.name)
    if candidate.provider == "sdist" and release is not None:
        siblings = releases(candidate.name) if release.build_unknown else ()
        build = build_system_of(
            release, siblings, default_table() if backends is None else backends
        )
        if build.warning is not None:
            out.warnings.append(build.warning)
        for text in build.requires:
            if _applies(text, base_env):
                out.build.extend(r for r in expand(text) if r.name != candidate.name)
    for rule in matching_rules(rules, candidate):
        for text in rule.dependencies:
            if _applies(text, base_env):
                out.runtime.extend(expand(text))
        for text in rule.build_system:
            if _applies(text, base_env):
                out.build.extend(expand(text))
    return out
