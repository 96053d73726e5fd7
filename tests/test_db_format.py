"""Database format: exact round trip, lazy shard loading, digest checks, verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mach_nix.db.format import ProjectRecord, shard_of
from mach_nix.db.inspect import stats, verify
from mach_nix.db.store import read_all_records, read_manifest, write_database
from mach_nix.errors import UserError
from mach_nix.index.database import open_database
from mach_nix.model import DistFile, Release

FILES = "https://files.pythonhosted.org/packages/"


def _release(name: str, version: str, **kw: object) -> Release:
    wheel = DistFile(
        filename=f"{name}-{version}-cp311-cp311-manylinux_2_17_x86_64.whl",
        url=f"{FILES}ab/cd/{name}-{version}-cp311-cp311-manylinux_2_17_x86_64.whl",
        sha256="a" * 64,
        kind="wheel",
        yanked="bad build" if version == "0.9" else False,
        requires_python=">=3.10",
        needs=("libfoo.so.1",),
        size=1234,
    )
    sdist = DistFile(
        filename=f"{name}-{version}.tar.gz",
        url=f"https://mirror.example/{name}-{version}.tar.gz",
        sha256="b" * 64,
        kind="sdist",
        requires_python=">=3.9",
    )
    fields: dict[str, object] = {
        "requires_python": ">=3.10",
        "requires_dist": ("dep>=1", "other[x]; extra == 'fast'"),
        "extras": ("fast",),
        "build_requires": ("setuptools>=61",),
        "build_backend": "setuptools.build_meta",
    }
    fields.update(kw)
    return Release(name=name, version=version, files=(wheel, sdist), **fields)  # type: ignore[arg-type]


def _records() -> dict[str, ProjectRecord]:
    return {
        "alpha": ProjectRecord(
            "alpha",
            (_release("alpha", "1.0"), _release("alpha", "0.9", requires_dist=None)),
            page_digest="d1",
            crawled_at="2026-11-23T00:00:00Z",
        ),
        "beta": ProjectRecord(
            "beta",
            (_release("beta", "2.0", build_requires=None, build_backend=None, build_unknown=True),),
            build_unknown=frozenset({"2.0"}),
        ),
    }


def _write(root: Path) -> None:
    write_database(
        root, _records(), "https://pypi.org/simple/", "2026-11-23T00:00:00Z", {}, shards=8
    )


def test_round_trip_is_exact(tmp_path: Path) -> None:
    _write(tmp_path)
    _, back = read_all_records(tmp_path)
    assert back == _records()


def test_writes_are_deterministic(tmp_path: Path) -> None:
    _write(tmp_path / "a")
    _write(tmp_path / "b")
    assert (tmp_path / "a/manifest.json").read_bytes() == (
        tmp_path / "b/manifest.json"
    ).read_bytes()


def test_index_loads_only_touched_shards(tmp_path: Path) -> None:
    _write(tmp_path)
    db = open_database(tmp_path)
    assert db.describe().startswith("database snapshot of 2026-11-23")
    assert [r.version for r in db.releases("Alpha")] == ["1.0", "0.9"]
    assert db.releases("missing") == ()
    assert set(db._shards) == {shard_of("alpha", 8), shard_of("missing", 8)}
    assert "beta" in db and "gamma" not in db


def test_shard_with_wrong_digest_is_refused(tmp_path: Path) -> None:
    _write(tmp_path)
    info = read_manifest(tmp_path).shard_for("alpha")
    assert info is not None
    path = tmp_path / info.file
    path.write_bytes(path.read_bytes()[:-1] + b"\0")
    with pytest.raises(UserError, match=r"shard .* does not match its digest.*db verify"):
        open_database(tmp_path).releases("alpha")
    problems = verify(tmp_path).problems
    assert len(problems) == 1 and info.file in problems[0]
    # Other shards still load.
    if read_manifest(tmp_path).shard_for("beta") != info:
        assert open_database(tmp_path).releases("beta")


def test_missing_or_foreign_database_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no database here"):
        open_database(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"schema": "other/9"}))
    with pytest.raises(UserError, match="not a mach-nix database"):
        open_database(tmp_path)


def test_rewrite_removes_unreferenced_shards(tmp_path: Path) -> None:
    _write(tmp_path)
    records = _records()
    del records["beta"]
    write_database(tmp_path, records, "u", "t", {}, shards=8)
    assert len(list((tmp_path / "shards").glob("*.zst"))) == 1
    assert verify(tmp_path).problems == []


def test_stats_counts(tmp_path: Path) -> None:
    _write(tmp_path)
    s = stats(tmp_path)
    assert (s.packages, s.releases, s.files, s.wheels, s.analysed_wheels) == (2, 3, 6, 3, 3)
    assert s.unknown_requirements == 1 and s.unknown_build == 1
    assert s.bytes_per_release == s.bytes_compressed / 3


def test_cli_stats_and_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mach_nix.cli import main

    _write(tmp_path)
    assert main(["db", "stats", "--db", str(tmp_path)]) == 0
    assert "releases            3" in capsys.readouterr().out
    assert main(["db", "verify", "--db", str(tmp_path)]) == 0
    info = read_manifest(tmp_path).shard_for("beta")
    assert info is not None
    (tmp_path / info.file).unlink()
    assert main(["db", "verify", "--db", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert info.file in err and "missing" in err


def test_cli_update_rejects_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mach_nix.cli import main

    assert main(["db", "update", "--db", str(tmp_path)]) == 2
    assert "name at least one requirement" in capsys.readouterr().err
    assert main(["db", "update", "-r", str(tmp_path / "nope.txt"), "--db", str(tmp_path)]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["db", "update", "six", "--python", "three", "--db", str(tmp_path)]) == 2
    assert "--python three" in capsys.readouterr().err
    assert not (tmp_path / "manifest.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "0"], "--jobs 0: must be at least 1"),
        (["--series", "-1"], "--series -1: must be at least 0"),
        (["--index", "pypi.org/simple"], "--index pypi.org/simple: expected an http(s) URL"),
        (["--system", "x86_64-windows"], "--system x86_64-windows: unknown"),
    ],
)
def test_cli_update_rejects_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    from mach_nix.cli import main

    assert main(["db", "update", "six", "--db", str(tmp_path), *args]) == 2
    assert message in capsys.readouterr().err
