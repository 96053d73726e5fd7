"""Build systems: the backend table (mach_nix.backends) and inference of an
unread sdist build system from the nearest read release."""

from __future__ import annotations

import hashlib
import io
import random
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from mach_nix.backends import (
    FALLBACK_BUILD_REQUIRES,
    LEGACY_BACKEND,
    default_table,
    extra_requirements,
    lowest_admitted,
    parse_table,
)
from mach_nix.crawl.closure import MarkerCache, followed
from mach_nix.crawl.crawler import Crawler
from mach_nix.crawl.http import Client
from mach_nix.crawl.policy import Policy
from mach_nix.crawl.progress import Progress
from mach_nix.crawl.sdist import STREAM_CAP, read_sdist_head
from mach_nix.index.database import open_database
from mach_nix.model import DistFile, Release
from mach_nix.resolver.build_system import build_system_of, nearest_known

sys.path.insert(0, str(Path(__file__).parent))
from fixtures.index.server import (
    FixtureFile,
    FixtureIndex,
    IndexServer,
    core_metadata,
    make_sdist,
    make_wheel,
)


def _release(version: str, *, unknown: bool = False, build: tuple[str, ...] | None = None,
             backend: str | None = None, sdist: bool = True) -> Release:  # fmt: skip
    filename = f"p-{version}.tar.gz" if sdist else f"p-{version}-py3-none-any.whl"
    digest = hashlib.sha256(filename.encode()).hexdigest()
    kind = "sdist" if sdist else "wheel"
    f = DistFile(filename, f"https://files.example/{filename}", digest, kind)
    return Release("p", version, (f,), build_requires=build, build_backend=backend,
                   build_unknown=unknown)  # fmt: skip


@pytest.mark.parametrize(
    ("backend", "declared", "expected"),
    [
        ("mesonpy", ["meson-python>=0.15"], ("ninja>=1.8.2",)),
        ("scikit_build_core.build", ["scikit-build-core"], ("cmake>=3.15", "ninja")),
        # setuptools before 70.1 needs `wheel`; judged by the lowest admitted version.
        ("setuptools.build_meta", ["setuptools>=61"], ("wheel",)),
        ("setuptools.build_meta", ["setuptools==69.*"], ("wheel",)),
        ("setuptools.build_meta", ["setuptools"], ("wheel",)),
        ("setuptools.build_meta", ["setuptools>=70.1"], ()),
        ("setuptools.build_meta", ["Setuptools>=61", "setuptools>=75"], ()),
        # The backend cannot run without setuptools anyway: nothing to add.
        ("setuptools.build_meta", ["cython"], ()),
        # No build-backend: PEP 517's legacy setuptools backend; its setup.py
        # may import pkg_resources (gone in setuptools 82).
        (None, list(FALLBACK_BUILD_REQUIRES), ("wheel", "setuptools<82")),
        (None, ["setuptools>=82", "cython"], ()),
        (None, [], ()),
        ("hatchling.build", ["hatchling"], ()),
    ],
)
def test_backend_additions(backend: str | None, declared: list[str], expected: tuple) -> None:
    assert extra_requirements(backend, declared, default_table()) == expected


def test_lowest_admitted() -> None:
    assert lowest_admitted("setuptools", ["wheel"]) is None
    assert str(lowest_admitted("setuptools", ["setuptools<60"])) == "0"
    assert str(lowest_admitted("setuptools", ["setuptools>=61,<80", "x"])) == "61"
    assert str(lowest_admitted("setuptools", ["setuptools~=68.2"])) == "68.2"


def test_table_errors_name_the_source_and_entry() -> None:
    with pytest.raises(ValueError, match=r"t\.json: not a mach-nix/backends/1 table"):
        parse_table({"schema": "other"}, "t.json")
    bad = {"schema": "mach-nix/backends/1", "backends": {"b": [{"requirement": "ninja >"}]}}
    with pytest.raises(ValueError, match=r"t\.json: b: 'ninja >'"):
        parse_table(bad, "t.json")
    missing = {"schema": "mach-nix/backends/1", "backends": {"b": [{"when": "x<1"}]}}
    with pytest.raises(ValueError, match=r"t\.json: b: an entry without `requirement`"):
        parse_table(missing, "t.json")


