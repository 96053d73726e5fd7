"""Override rules as the resolver sees them (overrides/rules.json, docs/overrides.md).

Only id, package, versions, providers, build-system and dependencies matter
here; the other keys are the Nix library's and are kept, unread, in `extra`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from mach_nix.errors import UserError
from mach_nix.jsonfile import read_json_file
from mach_nix.model import OverrideRule, canonical_name
from mach_nix.requirements.model import parse_requirement_text

SCHEMA = "mach-nix/overrides/1"
_PROVIDERS = ("wheel", "sdist", "nixpkgs")
_RESOLVER_KEYS = {"id", "package", "versions", "providers", "build-system", "dependencies"}


def _string_list(rule: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = rule.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UserError(f"{where}.{key} must be a list of strings")
    return tuple(value)


def _rule(raw: Any, where: str) -> OverrideRule:
    if not isinstance(raw, dict):
        raise UserError(f"{where}: expected an object")
    rule_id, package = raw.get("id"), raw.get("package")
    if not isinstance(rule_id, str) or not rule_id or not isinstance(package, str) or not package:
        raise UserError(f"{where}: id and package must be non-empty strings")
    where = f"{where} ({rule_id})"
    versions = raw.get("versions", "")
    if not isinstance(versions, str):
        raise UserError(f"{where}.versions must be a PEP 440 specifier string")
    try:
        SpecifierSet(versions)
    except InvalidSpecifier:
        raise UserError(
            f"{where}.versions: {versions!r} is not a PEP 440 specifier set like '>=1.2,<2'"
        ) from None
    providers = _string_list(raw, "providers", where) if "providers" in raw else _PROVIDERS
    unknown = [p for p in providers if p not in _PROVIDERS]
    if unknown:
        raise UserError(f"{where}.providers: unknown provider {unknown[0]!r}")
    build_system = _string_list(raw, "build-system", where)
    dependencies = _string_list(raw, "dependencies", where)
    for text in (*build_system, *dependencies):
        parse_requirement_text(text, where)
    return OverrideRule(
        id=rule_id,
        package=canonical_name(package),
        versions=versions,
        providers=providers,
        build_system=build_system,
        dependencies=dependencies,
        extra={k: v for k, v in raw.items() if k not in _RESOLVER_KEYS},
    )


def parse_rules(data: Any, where: str) -> tuple[OverrideRule, ...]:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise UserError(f'{where}: expected a JSON object with "schema": "{SCHEMA}"')
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        raise UserError(f"{where}: rules must be a list")
    out = tuple(_rule(raw, f"{where} rules[{i}]") for i, raw in enumerate(rules))
    seen: set[str] = set()
    for rule in out:
        if rule.id in seen:
            raise UserError(f"{where}: rule id {rule.id!r} is used twice")
        seen.add(rule.id)
    return out


def load_rules(path: str | Path | None) -> tuple[OverrideRule, ...]:
    """Rules from a rules.json; None or a missing default file: no rules."""
    if path is None:
        return ()
    path = Path(path)
    return parse_rules(read_json_file(path, "override rules file"), str(path))
