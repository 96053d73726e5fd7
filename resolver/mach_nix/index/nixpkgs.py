"""The nixpkgs index: what `python.pkgs` offers, as Nix writes it (lib/nixpkgs-index.nix).

Format: a JSON list of {"attr", "pname", "version"} objects, each optionally
with "dependencies": [PyPI names it propagates].
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mach_nix.errors import UserError
from mach_nix.jsonfile import read_json_file
from mach_nix.model import NixpkgsPackage, canonical_name


def parse_nixpkgs_index(data: Any, where: str) -> tuple[NixpkgsPackage, ...]:
    if not isinstance(data, list):
        raise UserError(f"{where}: expected a JSON list of {{attr, pname, version}} objects")
    out: list[NixpkgsPackage] = []
    for i, entry in enumerate(data):
        item = f"{where}[{i}]"
        if not isinstance(entry, dict):
            raise UserError(f"{item}: expected an object, got {entry!r}")
        values = [entry.get(key) for key in ("attr", "pname", "version")]
        if not all(isinstance(v, str) and v for v in values):
            raise UserError(f"{item}: attr, pname and version must be non-empty strings")
        deps = entry.get("dependencies")
        if deps is not None and not (
            isinstance(deps, list) and all(isinstance(d, str) for d in deps)
        ):
            raise UserError(f"{item}: dependencies must be a list of names")
        attr, pname, version = values
        out.append(
            NixpkgsPackage(
                attr=str(attr),
                pname=canonical_name(str(pname)),
                version=str(version),
                dependencies=None if deps is None else tuple(canonical_name(d) for d in deps),
            )
        )
    return tuple(out)


def load_nixpkgs_index(path: str | Path) -> tuple[NixpkgsPackage, ...]:
    path = Path(path)
    return parse_nixpkgs_index(read_json_file(path, "nixpkgs index"), str(path))
