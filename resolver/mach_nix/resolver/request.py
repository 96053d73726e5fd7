"""What a resolution is asked to do: `ResolveRequest` and provider preferences."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mach_nix.errors import UserError
from mach_nix.index.base import Index
from mach_nix.model import NixpkgsPackage, OverrideRule, canonical_name
from mach_nix.requirements.model import UserRequirement
from mach_nix.target import Target

PROVIDERS = ("wheel", "sdist", "nixpkgs")
# Wheels need no compiler and no build system; sdists build from source with
# their resolved build system; nixpkgs last because its one version per
# package rarely matches what the rest of the closure asks (docs/resolver.md).
DEFAULT_PROVIDERS = ("wheel", "sdist", "nixpkgs")
DEFAULT_KEY = "_default"


def parse_provider_list(value: str | Sequence[str], where: str) -> tuple[str, ...]:
    """'wheel,sdist' (commas or spaces) or ["wheel", "sdist"] -> ("wheel", "sdist")."""
    items = re.split(r"[\s,]+", value) if isinstance(value, str) else list(value)
    if not all(isinstance(item, str) for item in items):
        raise UserError(f"{where}: expected provider names, got {value!r}")
    out = tuple(item.strip() for item in items if item.strip())
    if not out:
        raise UserError(f"{where}: no provider given; providers are {', '.join(PROVIDERS)}")
    unknown = [p for p in out if p not in PROVIDERS]
    if unknown:
        raise UserError(
            f"{where}: unknown provider {unknown[0]!r}; providers are {', '.join(PROVIDERS)}"
        )
    if len(set(out)) != len(out):
        raise UserError(f"{where}: provider listed twice in {value!r}")
    return out


def provider_preferences(
    mapping: Mapping[str, str | Sequence[str]], where: str = "providers"
) -> dict[str, tuple[str, ...]]:
    """Validate {"_default": "wheel,sdist", "numpy": "nixpkgs"}; names canonicalised."""
    out: dict[str, tuple[str, ...]] = {DEFAULT_KEY: DEFAULT_PROVIDERS}
    for key, value in mapping.items():
        if not isinstance(value, (str, list, tuple)):
            raise UserError(
                f'{where}.{key}: expected a provider list like "wheel,sdist", got {value!r}'
            )
        name = DEFAULT_KEY if key == DEFAULT_KEY else canonical_name(key)
        out[name] = parse_provider_list(value, f"{where}.{key}")
    return out


@dataclass(frozen=True)
class ResolveRequest:
    """Everything one resolution depends on; the same request gives the same set."""

    requirements: Sequence[UserRequirement]
    target: Target
    index: Index
    constraints: Sequence[UserRequirement] = ()
    # canonical name or "_default" -> providers in order of preference;
    # a provider not listed is disabled for that package.
    providers: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {DEFAULT_KEY: DEFAULT_PROVIDERS}
    )
    nixpkgs: Sequence[NixpkgsPackage] = ()
    overrides: Sequence[OverrideRule] = ()
    allow_prereleases: bool = False

    def providers_for(self, name: str) -> tuple[str, ...]:
        found = self.providers.get(name)
        if found is not None:
            return found
        return self.providers.get(DEFAULT_KEY, DEFAULT_PROVIDERS)
