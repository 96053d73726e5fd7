"""Resolver behaviour on a small in-memory index: providers, files, yanks,
build systems, overrides, warnings, roots and the JSON contract."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from mach_nix.errors import ResolutionError, UserError
from mach_nix.model import DistFile, NixpkgsPackage, OverrideRule, Release
from mach_nix.requirements import parse_requirement_text
from mach_nix.resolver import ResolvedSet, ResolveRequest, provider_preferences, resolve
from mach_nix.resolver.candidates import CandidateFinder
from mach_nix.resolver.dependencies import only_for_extra
from mach_nix.resolver.learning import implied_requirements
from mach_nix.resolver.provider import Provider
from mach_nix.target import Target

TARGET = Target(python="3.11.7", system="x86_64-linux", libc_version="2.36")


def _file(filename: str, **kw: object) -> DistFile:
    kind = "wheel" if filename.endswith(".whl") else "sdist"
    digest = hashlib.sha256(filename.encode()).hexdigest()
    return DistFile(filename, f"https://files.example/{filename}", digest, kind, **kw)  # type: ignore[arg-type]


def rel(
    name: str,
    version: str,
    *files: str,
    requires: Sequence[str] | None = (),
    build: Sequence[str] | None = None,
    extras: Sequence[str] = (),
    yanked: bool = False,
    requires_python: str | None = None,
) -> Release:
    stem = f"{name.replace('-', '_')}-{version}"
    names = files or (f"{stem}-py3-none-any.whl", f"{stem}.tar.gz")
    return Release(
        name=name,
        version=version,
        files=tuple(
            _file(f if f.startswith(stem) else f"{stem}-{f}", yanked=yanked) for f in names
        ),
        requires_python=requires_python,
        requires_dist=None if requires is None else tuple(requires),
        extras=tuple(extras),
        build_requires=None if build is None else tuple(build),
    )


@dataclass
class MemoryIndex:
    items: list[Release] = field(default_factory=list)

    def releases(self, name: str) -> Sequence[Release]:
        return [r for r in self.items if r.name == name]

    def describe(self) -> str:
        return "the test index"


def run(index: MemoryIndex, *reqs: str, **kw: object) -> ResolvedSet:
    requirements = [
        parse_requirement_text(r, f"requirements.txt:{i}") for i, r in enumerate(reqs, 1)
    ]
    return resolve(ResolveRequest(requirements, kw.pop("target", TARGET), index, **kw))  # type: ignore[arg-type]


def base_index() -> MemoryIndex:
    return MemoryIndex(
        [
            rel("setuptools", "75.0.0"),
            rel("setuptools", "76.0.0", "setuptools-76.0.0.tar.gz"),
            rel("wheel", "0.45.1"),
            # 2.0 has only an sdist, 1.0 a wheel too.
            rel("demo", "2.0.0", "demo-2.0.0.tar.gz", requires=["dep>=1"]),
            rel("demo", "1.0.0", requires=["dep>=1"]),
            rel("dep", "1.0.0"),
        ]
    )


def test_provider_preference_takes_the_first_provider_first() -> None:
    resolved = run(base_index(), "demo")
    assert (resolved.packages["demo"].version, resolved.packages["demo"].provider) == (
        "1.0.0",
        "wheel",
    )


def test_falls_back_to_the_next_provider() -> None:
    resolved = run(base_index(), "demo>=2")
    demo = resolved.packages["demo"]
    assert (demo.version, demo.provider) == ("2.0.0", "sdist")
    # PEP 517 fallback build system, resolved in the same set, from a wheel;
    # `wheel` because setuptools>=40.8.0 admits setuptools < 70.1 (backends.json).
    assert demo.build_system == ("setuptools", "wheel")
    assert resolved.packages["setuptools"].provider == "wheel"
    assert resolved.packages["setuptools"].version == "75.0.0"
    assert resolved.packages["setuptools"].roots == ("demo",)


def _unread(name: str, version: str) -> Release:
    """A release whose sdist's pyproject.toml the index did not read."""
    return Release(
        name, version, rel(name, version, f"{name}-{version}.tar.gz").files, build_unknown=True
    )