def test_shipped_table_covers_the_legacy_backend() -> None:
    table = default_table()
    assert LEGACY_BACKEND in table
    assert {"mesonpy", "scikit_build_core.build", "setuptools.build_meta"} <= set(table)


def test_nearest_known_prefers_same_series_then_newer_then_older() -> None:
    target = _release("2.1.2", unknown=True)
    older_series = _release("2.0.7", build=("setuptools",))
    newer = _release("2.2.0", build=("meson-python",), backend="mesonpy")
    same_old = _release("2.1.0", build=("cython",))
    same_new = _release("2.1.5", build=("numpy",))
    wheel_only = _release("2.1.3", sdist=False)  # nothing read: no evidence
    unread = _release("2.1.1", unknown=True)
    every = [target, older_series, newer, same_old, same_new, wheel_only, unread]
    assert nearest_known(target, every) is same_new
    assert nearest_known(target, [r for r in every if r is not same_new]) is same_old
    assert nearest_known(target, [target, older_series, newer]) is newer
    assert nearest_known(target, [target, older_series]) is older_series
    assert nearest_known(target, [target, unread, wheel_only]) is None


def test_build_system_of_known_inferred_and_fallback() -> None:
    table = default_table()
    own = _release("1.0", build=("scikit-build-core",), backend="scikit_build_core.build")
    assert build_system_of(own, (), table).requires == ("scikit-build-core", "cmake>=3.15", "ninja")
    assert build_system_of(own, (), table).warning is None
    unread = _release("1.1", unknown=True)
    inferred = build_system_of(unread, [own, unread], table)
    assert inferred.requires == ("scikit-build-core", "cmake>=3.15", "ninja")
    assert inferred.backend == "scikit_build_core.build"
    assert inferred.warning is not None
    assert "p 1.1: build system unknown" in inferred.warning
    assert "taken from p 1.0" in inferred.warning
    alone = build_system_of(unread, [unread], table)
    assert alone.requires == (*FALLBACK_BUILD_REQUIRES, "wheel", "setuptools<82")
    assert alone.warning is not None and "PEP 517 fallback" in alone.warning
    # Read, and no [build-system]: the fallback without a warning.
    absent = build_system_of(_release("0.9"), (), table)
    legacy = (*FALLBACK_BUILD_REQUIRES, "wheel", "setuptools<82")
    assert (absent.requires, absent.warning) == (legacy, None)


def test_crawl_closure_follows_backend_additions() -> None:
    markers = MarkerCache([{"python_version": "3.12", "sys_platform": "linux"}])
    meson = _release("1.0", build=("meson-python",), backend="mesonpy")
    skbuild = _release("1.1", build=("scikit-build-core",), backend="scikit_build_core.build")
    no_build_system = _release("1.2")
    wheel_only = _release("1.3", sdist=False)
    names = {name for name, _, _ in followed([meson, skbuild], (), markers)}
    assert names == {"meson-python", "ninja", "scikit-build-core", "cmake"}
    # No [build-system]: PEP 517's setuptools, and wheel for setuptools < 70.1.
    assert {n for n, _, _ in followed([no_build_system], (), markers)} == {"setuptools", "wheel"}
    # A wheel is never built: nothing to follow.
    assert list(followed([wheel_only], (), markers)) == []


