"""Candidates: one (name, version, provider, file) the resolver may pin.

For each project the finder builds, once, the ordered list of base candidates
the target can use: provider preference first (the resolver takes as many
packages as it can from the first provider), newest version first within a
provider. Everything that does not depend on other requirements is filtered
here (files the target cannot use, Requires-Python, yanked files, pre-releases
not asked for) and the reason is kept for error messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from packaging.version import Version

from mach_nix.model import DistFile, NixpkgsPackage, Release
from mach_nix.requirements.model import UserRequirement
from mach_nix.resolver import specs
from mach_nix.resolver.request import ResolveRequest

PRERELEASE = "a pre-release"


@dataclass(frozen=True, eq=False, slots=True)
class Candidate:
    """A pinnable choice. `extra` set: the virtual `name[extra]` candidate."""

    name: str
    version: Version
    version_text: str  # as the index spells it (the output uses it)
    provider: str  # "wheel" | "sdist" | "nixpkgs"
    release: Release | None  # None: a nixpkgs package PyPI metadata does not know
    file: DistFile | None
    extra: str | None = None
    nixpkgs: NixpkgsPackage | None = None

    @property
    def identifier(self) -> str:
        return self.name if self.extra is None else f"{self.name}[{self.extra}]"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.identifier, self.version_text, self.provider)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Candidate) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"{self.identifier} {self.version_text} ({self.provider})"

    def with_extra(self, extra: str) -> Candidate:
        return Candidate(
            self.name, self.version, self.version_text, self.provider,
            self.release, self.file, extra, self.nixpkgs,
        )  # fmt: skip


@dataclass
class Catalogue:
    """A project's usable base candidates, and why the other releases are not."""

    candidates: list[Candidate] = field(default_factory=list)
    # (version, provider, reason): "1.0.0", "wheel", "requires Python >=3.12"
    rejected: list[tuple[str, str, str]] = field(default_factory=list)
    known: bool = False  # the index or nixpkgs knows the project at all
    _extras: dict[str, list[Candidate]] = field(default_factory=dict)
    _by_public: dict[str, list[Candidate]] | None = None

    def pool(self, extra: str | None) -> list[Candidate]:
        """Base candidates, or the `name[extra]` ones: one per version, in the
        base's order, so the extra follows wherever the base is pinned."""
        if extra is None:
            return self.candidates
        found = self._extras.get(extra)
        if found is None:
            seen: set[Version] = set()
            found = []
            for c in self.candidates:
                if c.version not in seen:
                    seen.add(c.version)
                    found.append(c.with_extra(extra))
            self._extras[extra] = found
        return found

    def with_public_version(self, public: str, extra: str | None) -> list[Candidate]:
        """Candidates whose version without its local part is `public` (for == pins)."""
        if self._by_public is None:
            self._by_public = {}
            for c in self.candidates:
                self._by_public.setdefault(c.version.public, []).append(c)
        found = self._by_public.get(public, [])
        if extra is None or not found:
            return found
        versions = {c.version for c in found}
        return [c for c in self.pool(extra) if c.version in versions]


def _exact_pins(requirements: Iterable[UserRequirement]) -> dict[str, list[str]]:
    """PEP 592: a yanked file may be used only when the user pins it with ==/===."""
    pins: dict[str, list[str]] = {}
    for req in requirements:
        spec = req.requirement.specifier
        if any(s.operator == "===" or (s.operator == "==" and "*" not in s.version) for s in spec):
            pins.setdefault(req.name, []).append(str(spec))
    return pins


