"""The crawler against a local PEP 691/503 index served on 127.0.0.1."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from mach_nix.crawl.crawler import Crawler
from mach_nix.crawl.http import Client
from mach_nix.crawl.policy import Policy
from mach_nix.crawl.progress import Progress
from mach_nix.db.inspect import verify
from mach_nix.errors import UserError
from mach_nix.index.database import open_database

sys.path.insert(0, str(Path(__file__).parent))
from fixtures.index.server import (
    FixtureFile,
    FixtureIndex,
    IndexServer,
    core_metadata,
    host_elf,
    make_sdist,
    make_wheel,
)

POLICY = Policy(pythons=("3.11",), systems=("x86_64-linux",), analyse=1)


def _wheel(name: str, version: str, requires: list[str], **kw: object) -> FixtureFile:
    filename = f"{name}-{version}-py3-none-any.whl"
    meta = core_metadata(name, version, requires, **kw)  # type: ignore[arg-type]
    return FixtureFile(filename, make_wheel(filename, meta), metadata=meta)


def build_index() -> FixtureIndex:
    idx = FixtureIndex()
    # app 2.0 needs lib[fast]; app 1.0 is yanked.
    idx.add("app", _wheel("app", "2.0", ["lib[fast]>=1", "winonly; sys_platform == 'win32'"]))
    old = _wheel("app", "1.0", ["lib"])
    old.yanked = "broken build"
    idx.add("app", old)
    # lib: wheel without a .metadata file (read from the zip), extra pulls `speedup`.
    meta = core_metadata("lib", "1.5", ["speedup; extra == 'fast'"], extras=["fast"])
    name = "lib-1.5-py3-none-any.whl"
    idx.add("lib", FixtureFile(name, make_wheel(name, meta)))
    # speedup: sdist only, static Metadata 2.2, a [build-system].
    pkg = core_metadata("speedup", "0.3", ["tiny"], metadata_version="2.2")
    pyproject = (
        b'[build-system]\nrequires = ["flit_core>=3.4"]\nbuild-backend = "flit_core.buildapi"\n'
    )
    idx.add(
        "speedup",
        FixtureFile("speedup-0.3.tar.gz", make_sdist("speedup-0.3.tar.gz", pkg, pyproject)),
    )
    idx.add("tiny", _wheel("tiny", "1.0", []))
    idx.add("flit-core", _wheel("flit_core", "3.9.0", []))
    # dyn: sdist with dynamic requirements: unknown.
    dyn = core_metadata("dyn", "1.0", ["tiny"], metadata_version="2.2", dynamic=["Requires-Dist"])
    idx.add("dyn", FixtureFile("dyn-1.0.tar.gz", make_sdist("dyn-1.0.tar.gz", dyn, None)))
    return idx


def crawl(root: Path, url: str, names: list[str], **kw: object) -> Crawler:
    client = Client(retries=kw.pop("retries", 3), backoff=0.01)  # type: ignore[arg-type]
    crawler = Crawler(
        root, url, POLICY, client=client, jobs=4, progress=Progress(io.StringIO()), **kw
    )  # type: ignore[arg-type]
    crawler.run([(n, frozenset()) for n in names])
    return crawler


@pytest.mark.parametrize("json_api", [True, False], ids=["pep691-json", "pep503-html"])
def test_closure_metadata_and_yanked(tmp_path: Path, json_api: bool) -> None:
    idx = build_index()
    idx.json_api = json_api
    with IndexServer(idx) as server:
        crawl(tmp_path, server.url, ["app", "dyn"])
    db = open_database(tmp_path)
    versions = {r.version: r for r in db.releases("app")}
    assert set(versions) == {"2.0", "1.0"}
    assert versions["1.0"].files[0].yanked == "broken build"
    assert versions["2.0"].files[0].yanked is False
    # lib's extra `fast` was followed; `winonly` is for no target, so not crawled.
    assert db.releases("speedup") and db.releases("tiny")
    assert not db.releases("winonly")
    (speedup,) = db.releases("speedup")
    assert speedup.requires_dist == ("tiny",)
    assert speedup.build_requires == ("flit_core>=3.4",)
    assert speedup.build_backend == "flit_core.buildapi"
    assert db.releases("flit-core"), "build requirements are part of the closure"
    (lib,) = db.releases("lib")
    assert lib.extras == ("fast",)
    (dyn,) = db.releases("dyn")
    assert dyn.requires_dist is None
    if json_api:
        # lib serves no .metadata: its METADATA came from the wheel by range requests.
        assert idx.hits["/files/lib-1.5-py3-none-any.whl.metadata"] == 0
        assert idx.hits["/files/app-2.0-py3-none-any.whl.metadata"] == 1


def test_429_and_truncated_responses_are_retried(tmp_path: Path) -> None:
    idx = build_index()
    idx.fail_429["/simple/app/"] = 2
    idx.truncate["/simple/lib/"] = 1
    idx.truncate["/files/tiny-1.0-py3-none-any.whl.metadata"] = 1
    with IndexServer(idx) as server:
        crawl(tmp_path, server.url, ["app"])
    assert idx.hits["/simple/app/"] == 3
    assert idx.hits["/simple/lib/"] == 2
    assert open_database(tmp_path).releases("tiny")[0].requires_dist == ()


def test_interrupted_crawl_leaves_database_whole_and_resumes(tmp_path: Path) -> None:
    idx = build_index()
    with IndexServer(idx) as server:
        crawl(tmp_path, server.url, ["tiny"])
        first = (tmp_path / "manifest.json").read_bytes()
        # The next crawl dies on `speedup` (the index keeps failing) after others finished.
        idx.fail_500["/simple/speedup/"] = 100
        with pytest.raises(UserError, match="giving up"):
            crawl(tmp_path, server.url, ["app"], retries=1, checkpoint=0.0)
        assert verify(tmp_path).problems == []
        assert (tmp_path / "manifest.json").read_bytes() != first
        partial = open_database(tmp_path)
        assert partial.releases("tiny") and partial.releases("app")
        assert not partial.releases("speedup")
        # Resume: the index is healthy again; finished projects are not fetched again.
        idx.fail_500.clear()
        hits_before = idx.hits["/files/app-2.0-py3-none-any.whl.metadata"]
        resumed = crawl(tmp_path, server.url, ["app"])
    assert resumed.stats.unchanged >= 2
    assert idx.hits["/files/app-2.0-py3-none-any.whl.metadata"] == hits_before
    assert open_database(tmp_path).releases("speedup")
    assert verify(tmp_path).problems == []


def test_page_change_refetches_only_new_releases(tmp_path: Path) -> None:
    idx = build_index()
    with IndexServer(idx) as server:
        crawl(tmp_path, server.url, ["tiny"])
        idx.add("tiny", _wheel("tiny", "1.1", ["lib"]))
        again = crawl(tmp_path, server.url, ["tiny"])
    assert again.stats.releases_reused == 1
    assert again.stats.releases_fetched >= 2  # tiny 1.1 and the new dependency lib
    assert {r.version for r in open_database(tmp_path).releases("tiny")} == {"1.0", "1.1"}


def test_unknown_project_is_reported_not_fatal(tmp_path: Path) -> None:
    idx = build_index()
    with IndexServer(idx) as server:
        c = crawl(tmp_path, server.url, ["tiny", "no-such-thing"])
    assert c.stats.missing == ["no-such-thing"]


@pytest.mark.skipif(host_elf("libssl.so.3") is None, reason="no host libssl.so.3")
def test_wheel_needs_from_elf_analysis(tmp_path: Path) -> None:
    ssl, crypto = host_elf("libssl.so.3"), host_elf("libcrypto.so.3")
    assert ssl is not None and crypto is not None
    idx = FixtureIndex()
    tag = "cp311-cp311-manylinux_2_17_x86_64"
    meta = core_metadata("native", "1.0", [])
    # 1.0 links libssl which needs libcrypto (not bundled, not manylinux) -> needs.
    w1 = f"native-1.0-{tag}.whl"
    idx.add("native", FixtureFile(w1, make_wheel(w1, meta, {"native/_ext.so": ssl}), metadata=meta))
    with IndexServer(idx) as server:
        crawl(tmp_path, server.url, ["native"])
    (rel,) = open_database(tmp_path).releases("native")
    assert rel.files[0].needs == ("libcrypto.so.3",)
    # The same library with libcrypto bundled in native.libs/ needs nothing.
    idx2 = FixtureIndex()
    w2 = f"native-1.0-{tag}.whl"
    members = {"native/_ext.so": ssl, "native.libs/libcrypto.so.3": crypto}
    idx2.add("native", FixtureFile(w2, make_wheel(w2, meta, members), metadata=meta))
    with IndexServer(idx2) as server:
        crawl(tmp_path / "b", server.url, ["native"])
    (rel2,) = open_database(tmp_path / "b").releases("native")
    assert rel2.files[0].needs == ()


# An in-tree PEP 517 backend: its metadata hook writes what setup.py would compute.
_BACKEND = b"""
import os
def prepare_metadata_for_build_wheel(out, config_settings=None):
    d = os.path.join(out, "built-1.0.dist-info")
    os.makedirs(d)
    with open(os.path.join(d, "METADATA"), "w") as f:
        f.write("Metadata-Version: 2.1\\nName: built\\nVersion: 1.0\\nRequires-Dist: tiny>=1\\n\\n")
    return "built-1.0.dist-info"
