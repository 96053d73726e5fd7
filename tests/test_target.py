"""Wheel tags and marker environments for each supported system."""

from __future__ import annotations

import pytest
from packaging.markers import Marker
from packaging.tags import Tag, parse_tag

from mach_nix.errors import UserError
from mach_nix.target import Target


def accepts(target: Target, tag: str) -> bool:
    return target.wheel_rank(frozenset(parse_tag(tag))) is not None


LINUX = Target(python="3.11.7", system="x86_64-linux", libc_version="2.36")
ARM_LINUX = Target(python="3.12", system="aarch64-linux", libc_version="2.28")
MAC_INTEL = Target(python="3.11", system="x86_64-darwin", macos="10.15")
MAC_ARM = Target(python="3.13", system="aarch64-darwin", macos="11.0")
MUSL = Target(python="3.11", system="x86_64-linux", libc="musl", libc_version="1.2")


@pytest.mark.parametrize(
    ("target", "good", "bad"),
    [
        (
            LINUX,
            [
                "cp311-cp311-manylinux_2_36_x86_64",
                "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64",
                "cp311-cp311-manylinux2010_x86_64",
                "cp311-cp311-manylinux1_x86_64",
                "cp38-abi3-manylinux_2_17_x86_64",
                "py3-none-manylinux_2_5_x86_64",
                "py3-none-any",
                "py311-none-any",
            ],
            [
                "cp311-cp311-manylinux_2_37_x86_64",
                "cp312-cp312-manylinux_2_17_x86_64",
                "cp311-cp311-manylinux_2_17_aarch64",
                "cp311-cp311-musllinux_1_1_x86_64",
                "cp311-cp311-macosx_10_9_x86_64",
                "cp311-cp311-win_amd64",
                "py2-none-any",
            ],
        ),
        (
            ARM_LINUX,
            ["cp312-cp312-manylinux_2_28_aarch64", "cp312-cp312-manylinux2014_aarch64"],
            ["cp312-cp312-manylinux_2_31_aarch64", "cp312-cp312-manylinux_2_28_x86_64"],
        ),
        (
            MAC_INTEL,
            [
                "cp311-cp311-macosx_10_9_x86_64",
                "cp311-cp311-macosx_10_9_universal2",
                "cp311-cp311-macosx_10_15_intel",
            ],
            ["cp311-cp311-macosx_11_0_x86_64", "cp311-cp311-macosx_11_0_arm64"],
        ),
        (
            MAC_ARM,
            ["cp313-cp313-macosx_11_0_arm64", "cp313-cp313-macosx_10_13_universal2"],
            ["cp313-cp313-macosx_12_0_arm64", "cp313-cp313-macosx_10_9_x86_64"],
        ),
        (
            MUSL,
            ["cp311-cp311-musllinux_1_2_x86_64", "cp311-cp311-musllinux_1_1_x86_64"],
            ["cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-musllinux_1_3_x86_64"],
        ),
    ],
    ids=["x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin", "musl"],
)
def test_wheel_tags(target: Target, good: list[str], bad: list[str]) -> None:
    for tag in good:
        assert accepts(target, tag), tag
    for tag in bad:
        assert not accepts(target, tag), tag


def test_tag_priority_prefers_specific_over_generic() -> None:
    rank = LINUX.tag_priority
    specific = rank[Tag("cp311", "cp311", "manylinux_2_36_x86_64")]
    older_glibc = rank[Tag("cp311", "cp311", "manylinux_2_17_x86_64")]
    abi3 = rank[Tag("cp311", "abi3", "manylinux_2_17_x86_64")]
    pure = rank[Tag("py3", "none", "any")]
    assert specific < older_glibc < abi3 < pure


@pytest.mark.parametrize(
    ("target", "true", "false"),
    [
        (
            LINUX,
            ["sys_platform == 'linux'", "platform_machine == 'x86_64'",
             "python_full_version == '3.11.7'", "platform_system == 'Linux'"],
            ["sys_platform == 'darwin'", "python_version < '3.11'", "os_name == 'nt'"],
        ),
        (
            ARM_LINUX,
            ["platform_machine == 'aarch64'", "python_version >= '3.12'",
             "python_full_version >= '3.12.1'"],
            ["platform_machine == 'x86_64'"],
        ),
        (
            MAC_INTEL,
            ["sys_platform == 'darwin'", "platform_machine == 'x86_64'",
             "platform_system == 'Darwin'"],
            ["sys_platform == 'linux'"],
        ),
        (
            MAC_ARM,
            ["sys_platform == 'darwin'", "platform_machine == 'arm64'",
             "python_version == '3.13'"],
            ["platform_machine == 'aarch64'"],
        ),
    ],
    ids=["x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin"],
)  # fmt: skip
def test_markers(target: Target, true: list[str], false: list[str]) -> None:
    env = target.marker_environment
    for marker in true:
        assert Marker(marker).evaluate(env), marker
    for marker in false:
        assert not Marker(marker).evaluate(env), marker


@pytest.mark.parametrize(
    "kwargs",
    [{"system": "x86_64-windows"}, {"python": "three"}, {"libc": "uclibc"},
     {"implementation": "pypy"}, {"python": "9.9"}, {"python": "2.7"}, {"python": "3"},
     {"python": "3.11.x"}, {"python": "3.11.7.8"}, {"python": "3.011"},
     {"python": "3.11.7+local"}],
)  # fmt: skip
def test_bad_targets_are_user_errors(kwargs: dict[str, str]) -> None:
    with pytest.raises(UserError):
        Target(**kwargs)


def test_versions_as_nixpkgs_spells_them() -> None:
    # nixpkgs' glibc.version carries a patch level ("2.40-66").
    target = Target(python="3.12.7", system="x86_64-linux", libc_version="2.40-66")
    assert accepts(target, "cp312-cp312-manylinux_2_40_x86_64")
    assert not accepts(target, "cp312-cp312-manylinux_2_41_x86_64")
    assert accepts(Target(system="aarch64-darwin", macos="11"), "cp311-cp311-macosx_11_0_arm64")
    with pytest.raises(UserError, match="glibc version 'unknown'"):
        Target(libc_version="unknown")


def test_prerelease_interpreter_is_a_target() -> None:
    # nixpkgs spells a pre-release CPython "3.13.0rc1"; markers see it as is (PEP 508).
    target = Target(python="3.13.0rc1")
    assert target.marker_environment["python_full_version"] == "3.13.0rc1"
    assert Marker("python_full_version >= '3.13.0rc1'").evaluate(target.marker_environment)
    assert not Marker("python_full_version >= '3.13.0'").evaluate(target.marker_environment)
    assert accepts(target, "cp313-cp313-manylinux_2_17_x86_64")


def test_version_errors_give_an_example_for_the_field() -> None:
    with pytest.raises(UserError, match=r"musl version .x. is not a version like 1\.2"):
        Target(libc="musl", libc_version="x")
    with pytest.raises(UserError, match=r"macOS version .x. is not a version like 11\.0"):
        Target(system="aarch64-darwin", macos="x")
