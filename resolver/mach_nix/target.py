"""The machine a resolution is for: never the host running the resolver.

A target is what Nix knows about the interpreter and platform it builds for.
From it follow the PEP 508 marker environment and the ordered list of wheel
tags (PEP 425/600/656) the target accepts, best first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from packaging import tags as _tags
from packaging.version import Version

from mach_nix.errors import UserError

SYSTEMS = ("x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin")

# glibc of current nixpkgs (25.05 and later); Nix passes the real one.
DEFAULT_GLIBC = "2.40"
# nixpkgs' darwinMinVersion for aarch64-darwin since 2025; Nix passes the real one.
DEFAULT_MACOS = "11.0"

# PEP 600 legacy aliases: manylinux1 = 2_5, manylinux2010 = 2_12, manylinux2014 = 2_17.
_LEGACY_MANYLINUX = {(2, 17): "manylinux2014", (2, 12): "manylinux2010", (2, 5): "manylinux1"}


_MAJOR_MINOR = re.compile(r"^(\d+)(?:\.(\d+))?")
# CPython 3 as nixpkgs' python.version spells it: 3.11, 3.11.7, 3.13.0rc1.
_PYTHON = re.compile(r"^3\.(0|[1-9]\d*)(\.(0|[1-9]\d*)((a|b|rc)(0|[1-9]\d*))?)?$")


def _major_minor(value: str, what: str, example: str) -> tuple[int, int]:
    """'2.40-66' (nixpkgs' glibc) -> (2, 40); '11' -> (11, 0)."""
    found = _MAJOR_MINOR.match(value)
    if found is None:
        raise TargetError(f"{what} {value!r} is not a version like {example}")
    return int(found.group(1)), int(found.group(2) or 0)


class TargetError(UserError, ValueError):
    """A target that cannot be built for; the message says which value is wrong."""


@dataclass(frozen=True)
class Target:
    python: str = "3.11"  # "3.11" or a full "3.11.7"
    system: str = "x86_64-linux"
    implementation: str = "cpython"
    libc: str = "glibc"  # "glibc" or "musl" on Linux
    libc_version: str = DEFAULT_GLIBC
    macos: str = DEFAULT_MACOS

    def __post_init__(self) -> None:
        if self.system not in SYSTEMS:
            raise TargetError(f"unknown system {self.system!r}; supported: {', '.join(SYSTEMS)}")
        if self.implementation != "cpython":
            raise TargetError(
                f"unsupported implementation {self.implementation!r}; only cpython is supported"
            )
        if not _PYTHON.match(self.python):
            raise TargetError(
                f"python version {self.python!r} is not a CPython 3 version like 3.11, "
                "3.11.7 or 3.13.0rc1"
            )
        if self.libc not in ("glibc", "musl"):
            raise TargetError(f"unknown libc {self.libc!r}; expected glibc or musl")
        self._libc_major_minor()
        self._macos_major_minor()

    def _libc_major_minor(self) -> tuple[int, int]:
        example = "1.2" if self.libc == "musl" else "2.40"
        return _major_minor(self.libc_version, f"{self.libc} version", example)

    def _macos_major_minor(self) -> tuple[int, int]:
        return _major_minor(self.macos, "macOS version", "11.0 or 14")

    # -- platform facts -------------------------------------------------------

    @property
    def arch(self) -> str:
        return self.system.split("-", 1)[0]

    @property
    def is_darwin(self) -> bool:
        return self.system.endswith("-darwin")

    @property
    def python_version(self) -> str:
        """major.minor, as the `python_version` marker spells it."""
        major, minor = self.python.split(".")[:2]
        return f"{major}.{minor}"

    @property
    def python_full_version(self) -> str:
        parts = self.python.split(".")
        # A bare "3.11" stands for the newest patch release; ".0" would wrongly
        # fail `python_full_version >= "3.11.1"` markers, so use a high patch.
        return self.python if len(parts) >= 3 else f"{self.python}.99"

    @cached_property
    def python_version_obj(self) -> Version:
        return Version(self.python_full_version)

    @property
    def machine(self) -> str:
        """platform.machine() on the target."""
        if self.is_darwin and self.arch == "aarch64":
            return "arm64"
        return self.arch

    # -- PEP 508 ---------------------------------------------------------------

    @cached_property
    def marker_environment(self) -> dict[str, str]:
        darwin = self.is_darwin
        return {
            "implementation_name": "cpython",
            "implementation_version": self.python_full_version,
            "os_name": "posix",
            "platform_machine": self.machine,
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_system": "Darwin" if darwin else "Linux",
            "platform_version": "",
            "python_full_version": self.python_full_version,
            "python_version": self.python_version,
            "sys_platform": "darwin" if darwin else "linux",
        }

    # -- PEP 425 / 600 / 656 ---------------------------------------------------

    @cached_property
    def platforms(self) -> tuple[str, ...]:
        """Platform tags the target accepts, most specific first."""
        if self.is_darwin:
            major, minor = self._macos_major_minor()
            arch = "arm64" if self.arch == "aarch64" else "x86_64"
            return tuple(_tags.mac_platforms((major, minor), arch))
        major, minor = self._libc_major_minor()
        out: list[str] = []
        if self.libc == "musl":
            out.extend(f"musllinux_{major}_{m}_{self.arch}" for m in range(minor, -1, -1))
            return tuple(out)
        # aarch64 has no manylinux below 2_17; x86_64 goes down to manylinux1.
        floor = 17 if self.arch == "aarch64" else 5
        for m in range(minor, floor - 1, -1):
            out.append(f"manylinux_{major}_{m}_{self.arch}")
            legacy = _LEGACY_MANYLINUX.get((major, m))
            if legacy:
                out.append(f"{legacy}_{self.arch}")
        return tuple(out)

    @cached_property
    def supported_tags(self) -> tuple[_tags.Tag, ...]:
        major, minor = (int(x) for x in self.python_version.split("."))
        version = (major, minor)
        platforms = list(self.platforms)
        found = list(_tags.cpython_tags(version, [f"cp{major}{minor}"], platforms))
        found.extend(_tags.compatible_tags(version, f"cp{major}{minor}", platforms))
        return tuple(dict.fromkeys(found))

    @cached_property
    def tag_priority(self) -> dict[_tags.Tag, int]:
        """Tag -> rank (0 is best); a tag missing here is incompatible."""
        return {tag: i for i, tag in enumerate(self.supported_tags)}

    def wheel_rank(self, wheel_tags: frozenset[_tags.Tag]) -> int | None:
        """Best rank among a wheel's tags, or None when the target cannot use it."""
        ranks = [r for t in wheel_tags if (r := self.tag_priority.get(t)) is not None]
        return min(ranks) if ranks else None

    def describe(self) -> str:
        platform = f"macOS {self.macos}" if self.is_darwin else f"{self.libc} {self.libc_version}"
        return f"CPython {self.python} on {self.system} ({platform})"