class CandidateFinder:
    def __init__(self, request: ResolveRequest) -> None:
        self._request = request
        self._target = request.target
        self._python = self._python_for_requires_python()
        first_party = [*request.requirements, *request.constraints]
        self._pins = _exact_pins(first_party)
        # Pre-releases a user asked for by naming one in a specifier.
        self._explicit_pre = {r.name for r in first_party if r.requirement.specifier.prereleases}
        self._nixpkgs: dict[str, list[NixpkgsPackage]] = {}
        for pkg in request.nixpkgs:
            self._nixpkgs.setdefault(pkg.pname, []).append(pkg)
        self._cache: dict[str, Catalogue] = {}
        self._ranks: dict[str, int | None] = {}

    def _python_for_requires_python(self) -> str:
        # A "3.11" target means any 3.11.x: Requires-Python is checked against
        # 3.11.0 so nothing is picked that an early patch release cannot run.
        parts = self._target.python.split(".")
        return ".".join([*parts, "0", "0"][:3])

    def catalogue(self, name: str) -> Catalogue:
        found = self._cache.get(name)
        if found is None:
            found = self._cache[name] = self._build(name)
        return found

    def providers_for(self, name: str) -> tuple[str, ...]:
        return self._request.providers_for(name)

    def releases(self, name: str) -> Sequence[Release]:
        return self._request.index.releases(name)

    def _build(self, name: str) -> Catalogue:
        releases = self.releases(name)
        nix = self._nixpkgs.get(name, [])
        out = Catalogue(known=bool(releases) or bool(nix))
        parsed = [(v, r) for r in releases if (v := specs.version(r.version)) is not None]
        parsed.sort(key=lambda item: item[0], reverse=True)
        allow_pre = self._allow_prereleases(name, [v for v, _ in parsed])
        for provider in self._request.providers_for(name):
            if provider == "nixpkgs":
                out.candidates.extend(self._nixpkgs_candidates(name, nix, parsed, allow_pre, out))
                continue
            for ver, release in parsed:
                if ver.is_prerelease and not allow_pre:
                    out.rejected.append((release.version, provider, PRERELEASE))
                    continue
                file, why = self._pick_file(release, provider, ver)
                if file is None:
                    out.rejected.append((release.version, provider, why))
                    continue
                out.candidates.append(
                    Candidate(name, ver, release.version, provider, release, file)
                )
        return out

    def _allow_prereleases(self, name: str, versions: Sequence[Version]) -> bool:
        # Pre-releases: when asked (flag, or a first-party specifier naming
        # one), or when the project has nothing but pre-releases.
        return (
            self._request.allow_prereleases
            or name in self._explicit_pre
            or not any(not v.is_prerelease for v in versions)
        )

    def _yank_allowed(self, release: Release) -> bool:
        return any(
            specs.contains(spec, release.version) for spec in self._pins.get(release.name, ())
        )

    def _rank(self, triple: str) -> int | None:
        if triple not in self._ranks:
            self._ranks[triple] = self._target.wheel_rank(specs.tag_set(triple))
        return self._ranks[triple]

    def _python_ok(self, file: DistFile, release: Release) -> bool:
        spec = file.requires_python if file.requires_python is not None else release.requires_python
        return not spec or specs.requires_python_holds(spec, self._python)

    def _pick_file(
        self, release: Release, provider: str, ver: Version
    ) -> tuple[DistFile | None, str]:
        files = release.wheels if provider == "wheel" else release.sdists
        if not files:
            return None, f"no {provider}"
        usable = [f for f in files if not f.yanked or self._yank_allowed(release)]
        if not usable:
            return None, "yanked (pin it with == to use it)"
        fitting = [f for f in usable if self._python_ok(f, release)]
        if not fitting:
            spec = usable[0].requires_python or release.requires_python
            return None, f"requires Python {spec}, target is {self._target.python}"
        if provider == "sdist":
            # Several sdists of one version: prefer .tar.gz, then by name, for determinism.
            return min(fitting, key=lambda f: (not f.filename.endswith(".tar.gz"), f.filename)), ""
        best: tuple[int, str] | None = None
        chosen: DistFile | None = None
        for wheel in fitting:
            triple = specs.wheel_tag_triple(wheel.filename)
            rank = self._rank(triple) if triple else None
            if rank is not None and (best is None or (rank, wheel.filename) < best):
                best, chosen = (rank, wheel.filename), wheel
        if chosen is None:
            return None, f"no wheel for {self._target.describe()}"
        return chosen, ""

    def _nixpkgs_candidates(
        self,
        name: str,
        packages: Sequence[NixpkgsPackage],
        parsed: Sequence[tuple[Version, Release]],
        allow_pre: bool,
        out: Catalogue,
    ) -> list[Candidate]:
        by_version = {v: r for v, r in parsed}
        found: list[Candidate] = []
        for pkg in packages:
            ver = specs.version(pkg.version)
            if ver is None:
                out.rejected.append((pkg.version, f"nixpkgs {pkg.attr}", "not a PEP 440 version"))
                continue
            if ver.is_prerelease and not allow_pre:
                out.rejected.append((pkg.version, f"nixpkgs {pkg.attr}", PRERELEASE))
                continue
            release = by_version.get(ver)
            found.append(Candidate(name, ver, pkg.version, "nixpkgs", release, None, None, pkg))
        found.sort(key=lambda c: (c.version, c.nixpkgs.attr if c.nixpkgs else ""), reverse=True)
        return found
