"""A requirement the user wrote, with its origin."""

from __future__ import annotations

from dataclasses import dataclass, field

from packaging.requirements import InvalidRequirement, Requirement

from mach_nix.errors import UserError
from mach_nix.model import canonical_name


@dataclass(frozen=True)
class UserRequirement:
    """One PEP 508 requirement and where the user wrote it."""

    requirement: Requirement
    text: str  # as written (after joining continuation lines, options removed)
    origin: str  # "requirements.txt:3", "pyproject.toml [project.dependencies]", "<command line>"

    @property
    def name(self) -> str:
        return canonical_name(self.requirement.name)

    def describe(self) -> str:
        return f"{self.text} ({self.origin})"


@dataclass(frozen=True)
class RequirementSet:
    """What to install (requirements) and what limits it (constraints, pip's -c)."""

    requirements: tuple[UserRequirement, ...] = ()
    constraints: tuple[UserRequirement, ...] = ()
    hashes: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    prereleases: bool = False  # a requirements file said --pre

    def __add__(self, other: RequirementSet) -> RequirementSet:
        return RequirementSet(
            self.requirements + other.requirements,
            self.constraints + other.constraints,
            {**self.hashes, **other.hashes},
            self.prereleases or other.prereleases,
        )


def parse_requirement_text(text: str, origin: str) -> UserRequirement:
    """Parse one PEP 508 string; a mistake names the origin and the text."""
    try:
        req = Requirement(text)
    except InvalidRequirement as err:
        raise UserError(f"{origin}: invalid requirement {text!r}: {err}") from None
    if req.url:
        raise UserError(
            f"{origin}: direct reference {text!r} is not supported: mach-nix resolves "
            f"from its database only; require {req.name} by version instead "
            f"(e.g. `{req.name}>=1.0`), or package it with Nix"
        )
    return UserRequirement(req, text, origin)