class _StreamClient:
    """Serves one tarball as `Client.stream` does, counting what was read."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.sent = 0

    def stream(self, url: str, chunk: int) -> Iterator[bytes]:
        for start in range(0, len(self.data), chunk):
            self.sent += min(chunk, len(self.data) - start)
            yield self.data[start : start + chunk]


def _sdist(*members: tuple[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(f"p-1.0/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_sdist_head_cut_off_by_the_cap_is_not_complete() -> None:
    pyproject = b'[build-system]\nrequires = ["meson-python"]\nbuild-backend = "mesonpy"\n'
    noise = random.Random(0).randbytes(STREAM_CAP + (1 << 20))  # incompressible
    # A meson/git-archive sdist: PKG-INFO first, pyproject.toml after the sources.
    late = _sdist(("PKG-INFO", b"Name: p\n"), ("src.bin", noise), ("pyproject.toml", pyproject))
    head = read_sdist_head(_StreamClient(late), "u", "p-1.0.tar.gz")  # type: ignore[arg-type]
    assert (head.pkg_info, head.pyproject, head.complete) == (b"Name: p\n", None, False)
    # Read to the end without a pyproject.toml: really absent.
    plain = _sdist(("PKG-INFO", b"Name: p\n"), ("setup.py", b""))
    head = read_sdist_head(_StreamClient(plain), "u", "p-1.0.tar.gz")  # type: ignore[arg-type]
    assert (head.pyproject, head.complete) == (None, True)


def _project_with_series() -> FixtureIndex:
    """cy: three releases with wheel and sdist; 2.1.x on setuptools, 2.0 on meson."""
    idx = FixtureIndex()
    builds = {
        "2.1.1": b'[build-system]\nrequires = ["setuptools>=61", "cython"]\n'
        b'build-backend = "setuptools.build_meta"\n',
        "2.1.0": b'[build-system]\nrequires = ["setuptools>=61", "cython"]\n'
        b'build-backend = "setuptools.build_meta"\n',
        "2.0.5": b'[build-system]\nrequires = ["meson-python"]\nbuild-backend = "mesonpy"\n',
    }
    for version, pyproject in builds.items():
        meta = core_metadata("cy", version, [])
        wheel = f"cy-{version}-py3-none-any.whl"
        idx.add("cy", FixtureFile(wheel, make_wheel(wheel, meta), metadata=meta))
        sdist = f"cy-{version}.tar.gz"
        idx.add("cy", FixtureFile(sdist, make_sdist(sdist, meta, pyproject)))
    return idx


def _crawl(root: Path, url: str, policy: Policy) -> None:
    client = Client(retries=3, backoff=0.01)
    crawler = Crawler(root, url, policy, client=client, jobs=2, progress=Progress(io.StringIO()))
    crawler.run([("cy", frozenset())])


def _build_known(root: Path) -> dict[str, bool]:
    return {r.version: not r.build_unknown for r in open_database(root).releases("cy")}


def test_crawl_reads_the_newest_release_of_every_series(tmp_path: Path) -> None:
    policy = Policy(pythons=("3.11",), systems=("x86_64-linux",), analyse=0, build_info=0)
    with IndexServer(_project_with_series()) as server:
        _crawl(tmp_path, server.url, policy)
        assert _build_known(tmp_path) == {"2.1.1": False, "2.1.0": False, "2.0.5": False}
        # Re-crawled with build info wanted: the unread releases are read now,
        # although the index page did not change.
        _crawl(tmp_path, server.url, replace(policy, build_info=1))
    assert _build_known(tmp_path) == {"2.1.1": True, "2.1.0": False, "2.0.5": True}
    db = open_database(tmp_path)
    old = next(r for r in db.releases("cy") if r.version == "2.0.5")
    assert (old.build_backend, old.build_requires) == ("mesonpy", ("meson-python",))
    # 2.1.0 (unread) takes 2.1.1's, from its own series, not 2.0.5's meson.
    unread = next(r for r in db.releases("cy") if r.version == "2.1.0")
    inferred = build_system_of(unread, db.releases("cy"), default_table())
    assert inferred.requires == ("setuptools>=61", "cython", "wheel")
    assert inferred.warning is not None and "taken from cy 2.1.1" in inferred.warning


def test_another_series_gives_projects_not_version_bounds() -> None:
    table = default_table()
    newer = _release("3.8.0", build=("setuptools>=77", "cython[x]>=3.1; python_version>'3.9'"),
                     backend="setuptools.build_meta")  # fmt: skip
    same = _release("3.6.1", build=("setuptools>=61", "cython>=3"), backend="setuptools.build_meta")
    unread = _release("3.6.0", unknown=True)
    # Same series: exactly its requirements.
    exact = build_system_of(unread, [newer, same, unread], table).requires
    assert exact == ("setuptools>=61", "cython>=3", "wheel")
    # Another series: the projects only (a newer cython floor would rule out a
    # release that builds with an older Cython); wheel since setuptools is now unbounded.
    inferred = build_system_of(unread, [newer, unread], table)
    assert inferred.requires == ("setuptools", 'cython[x]; python_version > "3.9"', "wheel")
    assert inferred.warning is not None and "without its version bounds" in inferred.warning
