"""What a crawl keeps: files some target can use, and which releases (docs/database.md).

Release selection is by version, not by upload date, because plain PEP 503
indexes (and many mirrors) do not say when a file was uploaded:

- every release of the `recent_series` newest release series (major.minor),
  which is where resolvers look first and where patch pins land;
- the newest release of each of the `series` newest series, so upper bounds
  such as `numpy<2` or `django<4.3` still find their best match;
- any version a root requirement pins with `==`/`===`;
- for every specifier the closure puts on the project (`fastapi<0.137,>=0.129`
  in apache-airflow-core's metadata), the newest version it admits, so
  upper bounds anywhere in the closure find their best match;
- pre-releases only when a project has no final release at all (or pinned).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.tags import Tag
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from mach_nix.index.pep691 import IndexFile
from mach_nix.target import SYSTEMS, Target

DEFAULT_PYTHONS = ("3.10", "3.11", "3.12", "3.13")
SDIST_SUFFIXES = (".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz")
# Filtering must not drop wheels a newer macOS target could use.
FILTER_MACOS = "26.0"


@dataclass(frozen=True)
class Policy:
    pythons: tuple[str, ...] = DEFAULT_PYTHONS
    systems: tuple[str, ...] = SYSTEMS
    recent_series: int = 3
    series: int = 20
    # Releases (newest first) whose sdist [build-system] is read; with N > 0
    # the newest release of every kept series too (build_info_versions).
    build_info: int = 1
    # Releases (newest first) whose Linux wheels get ELF analysis.
    analyse: int = 1
    pins: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    # Build sdists whose metadata is dynamic, to learn their requirements.
    build_metadata: bool = False

    @cached_property
    def targets(self) -> tuple[Target, ...]:
        return tuple(
            Target(python=p, system=s, macos=FILTER_MACOS)
            for p in self.pythons
            for s in self.systems
        )

    @cached_property
    def tags(self) -> frozenset[Tag]:
        return frozenset(t for target in self.targets for t in target.supported_tags)

    @cached_property
    def python_versions(self) -> tuple[Version, ...]:
        return tuple(t.python_version_obj for t in self.targets[:: len(self.systems)])

    def describe(self) -> dict[str, object]:
        return {
            "pythons": list(self.pythons),
            "systems": list(self.systems),
            "recent_series": self.recent_series,
            "series": self.series,
            "build_info": self.build_info,
            "analyse": self.analyse,
        }

    @cached_property
    def _target_tags(self) -> tuple[frozenset[Tag], ...]:
        return tuple(frozenset(t.supported_tags) for t in self.targets)

    def wheel_mask(self, filename: str) -> int:
        """Bit i set: `targets[i]` (python-major, system-minor order) accepts a tag of the wheel."""
        try:
            tags = parse_wheel_filename(filename)[3]
        except InvalidWheelFilename:
            return 0
        return sum(
            1 << i for i, accepted in enumerate(self._target_tags) if not accepted.isdisjoint(tags)
        )

    def wheel_targets(self) -> dict[str, list[str]]:
        return {"pythons": list(self.pythons), "systems": list(self.systems)}

    def python_ok(self, requires_python: str | None) -> bool:
        """Some target interpreter satisfies Requires-Python (unparsable: keep)."""
        if not requires_python:
            return True
        try:
            spec = SpecifierSet(requires_python)
        except InvalidSpecifier:
            return True
        return any(spec.contains(v, prereleases=True) for v in self.python_versions)

    def file_ok(self, f: IndexFile) -> bool:
        if f.filename.endswith(".whl"):
            try:
                tags = parse_wheel_filename(f.filename)[3]
            except InvalidWheelFilename:
                return False
            return not self.tags.isdisjoint(tags)
        return f.filename.endswith(SDIST_SUFFIXES)


def file_version(name: str, filename: str) -> Version | None:
    try:
        if filename.endswith(".whl"):
            return parse_wheel_filename(filename)[1]
        for suffix in SDIST_SUFFIXES:
            if filename.endswith(suffix):
                try:
                    return parse_sdist_filename(
                        filename
                        if suffix in (".tar.gz", ".zip")
                        else filename[: -len(suffix)] + ".tar.gz"
                    )[1]
                except InvalidSdistFilename:
                    stem = filename[: -len(suffix)]
                    return Version(stem.rsplit("-", 1)[1]) if "-" in stem else None
    except (InvalidWheelFilename, InvalidVersion):
        return None
    return None


def _series(v: Version) -> tuple[int, ...]:
    return tuple(v.release[:2])


def build_info_versions(versions: Sequence[Version], policy: Policy) -> set[Version]:
    """The kept `versions` (newest first) whose sdist [build-system] is read:
    the `build_info` newest and the newest of each series, so every series
    has one read release for the resolver to take an unread one's from (its
    build system changes between series far more often than within one)."""
    if policy.build_info <= 0:
        return set()
    out = set(versions[: policy.build_info])
    seen: set[tuple[int, ...]] = set()
    for v in versions:
        if _series(v) not in seen:
            seen.add(_series(v))
            out.add(v)
    return out


def select_versions(
    name: str, versions: Iterable[Version], policy: Policy, specifiers: Iterable[str] = ()
) -> list[Version]:
    """The versions to keep, newest first."""
    all_versions = sorted(set(versions), reverse=True)
    pinned = {v for v in all_versions if (name, str(v)) in policy.pins}
    finals = [v for v in all_versions if not v.is_prerelease]
    pool = finals or all_versions
    series_order: list[tuple[int, ...]] = []
    newest_of: dict[tuple[int, ...], Version] = {}
    for v in pool:
        s = _series(v)
        if s not in newest_of:
            newest_of[s] = v
            series_order.append(s)
    recent = set(series_order[: policy.recent_series])
    keep = {v for v in pool if _series(v) in recent}
    keep.update(newest_of[s] for s in series_order[: policy.series])
    keep.update(pinned)
    for text in specifiers:
        try:
            best = next(iter(SpecifierSet(text).filter(all_versions)), None)
        except InvalidSpecifier:
            continue
        if best is not None:
            keep.add(best)
    return sorted(keep, reverse=True)


def group_files(
    name: str, files: Sequence[IndexFile], policy: Policy
) -> dict[Version, list[IndexFile]]:
    """Usable files by version (files no target can use are dropped here)."""
    out: dict[Version, list[IndexFile]] = {}
    for f in files:
        if not policy.file_ok(f) or not policy.python_ok(f.requires_python):
            continue
        v = file_version(name, f.filename)
        if v is not None:
            out.setdefault(v, []).append(f)
    return out
