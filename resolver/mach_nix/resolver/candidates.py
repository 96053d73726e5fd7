"""Candidates: one (name, version, provider, file) the resolver may pin.

For each project the finder builds, once, the ordered list of base candidates
the target can use: provider preference first (the resolver takes as many
packages as it can from the first provider), newest version first within a
provider. Everything that does not depend on other requirements is filtered
here (files the target cannot use, Requires-Python, yanked files, pre-releases
not asked for) and the reason is kept for error messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from packaging.version import Version

from mach_nix.model import DistFile, NixpkgsPackage, Release
from mach_nix.requirements.model import UserRequirement
from mach_nix.resolver import specs
from mach_nix.resolver.request import ResolveRequest

PRERELEASE = "a pre-release"
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


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


# One step of building a catalogue: a candidate, or (version, provider, reason)
# for a release that gives none.
Step = Candidate | tuple[str, str, str]


class Catalogue:
    """A project's usable base candidates, in order, and why the other releases
    are not usable.

    Built lazily: resolution usually needs the first few candidates of each
    project, and picking files for hundreds of old releases costs more than
    the resolution itself. `candidates` and `rejected` force the whole list.
    """

    def __init__(
        self,
        known: bool,
        steps: Iterator[Step],
        pinned: Callable[[tuple[object, ...]], list[Candidate]],
        releases: int,
    ) -> None:
        self.known = known  # the index or nixpkgs knows the project at all
        self.releases = releases  # how many releases (and nixpkgs entries) it has
        self._steps = steps
        self._pinned = pinned
        self._built: list[Candidate] = []
        self._rejected: list[tuple[str, str, str]] = []
        self._done = False
        self._pinned_to: dict[tuple[object, ...], list[Candidate]] = {}

    def _advance(self) -> bool:
        for step in self._steps:
            if isinstance(step, Candidate):
                self._built.append(step)
                return True
            self._rejected.append(step)
        self._done = True
        return False

    def __iter__(self) -> Iterator[Candidate]:
        i = 0
        while i < len(self._built) or (not self._done and self._advance()):
            yield self._built[i]
            i += 1

    @property
    def candidates(self) -> list[Candidate]:
        while not self._done:
            self._advance()
        return self._built

    @property
    def rejected(self) -> list[tuple[str, str, str]]:
        self.candidates  # noqa: B018 - forces the whole build
        return self._rejected

    def pool(self, extra: str | None) -> Iterator[Candidate]:
        """Base candidates, or the `name[extra]` ones: one per version, in the
        base's order, so the extra follows wherever the base is pinned."""
        return iter(self) if extra is None else _one_per_version(self, extra)

    def pinned_to(self, version: Version, extra: str | None) -> list[Candidate]:
        """Candidates an `==version` pin can match (any local part; see
        specs.pin_key), built directly: a pin must not force the whole catalogue."""
        key = specs.pin_key(version)
        found = self._pinned_to.get(key)
        if found is None:
            found = self._pinned_to[key] = self._pinned(key)
        return found if extra is None else list(_one_per_version(found, extra))


def _unknown_dependencies(candidate: Candidate) -> bool:
    if candidate.release is not None:
        return candidate.release.requires_dist is None
    return candidate.nixpkgs is None or candidate.nixpkgs.dependencies is None


def _one_per_version(candidates: Iterable[Candidate], extra: str) -> Iterator[Candidate]:
    seen: set[Version] = set()
    for c in candidates:
        if c.version not in seen:
            seen.add(c.version)
            yield c.with_extra(extra)


