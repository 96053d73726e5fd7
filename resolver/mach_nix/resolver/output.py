"""The resolved set (docs/resolved-set.md, schema mach-nix/resolved-set/1)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mach_nix.target import Target

SCHEMA = "mach-nix/resolved-set/1"


@dataclass(frozen=True)
class ResolvedFile:
    filename: str
    url: str
    sha256: str


@dataclass(frozen=True)
class ResolvedPackage:
    name: str
    version: str
    provider: str
    file: ResolvedFile | None
    nixpkgs_attr: str | None
    extras: tuple[str, ...]
    dependencies: tuple[str, ...]
    build_system: tuple[str, ...]
    needs: tuple[str, ...]
    overrides: tuple[str, ...]
    roots: tuple[str, ...]

    def to_data(self) -> dict[str, Any]:
        file = None if self.file is None else vars(self.file).copy()
        return {
            "name": self.name,
            "version": self.version,
            "provider": self.provider,
            "file": file,
            "nixpkgs_attr": self.nixpkgs_attr,
            "extras": sorted(self.extras),
            "dependencies": sorted(self.dependencies),
            "build_system": sorted(self.build_system),
            "needs": sorted(self.needs),
            "overrides": list(self.overrides),
            "roots": sorted(self.roots),
        }


def target_data(target: Target) -> dict[str, Any]:
    darwin = target.is_darwin
    return {
        "python": target.python,
        "implementation": target.implementation,
        "system": target.system,
        "libc": None if darwin else target.libc,
        "libc_version": None if darwin else target.libc_version,
        "macos": target.macos if darwin else None,
    }


@dataclass(frozen=True)
class ResolvedSet:
    target: Target
    requirements: tuple[str, ...]
    packages: Mapping[str, ResolvedPackage]
    warnings: tuple[str, ...]

    def to_data(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "target": target_data(self.target),
            "requirements": list(self.requirements),
            "packages": {name: self.packages[name].to_data() for name in sorted(self.packages)},
            "warnings": list(self.warnings),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_data(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def versions(self) -> dict[str, str]:
        return {name: pkg.version for name, pkg in self.packages.items()}
