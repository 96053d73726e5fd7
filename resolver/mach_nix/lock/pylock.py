"""The resolved set (docs/resolved-set.md) <-> PEP 751 pylock.toml data, exactly.

Standard fields carry what every installer understands (name, version,
the one wheel or sdist with its sha256, dependencies); everything else the
Nix side needs sits under `[tool.mach-nix]` and `[packages.tool.mach-nix]`,
so `pylock_to_resolved` rebuilds the resolved set byte for byte.
Packages nixpkgs provides as is have no file, which PEP 751 cannot express:
they live in `[[tool.mach-nix.nixpkgs]]` instead of `[[packages]]`.
"""

from __future__ import annotations

from typing import Any

from mach_nix.errors import UserError

LOCK_VERSION = "1.0"
CREATED_BY = "mach-nix"
RESOLVED_SCHEMA = "mach-nix/resolved-set/1"
TARGET_KEYS = ("python", "implementation", "system", "libc", "libc_version", "macos")
# Per-package fields kept under [packages.tool.mach-nix], in this order.
TOOL_FIELDS = ("provider", "nixpkgs_attr", "extras", "build_system", "needs", "overrides", "roots")


def _environment(target: dict[str, Any]) -> str:
    """PEP 508 marker that holds exactly on the target's platform and Python."""
    system = target["system"]
    arch, _, kernel = system.partition("-")
    darwin = kernel == "darwin"
    machine = "arm64" if darwin and arch == "aarch64" else arch
    python = ".".join(str(target["python"]).split(".")[:2])
    return (
        f"sys_platform == '{'darwin' if darwin else 'linux'}' and "
        f"platform_machine == '{machine}' and "
        f"implementation_name == '{target['implementation']}' and "
        f"python_version == '{python}'"
    )


def _file_entry(file: dict[str, str]) -> dict[str, Any]:
    return {"name": file["filename"], "url": file["url"], "hashes": {"sha256": file["sha256"]}}


def _tool(pkg: dict[str, Any]) -> dict[str, Any]:
    return {k: pkg[k] for k in TOOL_FIELDS if pkg[k] is not None}


def resolved_to_pylock(resolved: dict[str, Any]) -> dict[str, Any]:
    if resolved.get("schema") != RESOLVED_SCHEMA:
        raise UserError(
            f"not a resolved set of schema {RESOLVED_SCHEMA}: {resolved.get('schema')!r}"
        )
    target = resolved["target"]
    python = ".".join(str(target["python"]).split(".")[:2])
    packages: list[dict[str, Any]] = []
    nixpkgs: list[dict[str, Any]] = []
    for name in sorted(resolved["packages"]):
        pkg = resolved["packages"][name]
        if pkg["file"] is None:
            nixpkgs.append({"name": name, "version": pkg["version"], **_tool(pkg),
                            "dependencies": list(pkg["dependencies"])})  # fmt: skip
            continue
        entry: dict[str, Any] = {"name": name, "version": pkg["version"]}
        entry["dependencies"] = [{"name": d} for d in pkg["dependencies"]]
        if pkg["file"]["filename"].endswith(".whl"):
            entry["wheels"] = [_file_entry(pkg["file"])]
        else:
            entry["sdist"] = _file_entry(pkg["file"])
        entry["tool"] = {"mach-nix": _tool(pkg)}
        packages.append(entry)
    tool: dict[str, Any] = {
        "schema": RESOLVED_SCHEMA,
        "target": {k: target[k] for k in TARGET_KEYS if target.get(k) is not None},
        "requirements": list(resolved["requirements"]),
        "warnings": list(resolved["warnings"]),
    }
    if nixpkgs:
        tool["nixpkgs"] = nixpkgs
    return {
        "lock-version": LOCK_VERSION,
        "created-by": CREATED_BY,
        "requires-python": f"=={python}.*",
        "environments": [_environment(target)],
        "packages": packages,
        "tool": {"mach-nix": tool},
    }


def _package(entry: dict[str, Any], tool: dict[str, Any], file: dict[str, str] | None,
             dependencies: list[str]) -> dict[str, Any]:  # fmt: skip
    return {
        "name": entry["name"],
        "version": entry["version"],
        "provider": tool["provider"],
        "file": file,
        "nixpkgs_attr": tool.get("nixpkgs_attr"),
        "extras": list(tool.get("extras", [])),
        "dependencies": dependencies,
        "build_system": list(tool.get("build_system", [])),
        "needs": list(tool.get("needs", [])),
        "overrides": list(tool.get("overrides", [])),
        "roots": list(tool.get("roots", [])),
    }


def pylock_to_resolved(lock: dict[str, Any], where: str = "pylock.toml") -> dict[str, Any]:
    tool = lock.get("tool", {}).get("mach-nix")
    if not isinstance(tool, dict) or tool.get("schema") != RESOLVED_SCHEMA:
        raise UserError(
            f"{where}: no [tool.mach-nix] of schema {RESOLVED_SCHEMA}; "
            "only lock files written by `mach-nix lock` can be evaluated"
        )
    packages: dict[str, Any] = {}
    for entry in lock.get("packages", []):
        ptool = entry.get("tool", {}).get("mach-nix")
        if ptool is None:
            raise UserError(
                f"{where}: package {entry.get('name')!r} has no [packages.tool.mach-nix]"
            )
        source = entry["wheels"][0] if entry.get("wheels") else entry["sdist"]
        file = {
            "filename": source["name"],
            "url": source["url"],
            "sha256": source["hashes"]["sha256"],
        }
        deps = [d["name"] for d in entry.get("dependencies", [])]
        packages[entry["name"]] = _package(entry, ptool, file, deps)
    for entry in tool.get("nixpkgs", []):
        packages[entry["name"]] = _package(entry, entry, None, list(entry["dependencies"]))
    target = {k: tool["target"].get(k) for k in TARGET_KEYS}
    return {
        "schema": RESOLVED_SCHEMA,
        "target": target,
        "requirements": list(tool["requirements"]),
        "packages": {name: packages[name] for name in sorted(packages)},
        "warnings": list(tool["warnings"]),
    }
