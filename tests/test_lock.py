"""pylock.toml: TOML writer, exact round trip with the resolved set, standard
readers (packaging, uv), and `mach-nix lock` crawling what the snapshot lacks."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from mach_nix.cli import main
from mach_nix.crawl.crawler import Crawler
from mach_nix.crawl.http import Client
from mach_nix.crawl.policy import Policy
from mach_nix.crawl.progress import Progress
from mach_nix.errors import UserError
from mach_nix.index.database import open_database as open_database_at
from mach_nix.lock.pylock import pylock_to_resolved, resolved_to_pylock
from mach_nix.lock.toml import dumps

sys.path.insert(0, str(Path(__file__).parent))
from fixtures.index.server import FixtureIndex, IndexServer
from test_crawl_index import _wheel, build_index

SIX = {
    "filename": "six-1.17.0-py2.py3-none-any.whl",
    "url": "https://files.pythonhosted.org/packages/b7/ce/149a00dd41f10bc29e5921b496af8b574d8413afcd5e30dfa0ed46c2cc5e/six-1.17.0-py2.py3-none-any.whl",
    "sha256": "4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274",
}


def _pkg(
    name: str, version: str, provider: str, file: dict[str, str] | None, **kw: object
) -> dict[str, object]:
    pkg: dict[str, object] = {
        "name": name, "version": version, "provider": provider, "file": file,
        "nixpkgs_attr": None, "extras": [], "dependencies": [], "build_system": [],
        "needs": [], "overrides": [], "roots": [name],
    }  # fmt: skip
    pkg.update(kw)
    return pkg


def resolved_set(system: str = "x86_64-linux") -> dict[str, object]:
    darwin = system.endswith("darwin")
    return {
        "schema": "mach-nix/resolved-set/1",
        "target": {
            "python": "3.11",
            "implementation": "cpython",
            "system": system,
            "libc": None if darwin else "glibc",
            "libc_version": None if darwin else "2.40",
            "macos": "11.0" if darwin else None,
        },
        "requirements": ["six", "pkg[x]>=1", "tool"],
        "packages": {
            "six": _pkg("six", "1.17.0", "wheel", SIX, roots=["pkg", "six"]),
            "pkg": _pkg(
                "pkg",
                "1.0",
                "sdist",
                {
                    "filename": "pkg-1.0.tar.gz",
                    "url": "https://x.invalid/pkg-1.0.tar.gz",
                    "sha256": "c" * 64,
                },
                extras=["x"],
                dependencies=["six", "tool"],
                build_system=["setuptools"],
                overrides=["pkg-fix"],
            ),
            "setuptools": _pkg(
                "setuptools", "80.0", "nixpkgs", None, nixpkgs_attr="setuptools", roots=["pkg"]
            ),
            "tool": _pkg(
                "tool",
                "2.0",
                "wheel",
                {
                    "filename": "tool-2.0-cp311-cp311-manylinux_2_17_x86_64.whl",
                    "url": "https://x.invalid/tool.whl",
                    "sha256": "d" * 64,
                },
                needs=["libfoo.so.1"],
                dependencies=["pkg"],
            ),
        },
        "warnings": ["circular dependency: pkg -> tool -> pkg", 'quote " and \\ and\nnewline'],
    }


def test_toml_writer_round_trips_through_tomllib() -> None:
    data = {
        "a": "x\"y\\z\n\t\u0001é", "n": 3, "t": True, "empty": [], "list": ["p", "q"],
        "weird key": 1, "inline": {"sha256": "00"},
        "table": {"deep": {"k": "v", "arr": [1, 2], "more": {"a": 1, "b": 2, "c": 3, "d": 4}}},
        "items": [{"name": "one", "sub": [{"x": 1}]}, {"name": "two"}],
    }  # fmt: skip
    assert tomllib.loads(dumps(data)) == data


@pytest.mark.parametrize("system", ["x86_64-linux", "aarch64-darwin"])
def test_resolved_set_round_trip_is_exact(system: str) -> None:
    original = resolved_set(system)
    lock = resolved_to_pylock(copy.deepcopy(original))
    assert pylock_to_resolved(tomllib.loads(dumps(lock))) == original


def test_pylock_is_valid_for_packaging() -> None:
    from packaging.pylock import Pylock

    lock = Pylock.from_dict(tomllib.loads(dumps(resolved_to_pylock(resolved_set()))))
    assert [p.name for p in lock.packages] == ["pkg", "six", "tool"]
    assert lock.packages[1].wheels and lock.packages[1].wheels[0].filename == SIX["filename"]
    assert lock.packages[0].sdist is not None
    assert lock.created_by == "mach-nix"


def test_foreign_lock_file_is_a_user_error() -> None:
    with pytest.raises(UserError, match=r"no \[tool.mach-nix\]"):
        pylock_to_resolved({"lock-version": "1.0", "packages": []}, "x/pylock.toml")


@pytest.mark.network
@pytest.mark.skipif(shutil.which("uv") is None, reason="uv not installed")
def test_uv_installs_the_lock(tmp_path: Path) -> None:
    data = resolved_set()
    data["packages"] = {"six": data["packages"]["six"]}  # type: ignore[index]
    data["requirements"] = ["six"]
    (tmp_path / "pylock.toml").write_text(dumps(resolved_to_pylock(data)))
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "-q", "-p", sys.executable, str(venv)], check=True)
    proc = subprocess.run(
        ["uv", "pip", "install", "--python", str(venv / "bin" / "python"), "-r", "pylock.toml"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = subprocess.run([str(venv / "bin" / "python"), "-c", "import six; print(six.__version__)"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == "1.17.0"


def test_lock_crawls_what_the_snapshot_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    idx = build_index()
    with IndexServer(idx) as server:
        snapshot = tmp_path / "snapshot"
        policy = Policy(pythons=("3.11",), systems=("x86_64-linux",), analyse=0)
        Crawler(snapshot, server.url, policy, client=Client(backoff=0.01),
                progress=Progress(io.StringIO())).run([("tiny", frozenset())])  # fmt: skip
        out = tmp_path / "pylock.toml"
        code = main([
            "lock", "--requirement-text", "app", "--db", str(snapshot),
            "--cache-db", str(tmp_path / "cache"), "--index", server.url,
            "--python", "3.11", "--system", "x86_64-linux", "-o", str(out),
        ])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    lock = tomllib.loads(out.read_text())
    versions = {p["name"]: p["version"] for p in lock["packages"]}
    assert versions == {
        "app": "2.0",
        "lib": "1.5",
        "speedup": "0.3",
        "tiny": "1.0",
        "flit-core": "3.9.0",
    }
    # tiny came from the snapshot: the crawl into the cache skipped it.
    assert idx.hits["/simple/tiny/"] == 1
    resolved = pylock_to_resolved(lock)
    assert resolved["packages"]["speedup"]["provider"] == "sdist"
    assert resolved["packages"]["speedup"]["build_system"] == ["flit-core"]


def test_lock_recrawls_a_project_the_snapshot_has_at_no_wanted_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:

    idx = FixtureIndex()
    for minor in range(10):
        idx.add("dep", _wheel("dep", f"0.{minor}.0", ["tiny"] if minor == 3 else []))
    idx.add("tiny", _wheel("tiny", "1.0", []))
    snapshot = tmp_path / "snapshot"
    narrow = Policy(pythons=("3.11",), systems=("x86_64-linux",), recent_series=1, series=1)
    with IndexServer(idx) as server:
        Crawler(snapshot, server.url, narrow, client=Client(backoff=0.01),
                progress=Progress(io.StringIO())).run([("dep", frozenset())])  # fmt: skip
        assert [r.version for r in open_database_at(snapshot).releases("dep")] == ["0.9.0"]
        out = tmp_path / "pylock.toml"
        code = main([
            "lock", "--requirement-text", "dep==0.3.0", "--db", str(snapshot),
            "--cache-db", str(tmp_path / "cache"), "--index", server.url,
            "--python", "3.11", "--system", "x86_64-linux", "-o", str(out),
        ])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    versions = {p["name"]: p["version"] for p in tomllib.loads(out.read_text())["packages"]}
    assert versions == {"dep": "0.3.0", "tiny": "1.0"}


def test_lock_output_into_a_missing_directory_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nope" / "pylock.toml"
    assert main(["lock", "--requirement-text", "six", "--offline", "-o", str(out)]) == 2
    assert "no such directory" in capsys.readouterr().err


def test_lock_holds_exactly_what_resolve_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    flags = ["--requirement-text", "uvicorn[standard]", "--requirement-text", "attrs",
             "--python", "3.12", "--system", "aarch64-darwin"]  # fmt: skip
    assert main(["resolve", *flags, "--json", "-o", str(tmp_path / "set.json")]) == 0
    assert main(["lock", *flags, "--offline", "-o", str(tmp_path / "pylock.toml")]) == 0
    capsys.readouterr()
    lock = tomllib.loads((tmp_path / "pylock.toml").read_text())
    resolved = json.loads((tmp_path / "set.json").read_text())
    assert pylock_to_resolved(lock) == resolved
    assert "httptools" in resolved["packages"]