def test_unknown_build_system_is_taken_from_the_nearest_read_release() -> None:
    index = base_index()
    meson = Release(
        "lib", "2.0", rel("lib", "2.0", "lib-2.0.tar.gz").files,
        build_requires=("meson-python",), build_backend="mesonpy",
    )  # fmt: skip
    old = rel("lib", "1.4.0", "lib-1.4.0.tar.gz", build=["setuptools>=61", "cython"])
    index.items += [meson, old, _unread("lib", "1.4.2"), _unread("lib", "1.5.0")]
    index.items += [rel("meson-python", "0.18.0"), rel("ninja", "1.13.0"), rel("cython", "3.1.0")]
    # 1.4.2: 1.4.0 (same series) wins over the newer 2.0.
    resolved = run(index, "lib==1.4.2")
    assert resolved.packages["lib"].build_system == ("cython", "setuptools", "wheel")
    assert resolved.warnings == (
        "lib 1.4.2: build system unknown (the index did not read its sdist's pyproject.toml); "
        "taken from lib 1.4.0 (no build-backend: setuptools>=61, cython); if the build fails, "
        "give its build-system in an override rule (docs/overrides.md)",
    )
    # Another series: the newer read release wins over the older, and its
    # backend's additions come along (meson-python -> ninja).
    index.items.remove(old)
    index.items.append(rel("lib", "0.9", "lib-0.9.tar.gz", build=["setuptools"]))
    resolved = run(index, "lib==1.5.0")
    assert resolved.packages["lib"].build_system == ("meson-python", "ninja")
    assert "taken from lib 2.0 (mesonpy: meson-python)" in resolved.warnings[0]


def test_unknown_build_system_with_nothing_read_falls_back_with_a_warning() -> None:
    index = base_index()
    index.items.append(_unread("unread", "2.0"))
    resolved = run(index, "unread")
    assert resolved.packages["unread"].build_system == ("setuptools", "wheel")
    assert resolved.warnings == (
        "unread 2.0: build system unknown (the index did not read the pyproject.toml of any "
        "of its sdists), so it is built with the PEP 517 fallback, setuptools, which fails if "
        "the project uses another backend; give its build-system in an override rule "
        "(docs/overrides.md) or take it as a wheel or from nixpkgs (providers)",
    )
    # Read and absent: the fallback, silently.
    index.items.append(rel("unread", "1.0", "unread-1.0.tar.gz"))
    assert run(index, "unread==1.0").warnings == ()


def test_per_package_providers_and_disabled_providers() -> None:
    prefs = provider_preferences({"_default": "wheel", "demo": "sdist,wheel"})
    resolved = run(base_index(), "demo", providers=prefs)
    assert resolved.packages["demo"].provider == "sdist"
    assert resolved.packages["setuptools"].provider == "wheel"
    with pytest.raises(ResolutionError) as caught:
        run(base_index(), "demo>=2", providers=provider_preferences({"_default": "wheel"}))
    assert "providers allowed for demo: wheel" in str(caught.value)
    assert "2.0.0 (wheel): no wheel" in str(caught.value)


def test_provider_preference_for_an_absent_package_warns() -> None:
    prefs = provider_preferences({"_default": "wheel", "demoo": "sdist", "dep": "sdist"})
    resolved = run(base_index(), "demo", providers=prefs)
    assert resolved.warnings == (
        "providers names demoo, which is not in the resolved set; check its spelling",
    )