"""


def test_build_metadata_learns_dynamic_requirements(tmp_path: Path) -> None:
    idx = build_index()
    pkg = core_metadata("built", "1.0", [], metadata_version="2.1")
    pyproject = b'[build-system]\nrequires = []\nbuild-backend = "backend"\n'
    sdist = make_sdist("built-1.0.tar.gz", pkg, pyproject, {"backend.py": _BACKEND})
    idx.add("built", FixtureFile("built-1.0.tar.gz", sdist))
    with IndexServer(idx) as server:
        crawl(tmp_path, server.url, ["built"])
        assert open_database(tmp_path).releases("built")[0].requires_dist is None
        policy = Policy(pythons=("3.11",), systems=("x86_64-linux",), build_metadata=True)
        again = Crawler(tmp_path, server.url, policy, client=Client(backoff=0.01),
                        progress=Progress(io.StringIO()))  # fmt: skip
        again.run([("built", frozenset())])
    (built,) = open_database(tmp_path).releases("built")
    assert built.requires_dist == ("tiny>=1",)
    assert open_database(tmp_path).releases("tiny"), "the learnt requirement is crawled"


def test_upper_bounds_in_the_closure_keep_their_best_match(tmp_path: Path) -> None:
    idx = FixtureIndex()
    # 30 series of `dep`; the policy keeps the newest few, but `user` caps it low.
    for minor in range(30):
        idx.add("dep", _wheel("dep", f"0.{minor}.0", []))
    idx.add("user", _wheel("user", "1.0", ["dep<0.5"]))
    policy = Policy(pythons=("3.11",), systems=("x86_64-linux",), recent_series=1, series=2)
    with IndexServer(idx) as server:
        for roots in (["dep"], ["dep", "user"]):
            # The second crawl finds dep's page unchanged but must add 0.4.0.
            Crawler(tmp_path, server.url, policy, client=Client(backoff=0.01),
                    progress=Progress(io.StringIO())).run(
                [(n, frozenset()) for n in roots]
            )  # fmt: skip
        assert idx.hits["/files/dep-0.4.0-py3-none-any.whl.metadata"] == 1
        assert idx.hits["/files/dep-0.29.0-py3-none-any.whl.metadata"] == 1
    versions = [r.version for r in open_database(tmp_path).releases("dep")]
    assert versions == ["0.29.0", "0.28.0", "0.4.0"]


def test_private_index_credentials_come_from_netrc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    idx = build_index()
    idx.auth = "alice:s3cret"
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with IndexServer(idx) as server:
        with pytest.raises(UserError, match=r"401.*netrc"):
            crawl(tmp_path / "a", server.url, ["tiny"])
        netrc = home / ".netrc"
        netrc.write_text("machine 127.0.0.1 login alice password s3cret\n")
        netrc.chmod(0o600)
        crawl(tmp_path / "b", server.url, ["tiny"])
    assert open_database(tmp_path / "b").releases("tiny")


def test_a_missing_file_leaves_that_release_unknown(tmp_path: Path) -> None:
    idx = build_index()
    idx.gone |= {"/files/lib-1.5-py3-none-any.whl", "/files/lib-1.5-py3-none-any.whl.metadata"}
    with IndexServer(idx) as server:
        crawl(tmp_path, server.url, ["app"])
    db = open_database(tmp_path)
    (lib,) = db.releases("lib")
    assert lib.requires_dist is None
    assert db.releases("app")


def test_a_target_sees_only_the_wheels_it_could_use(tmp_path: Path) -> None:
    from mach_nix.target import Target

    idx = FixtureIndex()
    meta = core_metadata("plat", "1.0", [])
    names = [
        "plat-1.0-cp311-cp311-manylinux_2_17_x86_64.whl",
        "plat-1.0-cp311-cp311-macosx_11_0_arm64.whl",
        "plat-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",
        "plat-1.0-py3-none-any.whl",
    ]
    for n in names:
        idx.add("plat", FixtureFile(n, make_wheel(n, meta), metadata=meta))
    idx.add("plat", FixtureFile("plat-1.0.tar.gz", make_sdist("plat-1.0.tar.gz", meta, None)))
    policy = Policy(pythons=("3.11", "3.12"), systems=("x86_64-linux", "aarch64-darwin"), analyse=0)
    with IndexServer(idx) as server:
        Crawler(tmp_path, server.url, policy, client=Client(backoff=0.01),
                progress=Progress(io.StringIO())).run([("plat", frozenset())])  # fmt: skip

    def files(target: Target | None) -> list[str]:
        return sorted(f.filename for f in open_database(tmp_path, target).releases("plat")[0].files)

    assert files(None) == sorted([*names, "plat-1.0.tar.gz"])
    assert files(Target(python="3.11", system="x86_64-linux")) == [
        "plat-1.0-cp311-cp311-manylinux_2_17_x86_64.whl",
        "plat-1.0-py3-none-any.whl",
        "plat-1.0.tar.gz",
    ]
    # A target the crawl did not cover gets every file: no wrong filtering.
    assert len(files(Target(python="3.13", system="x86_64-linux"))) == 5


@pytest.mark.skipif(host_elf("libssl.so.3") is None, reason="no host libssl.so.3")
def test_wheel_scan_handles_stored_and_deflated_members(tmp_path: Path) -> None:
    import zipfile

    ssl, curl = host_elf("libssl.so.3"), host_elf("libcurl.so.4")
    if curl is None:
        pytest.skip("no host libcurl.so.4")
    name = "multi-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"
    meta = core_metadata("multi", "1.0", [])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("multi/a.so", ssl, compress_type=zipfile.ZIP_STORED)
        zf.writestr("multi/data.txt", b"x" * 100_000, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("multi/b.so", curl, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("multi-1.0.dist-info/METADATA", meta)
    idx = FixtureIndex()
    idx.add("multi", FixtureFile(name, buf.getvalue(), metadata=meta))
    with IndexServer(idx) as server:
        crawl(tmp_path, server.url, ["multi"])
    (rel,) = open_database(tmp_path).releases("multi")
    needs = rel.files[0].needs
    assert needs is not None and "libcrypto.so.3" in needs
    assert "libc.so.6" not in needs  # manylinux provides it
    assert len(needs) > 1, "libcurl's own DT_NEEDED entries were read too"
