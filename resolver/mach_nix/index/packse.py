"""An Index over one packse scenario file (../shared/conformance/README.md).

Files get fake but well-formed filenames, URLs and sha256 digests, so the
resolved set of a scenario looks exactly like a real one.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from mach_nix.errors import UserError
from mach_nix.model import DistFile, Release, canonical_name
from mach_nix.target import Target

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# packse's default when a version gives no requires_python.
DEFAULT_REQUIRES_PYTHON = ">=3.12"
DEFAULT_WHEEL_TAGS = ("py3-none-any",)
URL_BASE = "https://packse.invalid/files/"


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario: the index plus the question and the expected answer."""

    name: str
    root_requires: tuple[str, ...]
    index: PackseIndex
    satisfiable: bool
    expected: dict[str, str]
    explanation: str
    python: str  # target: [resolver_options].python, else [environment].python
    python_platform: str | None
    prereleases: bool
    no_binary: bool | tuple[str, ...]
    no_build: bool | tuple[str, ...]
    universal: bool = False

    def target(self) -> Target:
        system, libc, libc_version, macos = platform_target(self.python_platform)
        return Target(
            python=self.python,
            system=system,
            libc=libc,
            libc_version=libc_version,
            macos=macos,
        )

    def providers(self) -> dict[str, tuple[str, ...]]:
        """no_binary -> sdist only, no_build -> wheel only (per package or for all)."""
        out: dict[str, tuple[str, ...]] = {"_default": ("wheel", "sdist")}
        for option, only in ((self.no_binary, ("sdist",)), (self.no_build, ("wheel",))):
            if option is True:
                out["_default"] = only
            elif option:
                out.update(dict.fromkeys(option, only))
        return out


# uv's defaults for platforms named without a libc / OS version.
_DEFAULT_GLIBC = "2.28"
_DEFAULT_MUSL = "1.2"
_DEFAULT_MACOS = "13.0"


