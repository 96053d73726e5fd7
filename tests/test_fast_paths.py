"""The database reader's fast paths give the resolver exactly what the slow ones did.

The reader skips wheels the target cannot use and decodes a release's files
only when they are first asked for; neither may change a resolved set or the
reason a release is not usable.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from mach_nix.cli import main
from mach_nix.db.format import Codec, LazyFiles, decode_release, encode_release
from mach_nix.errors import ResolutionError
from mach_nix.index.database import open_database
from mach_nix.model import DistFile, Release
from mach_nix.requirements import read_requirements_text
from mach_nix.resolver import ResolveRequest, resolve
from mach_nix.target import Target

DB = Path(__file__).resolve().parent.parent / "db"
FILES = "https://files.pythonhosted.org/packages/"
PY311 = 1 << 0  # bit of the one target this test's codec knows: CPython 3.11


def _wheel(tag: str) -> DistFile:
    name = f"pkg-1.0-{tag}.whl"
    return DistFile(name, f"{FILES}aa/{name}", "a" * 64, "wheel", requires_python=">=3.9")


def _release(*wheels: DistFile) -> Release:
    sdist = DistFile("pkg-1.0.tar.gz", f"{FILES}aa/pkg-1.0.tar.gz", "b" * 64, "sdist")
    return Release("pkg", "1.0", (*wheels, sdist), requires_python=">=3.9")


def _round_trip(release: Release, bit: int | None) -> Release:
    def mask(filename: str) -> int:
        return PY311 if "cp311" in filename else 0

    row = encode_release(release, True, Codec(FILES, wheel_mask=mask))
    return decode_release(release.name, row, Codec(FILES, target_bit=bit))


def test_files_decode_lazily_and_compare_like_the_tuple() -> None:
    release = _release(_wheel("cp311-cp311-manylinux_2_17_x86_64"))
    decoded = _round_trip(release, None)
    assert isinstance(decoded.files, LazyFiles)
    assert decoded == release and release == decoded
    assert hash(decoded) == hash(release)
    assert list(decoded.files) == list(release.files)
    assert decoded.files[0] == release.files[0] and len(decoded.files) == 2
    assert decoded.wheels == release.wheels and decoded.sdists == release.sdists


def test_target_filter_drops_wheels_the_target_cannot_use() -> None:
    ours, other = (
        _wheel("cp311-cp311-manylinux_2_17_x86_64"),
        _wheel("cp312-cp312-manylinux_2_17_x86_64"),
    )
    decoded = _round_trip(_release(ours, other), PY311)
    assert [f.filename for f in decoded.files] == [ours.filename, "pkg-1.0.tar.gz"]


def test_release_without_a_wheel_for_the_target_keeps_them_all() -> None:
    # The resolver then says "requires Python ..." or "no wheel for <target>",
    # not a bare "no wheel".
    only_312 = _wheel("cp312-cp312-manylinux_2_17_x86_64")
    decoded = _round_trip(_release(only_312), PY311)
    assert [f.filename for f in decoded.files] == [only_312.filename, "pkg-1.0.tar.gz"]


@pytest.fixture(scope="module")
def snapshot() -> Path:
    if not (DB / "manifest.json").exists():
        pytest.skip("no database snapshot in db/")
    return DB


@pytest.mark.parametrize(
    "text",
    [
        "requests[socks]\nnumpy\npandas\n",
        # numpy 2.5 has wheels for CPython >= 3.12 only: a conflict whose
        # message lists why each numpy release is not usable.
        "numpy>=2.5\n",
    ],
)
def test_target_filtered_reader_resolves_byte_for_byte_alike(snapshot: Path, text: str) -> None:
    target = Target(python="3.11", system="x86_64-linux", libc_version="2.36")
    reqs = read_requirements_text(text, origin="requirements.txt")
    outcomes = []
    for index in (open_database(snapshot), open_database(snapshot, target)):
        try:
            outcomes.append(resolve(ResolveRequest(reqs.requirements, target, index)).to_json())
        except ResolutionError as err:
            outcomes.append(f"error: {err}")
    assert outcomes[0] == outcomes[1]


def test_resolve_command_restores_the_gc_threshold(snapshot: Path, tmp_path: Path) -> None:
    before = gc.get_threshold()
    req = tmp_path / "requirements.txt"
    req.write_text("idna\n", encoding="utf-8")
    out = tmp_path / "resolved.json"
    argv = ["resolve", "-r", str(req), "--db", str(snapshot), "--json", "-o", str(out)]
    assert main(argv) == 0
    assert '"idna"' in out.read_text(encoding="utf-8")
    assert gc.get_threshold() == before
