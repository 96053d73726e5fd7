"""The shipped snapshot (db/): intact, and covering what it promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mach_nix.db.inspect import verify
from mach_nix.db.location import candidates, default_database
from mach_nix.index.database import open_database
from mach_nix.model import canonical_name

REPO = Path(__file__).resolve().parent.parent
DB = REPO / "db"
BENCH = REPO.parent / "shared" / "bench"


def _names(path: Path) -> list[str]:
    out = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(canonical_name(re.split(r"[\[<>=!~; ]", line, maxsplit=1)[0]))
    return out


def test_snapshot_verifies() -> None:
    result = verify(DB)
    assert result.problems == []
    assert result.packages > 400


def test_snapshot_has_every_requested_project() -> None:
    db = open_database(DB)
    missing = [n for n in _names(DB / "requirements.txt") if not db.releases(n)]
    assert missing == []


@pytest.mark.skipif(not BENCH.is_dir(), reason="shared/bench not present")
def test_snapshot_covers_the_benchmark_sets() -> None:
    db = open_database(DB)
    for path in BENCH.glob("*.txt"):
        assert all(db.releases(n) for n in _names(path)), path.name


def test_tensorflow_pin_of_the_conflict_set_is_kept() -> None:
    versions = {r.version for r in open_database(DB).releases("tensorflow")}
    assert "2.15.0" in versions


def test_default_location_is_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MACH_NIX_DB", raising=False)
    assert default_database() == DB
    monkeypatch.setenv("MACH_NIX_DB", "/elsewhere")
    assert candidates()[0] == Path("/elsewhere") and default_database() == Path("/elsewhere")