@pytest.mark.parametrize(
    ("mapping", "fragment"),
    [
        ({"_default": 3}, 'providers._default: expected a provider list like "wheel,sdist"'),
        ({"numpy": [1]}, "providers.numpy: expected provider names"),
        ({"numpy": ""}, "providers.numpy: no provider given"),
        ({"numpy": []}, "providers.numpy: no provider given"),
        ({"numpy": "wheel,egg"}, "unknown provider 'egg'"),
        ({"numpy": "wheel,wheel"}, "provider listed twice"),
    ],
)
def test_bad_provider_preferences(mapping: dict, fragment: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(UserError, match=re.escape(fragment)):
        provider_preferences(mapping)


def test_best_wheel_by_tag_priority() -> None:
    index = MemoryIndex(
        [
            rel(
                "fast", "1.0",
                "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                "cp311-cp311-manylinux_2_38_x86_64.whl",
                "cp311-cp311-macosx_11_0_arm64.whl",
                "py3-none-any.whl",
                "cp38-abi3-manylinux_2_28_x86_64.whl",
            )
        ]
    )  # fmt: skip
    assert run(index, "fast").packages["fast"].file.filename == (  # type: ignore[union-attr]
        "fast-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    )
    mac = Target(python="3.11", system="aarch64-darwin", macos="12.0")
    assert run(index, "fast", target=mac).packages["fast"].file.filename == (  # type: ignore[union-attr]
        "fast-1.0-cp311-cp311-macosx_11_0_arm64.whl"
    )


def test_yanked_only_when_pinned() -> None:
    index = MemoryIndex([rel("y", "2.0", yanked=True), rel("y", "1.0")])
    assert run(index, "y").packages["y"].version == "1.0"
    assert run(index, "y==2.0").packages["y"].version == "2.0"
    with pytest.raises(ResolutionError, match=r"yanked \(pin it with == to use it\)"):
        run(index, "y>1.0")


@pytest.mark.parametrize(
    ("pin", "expected"),
    [
        ("z==1.2", "1.2.0"),  # PEP 440 zero padding, both ways
        ("z==1.3.0.0", "1.3"),
        ("z==1.3", "1.3"),
        ("z==1.4.0", "1.4.0+cpu"),  # a public pin matches a local version
        ("z==1.4.0+cpu", "1.4.0+cpu"),
        ("z===1.2.0", "1.2.0"),
        ("z==1.*", "1.4.0+cpu"),
    ],
)
def test_exact_pins_follow_pep_440(pin: str, expected: str) -> None:
    index = MemoryIndex([rel("z", "1.4.0+cpu"), rel("z", "1.3"), rel("z", "1.2.0")])
    assert run(index, pin).packages["z"].version == expected


def test_pins_no_release_fits_say_so() -> None:
    index = MemoryIndex([rel("z", "1.3"), rel("z", "1.2.0")])
    with pytest.raises(ResolutionError) as caught:
        run(index, "z==1.2.5")
    assert (
        "no release of z in the test index fits ==1.2.5; "
        "add it with `mach-nix db update 'z==1.2.5'`"
    ) in str(caught.value)
    with pytest.raises(ResolutionError) as caught:
        run(
            index,
            "z==1.3",
            target=Target(python="3.11", system="aarch64-darwin"),
            providers={"_default": ("nixpkgs",)},
        )
    assert "no release of z" not in str(caught.value)


def test_files_without_a_sha256_are_never_chosen() -> None:
    # Nix fetches only by hash; an index that gives none cannot supply the file.
    unhashed = DistFile("h-2.0-py3-none-any.whl", "https://files.example/h.whl", "", "wheel")
    index = MemoryIndex([Release("h", "2.0", (unhashed,), requires_dist=()), rel("h", "1.0")])
    assert run(index, "h").packages["h"].version == "1.0"
    with pytest.raises(ResolutionError, match="no sha256 for its wheel in the index"):
        run(index, "h==2.0")


def test_file_requires_python_before_release_requires_python() -> None:
    old = _file("rp-2.0-py3-none-any.whl", requires_python=">=3.12")
    index = MemoryIndex(
        [
            Release("rp", "2.0", (old,), requires_python=">=3.8"),
            rel("rp", "1.0", requires_python=">=3.8"),
        ]
    )
    assert run(index, "rp").packages["rp"].version == "1.0"


def test_nixpkgs_provider() -> None:
    index = base_index()
    nix = [
        NixpkgsPackage("demo_nix", "demo", "1.0.0"),
        NixpkgsPackage("other", "other", "0.5", ("dep",)),
    ]
    prefs = provider_preferences({"demo": "nixpkgs", "other": "nixpkgs"})
    resolved = run(index, "demo", "other", providers=prefs, nixpkgs=nix)
    demo = resolved.packages["demo"]
    assert (demo.provider, demo.nixpkgs_attr, demo.file) == ("nixpkgs", "demo_nix", None)
    # Dependencies from the database's release of the same version ...
    assert demo.dependencies == ("dep",)
    # ... or from the nixpkgs index when PyPI metadata does not know it.
    assert resolved.packages["other"].dependencies == ("dep",)
    assert resolved.packages["other"].version == "0.5"


def test_extras_pull_extras_and_missing_extras_warn() -> None:
    index = MemoryIndex(
        [
            rel(
                "a",
                "1.0",
                requires=["b; extra == 'x'", "a[x]; extra == 'all'"],
                extras=["x", "all"],
            ),
            rel("b", "1.0"),
        ]
    )
    resolved = run(index, "a[all]")
    assert resolved.packages["a"].extras == ("all", "x")
    assert resolved.packages["a"].dependencies == ("b",)
    warned = run(index, "a[nope]")
    assert warned.warnings == ("a 1.0 has no extra 'nope'; ignored",)


def test_unknown_metadata_cycles_and_roots() -> None:
    index = MemoryIndex(
        [
            rel("p", "1.0", requires=["q"]),
            rel("q", "1.0", requires=["p", "r"]),
            rel("r", "1.0", requires=None),
            rel("s", "1.0", requires=["r"]),
        ]
    )
    resolved = run(index, "p", "s")
    assert resolved.warnings == (
        "circular dependency: p -> q -> p",
        "r 1.0: dependencies unknown (dynamic metadata not in the database); resolved without any",
    )
    assert resolved.packages["r"].roots == ("p", "s")
    assert resolved.packages["q"].roots == ("p",)


def test_override_rules_add_requirements_and_are_listed() -> None:
    index = base_index()
    index.items.append(rel("cython", "3.0.0"))
    rules = [
        OverrideRule("demo-sdist-cython", "demo", ">=2", ("sdist",), build_system=("cython",)),
        OverrideRule("demo-wheel-only", "demo", "", ("wheel",), dependencies=("dep",)),
        OverrideRule("demo-all", "demo"),
    ]
    resolved = run(index, "demo>=2", overrides=rules)
    demo = resolved.packages["demo"]
    assert demo.build_system == ("cython", "setuptools", "wheel")
    assert demo.overrides == ("demo-sdist-cython", "demo-all")


def test_constraints_limit_without_installing() -> None:
    constraint = parse_requirement_text("dep<1", "constraints.txt:1")
    index = base_index()
    index.items.append(rel("dep", "0.9"))
    index.items.append(rel("unused", "1.0"))
    resolved = resolve(
        ResolveRequest(
            [parse_requirement_text("dep", "r.txt:1")],
            TARGET,
            index,
            constraints=[constraint, parse_requirement_text("unused", "constraints.txt:2")],
        )
    )
    assert resolved.versions() == {"dep": "0.9"}


def test_unknown_package_names_the_index_and_the_fix() -> None:
    with pytest.raises(ResolutionError) as caught:
        run(base_index(), "nosuchthing>=1")
    assert str(caught.value) == (
        "nosuchthing is not in the test index (required by nosuchthing>=1 (requirements.txt:1)); "
        "add it with `mach-nix db update nosuchthing`"
    )


def test_conflict_names_the_chains() -> None:
    index = MemoryIndex(
        [rel("app", "1.0", requires=["lib>=2"]), rel("lib", "1.0"), rel("lib", "2.0")]
    )
    with pytest.raises(ResolutionError) as caught:
        run(index, "app", "lib<2")
    assert str(caught.value).splitlines() == [
        "every version of app that fits is ruled out on "
        "CPython 3.11.7 on x86_64-linux (glibc 2.36):",
        "  app (requirements.txt:1)",
        "  app 1.0 requires lib>=2, "
        "but no usable version of lib also fits lib<2 (requirements.txt:2)",
        "  usable versions of lib: 2.0, 1.0",
        "relax or remove one of: app (requirements.txt:1); lib<2 (requirements.txt:2)",
    ]


def _leaf_conflict_index(with_other: bool) -> MemoryIndex:
    # Every leaf needs q<2; app needs ten mids, each needing leaf, 30 versions each.
    items = [rel("app", f"1.{v}", requires=[f"mid{i}" for i in range(10)]) for v in range(30)]
    items += [rel(f"mid{i}", f"1.{v}", requires=["leaf"]) for i in range(10) for v in range(30)]
    items += [rel("leaf", f"1.{v}", requires=["q<2"]) for v in range(30)]
    items += [rel("q", f"{v}.0") for v in range(4)]
    if with_other:
        items += [rel("other", f"1.{v}", requires=["q>=2"]) for v in range(5)]
    return MemoryIndex(items)


def test_conflict_between_transitive_requirements_fails_fast() -> None:
    # q>=2 comes from every version of another top-level project; without
    # learning, resolvelib would retry leaf under every combination of mids.
    with pytest.raises(ResolutionError) as caught:
        run(_leaf_conflict_index(True), "app", "other")
    message = str(caught.value)
    for fragment in ("app (requirements.txt:1)", "other (requirements.txt:2)", "q<2", "q>=2"):
        assert fragment in message


def test_learning_implies_requirements_from_every_version() -> None:
    index = _leaf_conflict_index(True)
    reqs = [parse_requirement_text(r, f"r.txt:{i}") for i, r in enumerate(["app", "other"], 1)]
    request = ResolveRequest(reqs, TARGET, index)
    finder = CandidateFinder(request)
    provider = Provider(request, finder)
    learnt = implied_requirements(
        {"app": ["app (r.txt:1)"], "other": ["other (r.txt:2)"]},
        provider.viability.always_requirements, finder, provider.dependencies, provider.viability,
    )  # fmt: skip
    assert {a.shown for a in learnt["q"]} == {
        "every usable version of other requires q>=2",
        "every usable version of leaf requires q<2",
    }
    assert not [
        c for c in finder.catalogue("q").candidates if all(a.admits(c) for a in learnt["q"])
    ]
    assert {r for a in learnt["q"] for r in a.roots} == {"app (r.txt:1)", "other (r.txt:2)"}


def test_unsatisfiable_deep_conflict_fails_fast() -> None:
    # Every leaf needs q<2, the user wants q>=2: resolvelib alone would try every
    # combination of the ten mid packages' versions before giving up.
    with pytest.raises(ResolutionError) as caught:
        run(_leaf_conflict_index(False), "app", "q>=2")
    assert (
        "  app 1.29 requires mid0 -> mid0 1.29 requires leaf -> leaf 1.29 requires q<2, "
        "but no usable version of q also fits q>=2 (requirements.txt:2)"
    ) in str(caught.value).splitlines()


def test_json_is_the_documented_schema_and_deterministic() -> None:
    first = run(base_index(), "demo>=2", "dep")
    shuffled = MemoryIndex(list(reversed(base_index().items)))
    second = run(shuffled, "demo>=2", "dep")
    assert first.to_json() == second.to_json()
    data = json.loads(first.to_json())
    assert data["schema"] == "mach-nix/resolved-set/1"
    assert data["target"] == {
        "python": "3.11.7", "implementation": "cpython", "system": "x86_64-linux",
        "libc": "glibc", "libc_version": "2.36", "macos": None,
    }  # fmt: skip
    assert data["requirements"] == ["demo>=2", "dep"]
    demo = data["packages"]["demo"]
    assert set(demo) == {
        "name", "version", "provider", "file", "nixpkgs_attr", "extras", "dependencies",
        "build_system", "needs", "overrides", "roots",
    }  # fmt: skip
    assert set(demo["file"]) == {"filename", "url", "sha256"}
    for pkg in data["packages"].values():  # closed set
        assert set(pkg["dependencies"]) | set(pkg["build_system"]) <= set(data["packages"])
    assert first.to_json().endswith("}\n")


def test_missing_dependency_backtracks_and_warns() -> None:
    index = MemoryIndex([rel("top", "2.0", requires=["ghost"]), rel("top", "1.0")])
    resolved = run(index, "top")
    assert resolved.versions() == {"top": "1.0"}
    assert resolved.warnings == (
        "ghost is not in the test index, so top 2.0 could not be used and older versions "
        "were chosen; add it with `mach-nix db update ghost`",
        "top 1.0 was chosen because 2.0 cannot be used: top 2.0 requires ghost, "
        "which is not in the test index",
    )


def test_missing_dependency_with_no_way_around_says_how_to_add_it() -> None:
    index = MemoryIndex([rel("top", "2.0", requires=["Ghost>=1"])])
    with pytest.raises(ResolutionError) as caught:
        run(index, "top")
    assert str(caught.value).splitlines()[2:4] == [
        "  top 2.0 requires Ghost>=1, which is not in the test index",
        "  add ghost to the database with `mach-nix db update ghost`",
    ]


def test_held_back_top_level_project_says_why() -> None:
    index = MemoryIndex(
        [rel("top", "2.0", requires=["dep>=5"]), rel("top", "1.0"), rel("dep", "1.0")]
    )
    resolved = run(index, "top")
    assert resolved.versions() == {"top": "1.0"}
    assert resolved.warnings == (
        "top 1.0 was chosen because 2.0 cannot be used: top 2.0 requires dep>=5, "
        "but no usable version of dep fits that",
    )


def test_malformed_metadata_is_ignored_with_a_warning() -> None:
    index = MemoryIndex(
        [
            rel("odd", "1.0", requires=["dep >= = 1"]),
            rel("dep", "1.0"),
        ]
    )
    resolved = run(index, "odd")
    assert resolved.versions() == {"odd": "1.0"}
    assert resolved.warnings == ("odd 1.0: ignored malformed requirement 'dep >= = 1'",)


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        ('a; extra == "x_y"', "x-y"),
        ("a ; (python_version >= '3') and extra == 'socks'", "socks"),
        ('a ; (python_version >= "3" and extra == "x")', "x"),
        ('a; extra == "x" or python_version < "3"', None),
        ('a; python_version < "3"', None),
        ('a; extra != "x"', None),
        ("a", None),
    ],
)
def test_extra_only_requirements_are_recognised_without_parsing(
    text: str, extra: str | None
) -> None:
    assert only_for_extra(text) == extra


