"""What a PEP 517 build backend asks for beyond `[build-system].requires`.

A backend may add build requirements at build time (PEP 517
`get_requires_for_build_wheel`): meson-python adds ninja, scikit-build-core
cmake and ninja, setuptools before 70.1 the wheel package. pip installs them
on the fly; nixpkgs builds without isolation and installs nothing, so they
must be resolved with everything else. The knowledge is data,
data/backends.json (docs/resolver.md, "Build systems"); the resolver and the
crawler's closure read the same table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

from mach_nix.model import canonical_name

SCHEMA = "mach-nix/backends/1"
# PEP 517: no build-backend (with or without [build-system]) means this one,
# and no [build-system] at all means these requirements (its `wheel`, before
# setuptools 70.1, comes from the table like any backend's additions).
LEGACY_BACKEND = "setuptools.build_meta:__legacy__"
FALLBACK_BUILD_REQUIRES = ("setuptools>=40.8.0",)
_LOWER_BOUNDS = (">=", "==", "~=", ">", "===")


@dataclass(frozen=True, slots=True)
class BackendRequirement:
    """One requirement a backend adds."""

    requirement: str  # PEP 508
    # "name<spec>": only while the sdist's own requirement on `name` admits a
    # version in that range (judged by the lowest version it admits, since the
    # version the resolver will pick is not known yet); never when the sdist
    # does not require `name` at all.
    when: str | None = None


BackendTable = Mapping[str, tuple[BackendRequirement, ...]]


def parse_table(data: object, source: str) -> BackendTable:
    """The table from its JSON form; `source` names it in errors."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ValueError(f"{source}: not a {SCHEMA} table")
    backends = data.get("backends")
    if not isinstance(backends, dict):
        raise ValueError(f"{source}: `backends` must map backend names to lists")
    table: dict[str, tuple[BackendRequirement, ...]] = {}
    for backend, entries in backends.items():
        parsed = []
        for entry in entries:
            text, when = entry.get("requirement"), entry.get("when")
            for value in (text, when):
                if value is not None:
                    try:
                        Requirement(value)
                    except InvalidRequirement as err:
                        raise ValueError(f"{source}: {backend}: {value!r}: {err}") from None
            if text is None:
                raise ValueError(f"{source}: {backend}: an entry without `requirement`")
            parsed.append(BackendRequirement(text, when))
        table[backend] = tuple(parsed)
    return table


@cache
def default_table() -> BackendTable:
    """The shipped table (read once: it is package data, constant)."""
    path = resources.files("mach_nix") / "data" / "backends.json"
    return parse_table(json.loads(path.read_text(encoding="utf-8")), "mach_nix/data/backends.json")


def _parse(text: str) -> Requirement | None:
    try:
        return Requirement(text)
    except InvalidRequirement:
        return None


def lowest_admitted(name: str, declared: Iterable[str]) -> Version | None:
    """The lowest version of `name` the declared requirements let through
    (0: no lower bound; None: `name` is not required)."""
    lowest = None
    for text in declared:
        req = _parse(text)
        if req is None or canonical_name(req.name) != name:
            continue
        lowest = lowest or Version("0")
        for spec in req.specifier:
            if spec.operator in _LOWER_BOUNDS:
                try:
                    bound = Version(spec.version.removesuffix(".*"))
                except InvalidVersion:
                    continue
                lowest = max(lowest, bound)
    return lowest


def build_requirements(
    requires: tuple[str, ...] | None, backend: str | None, table: BackendTable
) -> tuple[str, ...]:
    """An sdist's full build requirements: its [build-system].requires (None: no
    [build-system], PEP 517's fallback) and what its backend adds."""
    declared = FALLBACK_BUILD_REQUIRES if requires is None else requires
    return (*declared, *extra_requirements(backend, declared, table))


def extra_requirements(
    backend: str | None, declared: Iterable[str], table: BackendTable
) -> tuple[str, ...]:
    """What `backend` adds to the `declared` build requirements (PEP 508 strings)."""
    declared = tuple(declared)
    out = []
    for entry in table.get(backend or LEGACY_BACKEND, ()):
        if entry.when is not None:
            condition = Requirement(entry.when)
            name = canonical_name(condition.name)
            lowest = lowest_admitted(name, declared)
            if lowest is None or not condition.specifier.contains(lowest, prereleases=True):
                continue
        out.append(entry.requirement)
    return tuple(out)