def platform_target(platform: str | None) -> tuple[str, str, str, str]:
    """uv's --python-platform (e.g. x86_64-manylinux_2_17) -> (system, libc, version, macos)."""
    if platform is None:
        default = Target()
        return default.system, default.libc, default.libc_version, default.macos
    aliases = {
        "linux": "x86_64-unknown-linux-gnu",
        "macos": "aarch64-apple-darwin",
    }
    platform = aliases.get(platform, platform)
    arch, _, rest = platform.partition("-")
    if arch == "arm64":
        arch = "aarch64"
    if rest.startswith("manylinux_"):
        major, minor = rest.removeprefix("manylinux_").split("_")[:2]
        return f"{arch}-linux", "glibc", f"{major}.{minor}", _DEFAULT_MACOS
    if rest == "unknown-linux-gnu":
        return f"{arch}-linux", "glibc", _DEFAULT_GLIBC, _DEFAULT_MACOS
    if rest == "unknown-linux-musl":
        return f"{arch}-linux", "musl", _DEFAULT_MUSL, _DEFAULT_MACOS
    if rest == "apple-darwin":
        return f"{arch}-darwin", "glibc", _DEFAULT_GLIBC, _DEFAULT_MACOS
    raise UserError(
        f"python_platform {platform!r} is not a Nix target (supported: "
        "<arch>-manylinux_2_X, <arch>-unknown-linux-gnu/musl, <arch>-apple-darwin, linux, macos)"
    )


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UserError(f"{where} must be a table, got {value!r}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise UserError(f"{where} must be a list, got {value!r}")
    return value


def _with_extra(text: str, extra: str, where: str) -> str:
    try:
        req = Requirement(text)
    except InvalidRequirement as err:
        raise UserError(f"{where}: invalid requirement {text!r}: {err}") from None
    marker = f'extra == "{extra}"'
    if req.marker is not None:
        marker = f"({req.marker}) and {marker}"
    req.marker = None
    return f"{req} ; {marker}"


def _file(
    scenario: str, filename: str, kind: str, yanked: bool | str, requires_python: str
) -> DistFile:
    digest = hashlib.sha256(f"{scenario}/{filename}".encode()).hexdigest()
    return DistFile(
        filename=filename,
        url=URL_BASE + filename,
        sha256=digest,
        kind="wheel" if kind == "wheel" else "sdist",
        yanked=yanked,
        requires_python=requires_python,
    )


def _release(scenario: str, name: str, version: str, data: dict[str, Any], where: str) -> Release:
    requires_python = str(data.get("requires_python", DEFAULT_REQUIRES_PYTHON))
    # PEP 592: true, or the reason as a string.
    raw_yanked = data.get("yanked", False)
    yanked: bool | str = (
        raw_yanked if isinstance(raw_yanked, str) and raw_yanked else bool(raw_yanked)
    )
    stem = f"{name.replace('-', '_')}-{version}"
    files: list[DistFile] = []
    if data.get("sdist", True):
        files.append(_file(scenario, f"{stem}.tar.gz", "sdist", yanked, requires_python))
    if data.get("wheel", True):
        tags = _list(data.get("wheel_tags", list(DEFAULT_WHEEL_TAGS)), f"{where}.wheel_tags")
        for tag in tags:
            files.append(_file(scenario, f"{stem}-{tag}.whl", "wheel", yanked, requires_python))
    requires = [str(r) for r in _list(data.get("requires", []), f"{where}.requires")]
    extras = _table(data.get("extras", {}), f"{where}.extras")
    for extra, reqs in sorted(extras.items()):
        requires.extend(
            _with_extra(str(r), extra, where) for r in _list(reqs, f"{where}.extras.{extra}")
        )
    return Release(
        name=name,
        version=version,
        files=tuple(files),
        requires_python=requires_python,
        requires_dist=tuple(requires),
        extras=tuple(sorted(canonical_name(e) for e in extras)),
        build_requires=(),  # packse sdists need nothing to build
    )


class PackseIndex:
    def __init__(self, scenario: str, releases: dict[str, list[Release]]) -> None:
        self._scenario = scenario
        self._releases = releases

    def releases(self, name: str) -> Sequence[Release]:
        return self._releases.get(canonical_name(name), [])

    def describe(self) -> str:
        return f"packse scenario {self._scenario!r}"


def _prereleases(value: Any) -> bool:
    """`true`, or uv's strategy name: only "allow" means every pre-release; the
    others ("if-necessary-or-explicit", ...) are what the resolver does anyway."""
    return value is True or value == "allow"


def _names(value: Any) -> bool | tuple[str, ...]:
    if isinstance(value, bool):
        return value
    return tuple(canonical_name(str(v)) for v in value or ())


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise UserError(f"cannot read packse scenario {path}: {err}") from None
    name = str(data.get("name", path.stem))
    releases: dict[str, list[Release]] = {}
    for raw_name, package in _table(data.get("packages", {}), f"{path} [packages]").items():
        canonical = canonical_name(raw_name)
        where = f"{path} [packages.{raw_name}]"
        versions = _table(_table(package, where).get("versions", {}), f"{where}.versions")
        for version, info in versions.items():
            where = f"{path} [packages.{raw_name}.versions.{version!r}]"
            releases.setdefault(canonical, []).append(
                _release(name, canonical, str(version), _table(info or {}, where), where)
            )
    options = _table(data.get("resolver_options", {}), f"{path} [resolver_options]")
    environment = _table(data.get("environment", {}), f"{path} [environment]")
    expected = _table(data.get("expected", {}), f"{path} [expected]")
    root = _table(data.get("root", {}), f"{path} [root]")
    return Scenario(
        name=name,
        root_requires=tuple(
            str(r) for r in _list(root.get("requires", []), f"{path} [root].requires")
        ),
        index=PackseIndex(name, releases),
        satisfiable=bool(expected.get("satisfiable", True)),
        expected={
            canonical_name(k): str(v)
            for k, v in _table(expected.get("packages", {}), f"{path} [expected.packages]").items()
        },
        explanation=str(expected.get("explanation", "")),
        python=str(options.get("python") or environment.get("python") or "3.12"),
        python_platform=options.get("python_platform"),
        prereleases=_prereleases(options.get("prereleases", False)),
        no_binary=_names(options.get("no_binary", ())),
        no_build=_names(options.get("no_build", ())),
        universal=bool(options.get("universal", False)),
    )