def _names_prerelease(req: UserRequirement) -> bool:
    """Whether a specifier names a pre-release (`>=1.0a1`, `<0.2.0a2`; not `!=`).

    Computed here, not with SpecifierSet.prereleases, whose answer for `<`/`>`
    changed between packaging releases (nixpkgs may ship an older one).
    """
    for spec in req.requirement.specifier:
        if spec.operator == "!=":
            continue
        parsed = specs.version(spec.version.removesuffix(".*"))
        if parsed is not None and parsed.is_prerelease:
            return True
    return False


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
        self._explicit_pre = {r.name for r in first_party if _names_prerelease(r)}
        self._nixpkgs: dict[str, list[NixpkgsPackage]] = {}
        for pkg in request.nixpkgs:
            self._nixpkgs.setdefault(pkg.pname, []).append(pkg)
        self._cache: dict[str, Catalogue] = {}
        self._ranks: dict[str, int | None] = {}

    def _python_for_requires_python(self) -> str:
        # A "3.11" target means any 3.11.x: Requires-Python is checked against
        # 3.11.0 so nothing is picked that an early patch release cannot run.
        # A pre-release interpreter (3.14.0rc2) counts as its release, as pip
        # does with sys.version_info[:3].
        parts = self._target.python.split(".")
        parsed = specs.version(".".join([*parts, "0", "0"][:3]))
        return parsed.base_version if parsed else self._target.python

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
        parsed = [(v, r) for r in releases if (v := specs.version(r.version)) is not None]
        parsed.sort(key=lambda item: item[0], reverse=True)
        allow_pre = self._allow_prereleases(name, [v for v, _ in parsed])
        providers = self._request.providers_for(name)

        def pinned(key: tuple[object, ...]) -> list[Candidate]:
            subset = [(v, r) for v, r in parsed if specs.pin_key(v) == key]
            nix_subset = [
                p for p in nix if (v := specs.version(p.version)) and specs.pin_key(v) == key
            ]
            steps = self._steps(name, providers, subset, nix_subset, parsed, allow_pre)
            return [s for s in steps if isinstance(s, Candidate)]

        return Catalogue(
            known=bool(releases) or bool(nix),
            steps=self._steps(name, providers, parsed, nix, parsed, allow_pre),
            pinned=pinned,
            releases=len(parsed) + len(nix),
        )

    def _steps(
        self,
        name: str,
        providers: Sequence[str],
        parsed: Sequence[tuple[Version, Release]],
        nix: Sequence[NixpkgsPackage],
        all_parsed: Sequence[tuple[Version, Release]],
        allow_pre: bool,
    ) -> Iterator[Step]:
        """Provider preference first, newest version first within a provider;
        candidates whose dependencies are unknown last of all.

        Unknown metadata (an sdist with dynamic dependencies the database could
        not read) resolves as "no dependencies", which would make such a
        release the way out of every conflict, and its build would then fail
        nixpkgs' runtime-deps check. So it is used only when nothing with
        known dependencies fits.
        """
        unknown: list[Candidate] = []
        for provider in providers:
            if provider == "nixpkgs":
                for step in self._nixpkgs_steps(name, nix, all_parsed, allow_pre):
                    if isinstance(step, Candidate) and _unknown_dependencies(step):
                        unknown.append(step)
                    else:
                        yield step
                continue
            for ver, release in parsed:
                if ver.is_prerelease and not allow_pre:
                    yield (release.version, provider, PRERELEASE)
                    continue
                file, why = self._pick_file(release, provider, ver)
                if file is None:
                    yield (release.version, provider, why)
                elif release.requires_dist is None:
                    unknown.append(Candidate(name, ver, release.version, provider, release, file))
                else:
                    yield Candidate(name, ver, release.version, provider, release, file)
        yield from unknown

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
        # Nix fetches only by hash: a file the index gives no sha256 for cannot be used.
        files = tuple(f for f in files if _SHA256.fullmatch(f.sha256))
        if not files:
            return None, f"no sha256 for its {provider} in the index"
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

    def _nixpkgs_steps(
        self,
        name: str,
        packages: Sequence[NixpkgsPackage],
        parsed: Sequence[tuple[Version, Release]],
        allow_pre: bool,
    ) -> Iterator[Step]:
        by_version = {v: r for v, r in parsed}
        found: list[Candidate] = []
        for pkg in packages:
            ver = specs.version(pkg.version)
            if ver is None:
                yield (pkg.version, f"nixpkgs {pkg.attr}", "not a PEP 440 version")
            elif ver.is_prerelease and not allow_pre:
                yield (pkg.version, f"nixpkgs {pkg.attr}", PRERELEASE)
            else:
                release = by_version.get(ver)
                found.append(Candidate(name, ver, pkg.version, "nixpkgs", release, None, None, pkg))
        found.sort(key=lambda c: (c.version, c.nixpkgs.attr if c.nixpkgs else ""), reverse=True)
        yield from found
