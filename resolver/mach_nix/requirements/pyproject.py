"""PEP 621 `[project]` dependencies and PEP 735 `[dependency-groups]`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from packaging.markers import Marker
from packaging.requirements import Requirement

from mach_nix.errors import UserError
from mach_nix.model import canonical_name
from mach_nix.requirements.model import RequirementSet, UserRequirement, parse_requirement_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UserError(f"{where} must be a list of requirement strings")
    return value


def _group_requirements(
    groups: dict[str, Any], name: str, where: str, seen: tuple[str, ...]
) -> list[UserRequirement]:
    """PEP 735: a group's entries are strings or {include-group = "other"}."""
    by_canonical = {canonical_name(k): k for k in groups}
    key = by_canonical.get(canonical_name(name))
    if key is None:
        known = ", ".join(sorted(groups)) or "none"
        raise UserError(f"{where}: no dependency group {name!r} (groups: {known})")
    if canonical_name(key) in seen:
        chain = " -> ".join([*seen, canonical_name(key)])
        raise UserError(f"{where}: dependency groups include each other: {chain}")
    entries = groups[key]
    origin = f"{where} [dependency-groups].{key}"
    if not isinstance(entries, list):
        raise UserError(f"{origin} must be a list")
    out: list[UserRequirement] = []
    for entry in entries:
        if isinstance(entry, str):
            out.append(parse_requirement_text(entry, origin))
        elif isinstance(entry, dict) and set(entry) == {"include-group"}:
            out.extend(
                _group_requirements(
                    groups, str(entry["include-group"]), where, (*seen, canonical_name(key))
                )
            )
        else:
            raise UserError(f"{origin}: entry {entry!r} is neither a string nor an include-group")
    return out


def read_pyproject(
    path: str | Path,
    *,
    extras: Sequence[str] = (),
    groups: Sequence[str] = (),
) -> RequirementSet:
    """Dependencies of a pyproject.toml: [project].dependencies, the optional
    dependencies of the chosen extras and the chosen PEP 735 groups."""
    path = Path(path)
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UserError(f"{where} does not exist") from None
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(f"cannot read {where}: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise UserError(f"{where} is not valid TOML: {err}") from None
    out: list[UserRequirement] = []
    project = data.get("project", {})
    if not isinstance(project, dict):
        raise UserError(f"{where}: [project] must be a table")
    if "project" not in data and not groups:
        raise UserError(
            f"{where} has no [project] table (PEP 621), so it names no dependencies; "
            "add [project] with `dependencies = [...]`, select a [dependency-groups] "
            "group with --group, or list the requirements in a requirements.txt"
        )
    origin = f"{where} [project.dependencies]"
    if "dependencies" in project.get("dynamic", []):
        raise UserError(
            f"{where}: [project] declares its dependencies dynamic, so they are only known "
            "after a build; list them in a requirements.txt instead"
        )
    for text in _strings(project.get("dependencies", []), origin):
        out.append(parse_requirement_text(text, origin))
    optional = project.get("optional-dependencies", {})
    if extras and "optional-dependencies" in project.get("dynamic", []):
        raise UserError(
            f"{where}: [project] declares its optional-dependencies dynamic, so extras are "
            "only known after a build; list them in a requirements.txt instead"
        )
    if not isinstance(optional, dict):
        raise UserError(f"{where}: [project.optional-dependencies] must be a table")
    by_canonical = {canonical_name(k): k for k in optional}

    def extra_requirements(extra: str, asked_by: str) -> list[UserRequirement]:
        key = by_canonical.get(canonical_name(extra))
        if key is None:
            known = ", ".join(sorted(optional)) or "none"
            raise UserError(
                f"{asked_by}: no extra {extra!r} in [project.optional-dependencies] "
                f"(extras: {known})"
            )
        origin = f"{where} [project.optional-dependencies].{key}"
        return [parse_requirement_text(text, origin) for text in _strings(optional[key], origin)]

    selected: list[UserRequirement] = []
    for extra in extras:
        selected.extend(extra_requirements(extra, where))
    dependency_groups = data.get("dependency-groups", {})
    if groups and not isinstance(dependency_groups, dict):
        raise UserError(f"{where}: [dependency-groups] must be a table")
    for group in groups:
        selected.extend(_group_requirements(dependency_groups, group, where, ()))
    name = project.get("name")
    own = canonical_name(name) if isinstance(name, str) else None
    seen = {canonical_name(e) for e in extras}
    out.extend(_without_self(selected, own, extra_requirements, seen))
    return RequirementSet(tuple(out))


def _without_self(
    requirements: list[UserRequirement],
    own: str | None,
    extra_requirements: Callable[[str, str], list[UserRequirement]],
    seen: set[str],
) -> list[UserRequirement]:
    """`all = ["me[test,docs]"]`: a project naming itself means its own extras'
    requirements (its dependencies are in already); the database does not
    know a project that is not published."""
    out: list[UserRequirement] = []
    for req in requirements:
        if req.name != own:
            out.append(req)
            continue
        for extra in sorted(canonical_name(e) for e in req.requirement.extras):
            if extra in seen:
                continue
            seen.add(extra)
            inner = _without_self(
                extra_requirements(extra, req.origin), own, extra_requirements, seen
            )
            out.extend(_under_marker(r, req.requirement.marker) for r in inner)
    return out


def _under_marker(req: UserRequirement, outer: Marker | None) -> UserRequirement:
    """A requirement reached through `me[x]; <outer>` holds only where outer does."""
    if outer is None:
        return req
    parsed = Requirement(str(req.requirement))
    parsed.marker = Marker(f"({parsed.marker}) and ({outer})") if parsed.marker else outer
    return UserRequirement(parsed, str(parsed), req.origin)
