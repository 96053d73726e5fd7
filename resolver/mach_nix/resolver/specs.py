"""Memoised PEP 440/508 parsing: the resolver's hot spot.

The same requirement strings, specifier sets and versions recur thousands of
times in one resolution (every backtrack re-checks them), and `packaging`
parses with regular expressions each time. These are pure functions of their
string arguments, so an unbounded memo is safe and keeps every check O(1)
after the first.
"""

from __future__ import annotations

from functools import cache

from packaging.markers import (
    InvalidMarker,
    Marker,
    UndefinedComparison,
    UndefinedEnvironmentName,
)
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.tags import Tag, parse_tag
from packaging.version import InvalidVersion, Version


@cache
def requirement(text: str) -> Requirement | None:
    """A PEP 508 requirement, or None when the string is malformed."""
    try:
        return Requirement(text)
    except InvalidRequirement:
        return None


@cache
def version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def pin_key(parsed: Version) -> tuple[object, ...]:
    """What `==` compares (PEP 440): the public version, with the release's
    trailing zeros dropped, so `==1.2` finds 1.2.0 and `==1.17.0.0` finds 1.17.0."""
    release = parsed.release
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    return (parsed.epoch, release, parsed.pre, parsed.post, parsed.dev)


@cache
def specifier_set(text: str) -> SpecifierSet | None:
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return None


@cache
def contains(specifiers: str, version_text: str) -> bool:
    """Whether a version satisfies a specifier set, pre-releases admitted.

    Which pre-releases are candidates at all is decided once per package (see
    candidates.py); here a pre-release only has to fit the range, with PEP
    440's rule that `<V` does not admit pre-releases of V itself.
    """
    spec = specifier_set(specifiers)
    parsed = version(version_text)
    if spec is None or parsed is None:
        return False
    return spec.contains(parsed, prereleases=True)


@cache
def marker_holds(marker: str, environment: tuple[tuple[str, str], ...]) -> bool:
    """A marker that cannot be evaluated (bad metadata) does not hold."""
    try:
        return Marker(marker).evaluate(dict(environment))
    except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName, InvalidVersion):
        return False


@cache
def requires_python_holds(specifiers: str, python: str) -> bool:
    """Requires-Python, lower bounds only.

    Upper bounds are ignored, as uv does: they are mostly guesses made before
    the next Python existed, and honouring them makes old pins unresolvable
    for no real incompatibility. A wheel's own tags still have to fit the
    target, so a genuinely incompatible binary is never chosen.
    """
    spec = specifier_set(specifiers)
    target = version(python)
    if spec is None or target is None:
        return True  # malformed metadata must not hide a release
    for item in spec:
        op, bound = item.operator, item.version
        if op in (">=", ">"):
            if not item.contains(target, prereleases=True):
                return False
        elif op in ("~=", "==", "==="):
            floor = version(bound.removesuffix(".*"))
            if floor is not None and target < floor:
                return False
    return True


def wheel_tag_triple(filename: str) -> str | None:
    """'numpy-2.1.3-cp311-cp311-manylinux_2_17_x86_64.whl' -> 'cp311-cp311-manylinux_2_17_x86_64'.

    The triple repeats across a project's versions (and across projects), so
    ranking memoised on it instead of on the filename is parsed once.
    """
    if not filename.endswith(".whl"):
        return None
    parts = filename[:-4].split("-")
    if len(parts) not in (5, 6):  # name-version[-build]-python-abi-platform
        return None
    return "-".join(parts[-3:])


@cache
def tag_set(triple: str) -> frozenset[Tag]:
    return parse_tag(triple)
