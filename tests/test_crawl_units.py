"""Crawler building blocks: ELF reading against pyelftools, release policy, metadata."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.version import Version

from mach_nix.crawl.elf import needed_sonames
from mach_nix.crawl.metadata import parse_build_system, parse_core_metadata
from mach_nix.crawl.policy import Policy, select_versions

HOST_LIBS = [
    p
    for p in (
        Path("/usr/lib/x86_64-linux-gnu/libssl.so.3"),
        Path("/usr/lib/x86_64-linux-gnu/libcurl.so.4"),
        Path("/usr/bin/python3.11"),
    )
    if p.is_file()
]


def _chunks(data: bytes, size: int) -> Iterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i : i + size]


@pytest.mark.skipif(not HOST_LIBS, reason="no host ELF files")
@pytest.mark.parametrize("path", HOST_LIBS, ids=lambda p: p.name)
def test_streamed_dt_needed_matches_pyelftools(path: Path) -> None:
    from elftools.elf.dynamic import DynamicSection
    from elftools.elf.elffile import ELFFile

    with path.open("rb") as handle:
        elf = ELFFile(handle)
        expected = tuple(
            tag.needed
            for section in elf.iter_sections()
            if isinstance(section, DynamicSection)
            for tag in section.iter_tags()
            if tag.entry.d_tag == "DT_NEEDED"
        )
    data = path.read_bytes()
    assert expected
    assert needed_sonames(_chunks(data, 4096), lambda: _chunks(data, 4096)) == expected


def test_not_elf() -> None:
    assert needed_sonames(iter([b"#!/bin/sh\n"]), lambda: iter([])) is None


def test_release_selection() -> None:
    versions = [Version(v) for v in (
        "1.0", "1.1", "1.2.0", "1.2.1", "2.0.0", "2.0.1", "2.1.0", "2.1.1", "3.0rc1", "0.9",
    )]  # fmt: skip
    policy = Policy(recent_series=2, series=3, pins=frozenset({("p", "0.9")}))
    kept = [str(v) for v in select_versions("p", versions, policy)]
    # all of 2.1 and 2.0; the newest of 1.2; the pin; no pre-release (finals exist)
    assert kept == ["2.1.1", "2.1.0", "2.0.1", "2.0.0", "1.2.1", "0.9"]
    only_pre = [Version("1.0a1"), Version("1.0b2")]
    assert [str(v) for v in select_versions("q", only_pre, policy)] == ["1.0b2", "1.0a1"]


def test_python_filter_of_policy() -> None:
    policy = Policy(pythons=("3.11",))
    assert policy.python_ok(">=3.8")
    assert not policy.python_ok("<3")
    assert policy.python_ok(None)


def test_core_metadata_static_and_dynamic() -> None:
    static = parse_core_metadata(
        b"Metadata-Version: 2.2\nName: x\nVersion: 1\nProvides-Extra: Fast_Mode\n"
        b"Requires-Dist: a>=1\nRequires-Dist: b; extra == 'fast-mode'\n\n"
    )
    assert static.static_requirements and static.requires_dist == (
        "a>=1",
        "b; extra == 'fast-mode'",
    )
    assert static.extras == ("fast-mode",)
    dynamic = parse_core_metadata(
        b"Metadata-Version: 2.2\nName: x\nVersion: 1\nDynamic: Requires-Dist\n\n"
    )
    assert not dynamic.static_requirements
    assert not parse_core_metadata(
        b"Metadata-Version: 2.1\nName: x\nVersion: 1\n\n"
    ).static_requirements


def test_build_system() -> None:
    bs = parse_build_system(
        b'[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
    )
    assert (bs.requires, bs.backend) == (("hatchling",), "hatchling.build")
    assert parse_build_system(None).requires is None
    assert parse_build_system(b"[tool.black]\n").requires is None
    assert parse_build_system(b"not toml [").requires is None


@pytest.mark.skipif(not HOST_LIBS, reason="no host ELF files")
def test_string_table_beyond_the_kept_prefix_is_read_in_a_second_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mach_nix.crawl.elf as elf

    path = HOST_LIBS[0]
    data = path.read_bytes()
    expected = needed_sonames(_chunks(data, 4096), lambda: _chunks(data, 4096))
    reopened = []

    def reopen() -> Iterator[bytes]:
        reopened.append(True)
        return _chunks(data, 4096)

    monkeypatch.setattr(elf, "KEEP", 1024)  # the ELF and program headers only
    assert needed_sonames(_chunks(data, 4096), reopen) == expected
    assert reopened, "the string table was read again from a fresh stream"