def test_requirements_for_other_platforms_are_ignored_even_if_unknown() -> None:
    resolved = run(base_index(), "dep", "pywin32>=300; sys_platform == 'win32'")
    assert resolved.versions() == {"dep": "1.0.0"}
    assert resolved.requirements == ("dep", "pywin32>=300; sys_platform == 'win32'")


def test_build_cycles_are_reported() -> None:
    index = MemoryIndex(
        [
            rel("a", "1.0", "a-1.0.tar.gz", build=["b"]),
            rel("b", "1.0", "b-1.0.tar.gz", build=[], requires=["a"]),
        ]
    )
    resolved = run(index, "a")
    assert resolved.packages["a"].build_system == ("b",)
    assert resolved.warnings == (
        "build cycle: a -> b -> a; take one of them as a wheel or from nixpkgs (providers) "
        "or the build cannot start",
    )


def test_prerelease_interpreter_counts_as_its_release() -> None:
    index = MemoryIndex([rel("new", "1.0", requires_python=">=3.14")])
    target = Target(python="3.14.0rc2", system="x86_64-linux")
    assert run(index, "new", target=target).versions() == {"new": "1.0"}


def test_unknown_metadata_is_the_last_resort() -> None:
    # 1.0's dependencies are unknown: it must not become the way out of the
    # conflict that rules 2.0 out while a known version fits.
    index = MemoryIndex(
        [
            rel("pkg", "3.0", requires=["dep>=5"]),
            rel("pkg", "2.0", requires=None),
            rel("pkg", "1.0"),
            rel("dep", "1.0"),
        ]
    )
    assert run(index, "pkg").versions() == {"pkg": "1.0"}
    assert run(index, "pkg>=2").versions() == {"pkg": "2.0"}


def test_conflicting_top_level_requirements_are_both_named() -> None:
    # Top-level requirements filter candidates before resolvelib; the message
    # must still show both sides, not only the one resolvelib tried last.
    index = MemoryIndex([rel("z", "1.3"), rel("z", "1.2.0")])
    with pytest.raises(ResolutionError) as caught:
        run(index, "z==1.2", "z>=1.3")
    message = str(caught.value)
    assert "the requirements on z cannot hold together" in message
    assert "z==1.2 (requirements.txt:1)" in message
    assert "z>=1.3 (requirements.txt:2)" in message
    assert message.endswith(
        "relax or remove one of: z==1.2 (requirements.txt:1); z>=1.3 (requirements.txt:2)"
    )


def test_unusable_versions_that_fail_alike_share_one_entry() -> None:
    index = MemoryIndex(
        [
            rel("n", "3.0", requires_python=">=3.12"),
            rel("n", "2.0", requires_python=">=3.12"),
            rel("n", "1.0"),
        ]
    )
    with pytest.raises(ResolutionError) as caught:
        run(index, "n>=2")
    expected = "not usable: 3.0, 2.0 (wheel, sdist): requires Python >=3.12, target is 3.11.7"
    assert expected in str(caught.value)
