"""Real requirement sets resolved from the shipped database snapshot.

Skipped while the snapshot does not cover the packages (the database
engineer's crawl ships it); no network.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mach_nix.errors import ResolutionError, UserError
from mach_nix.requirements import parse_requirement_text, read_requirements_text
from mach_nix.resolver import ResolvedSet, ResolveRequest, resolve
from mach_nix.resolver.specs import tag_set, wheel_tag_triple
from mach_nix.target import Target

DB = Path(__file__).resolve().parent.parent / "db"


@pytest.fixture(scope="module")
def index():  # type: ignore[no-untyped-def]
    if not (DB / "manifest.json").exists():
        pytest.skip("no database snapshot in db/")
    from mach_nix.index.database import open_database

    return open_database(DB)


def need(index, *names: str) -> None:  # type: ignore[no-untyped-def]
    missing = [n for n in names if not index.releases(n)]
    if missing:
        pytest.skip(f"snapshot lacks {', '.join(missing)}")


def run(index, text: str, target: Target) -> ResolvedSet:  # type: ignore[no-untyped-def]
    reqs = read_requirements_text(text, origin="requirements.txt")
    return resolve(ResolveRequest(reqs.requirements, target, index))


TARGETS = {
    "x86_64-linux": Target(python="3.12.7", system="x86_64-linux", libc_version="2.40"),
    "aarch64-linux": Target(python="3.11.9", system="aarch64-linux", libc_version="2.28"),
    "x86_64-darwin": Target(python="3.12", system="x86_64-darwin", macos="11.0"),
    "aarch64-darwin": Target(python="3.13", system="aarch64-darwin", macos="13.0"),
}


@pytest.mark.parametrize("system", list(TARGETS))
def test_requests_closure_on_every_system(index, system: str) -> None:  # type: ignore[no-untyped-def]
    need(index, "requests", "certifi", "idna", "urllib3", "charset-normalizer", "pysocks")
    target = TARGETS[system]
    resolved = run(index, "requests[socks]\n", target)
    assert {"requests", "certifi", "idna", "urllib3", "charset-normalizer", "pysocks"} <= set(
        resolved.packages
    )
    for pkg in resolved.packages.values():
        assert pkg.file is not None
        if pkg.provider == "wheel":
            triple = wheel_tag_triple(pkg.file.filename)
            assert triple and target.wheel_rank(tag_set(triple)) is not None, pkg.file.filename
    assert resolved.to_json() == run(index, "requests[socks]\n", target).to_json()


def test_platform_markers_on_real_metadata(index) -> None:  # type: ignore[no-untyped-def]
    need(index, "ipykernel", "appnope")
    darwin = run(index, "ipykernel\n", TARGETS["aarch64-darwin"])
    linux = run(index, "ipykernel\n", TARGETS["x86_64-linux"])
    assert "appnope" in darwin.packages
    assert "appnope" not in linux.packages


def test_real_conflict_is_explained(index) -> None:  # type: ignore[no-untyped-def]
    need(index, "pandas", "numpy")
    with pytest.raises(ResolutionError) as caught:
        run(index, "pandas>=2.2\nnumpy<1.20\n", TARGETS["x86_64-linux"])
    message = str(caught.value)
    assert "pandas>=2.2 (requirements.txt:1)" in message
    assert "numpy<1.20 (requirements.txt:2)" in message


def test_every_tenth_snapshot_project_resolves_or_explains(index) -> None:  # type: ignore[no-untyped-def]
    # Robustness on real metadata: a resolution or a UserError, never a crash.
    manifest = json.loads((DB / "manifest.json").read_text())
    names = sorted(p for shard in manifest["shard_table"].values() for p in shard["packages"])
    resolved = 0
    for name in names[::10]:
        request = ResolveRequest(
            [parse_requirement_text(name, "sweep")], TARGETS["x86_64-linux"], index
        )
        try:
            result = resolve(request)
        except UserError:
            continue
        resolved += 1
        assert name in result.packages
    assert resolved >= len(names[::10]) // 2
