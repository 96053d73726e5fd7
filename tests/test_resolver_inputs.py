"""The resolver's other inputs: packse scenarios, the nixpkgs index, override rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mach_nix.errors import UserError
from mach_nix.index.nixpkgs import load_nixpkgs_index
from mach_nix.index.packse import load_scenario, platform_target
from mach_nix.overrides import load_rules

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        (None, ("x86_64-linux", "glibc", "2.40", "11.0")),
        ("x86_64-manylinux_2_17", ("x86_64-linux", "glibc", "2.17", "13.0")),
        ("aarch64-manylinux_2_28", ("aarch64-linux", "glibc", "2.28", "13.0")),
        ("x86_64-unknown-linux-musl", ("x86_64-linux", "musl", "1.2", "13.0")),
        ("aarch64-apple-darwin", ("aarch64-darwin", "glibc", "2.28", "13.0")),
        ("linux", ("x86_64-linux", "glibc", "2.28", "13.0")),
    ],
)
def test_python_platform_maps_to_a_nix_target(
    platform: str | None, expected: tuple[str, str, str, str]
) -> None:
    assert platform_target(platform) == expected


def test_windows_is_not_a_nix_target() -> None:
    with pytest.raises(UserError, match="not a Nix target"):
        platform_target("x86_64-pc-windows-msvc")


def test_scenario_files_and_options(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        """
name = "s"
[root]
requires = ["a[x]"]
[resolver_options]
python = "3.11"
python_platform = "aarch64-manylinux_2_28"
no_binary = ["a"]
no_build = true
[environment]
python = "3.9"
[packages.a.versions."1.0.0"]
requires = ["b"]
yanked = true
wheel_tags = ["cp311-cp311-manylinux_2_28_aarch64", "py3-none-any"]
[packages.a.versions."1.0.0".extras]
x = ["c; python_version >= '3'"]
"""
    )
    scenario = load_scenario(path)
    target = scenario.target()
    assert (target.python, target.system, target.libc_version) == ("3.11", "aarch64-linux", "2.28")
    assert scenario.providers() == {"_default": ("wheel",), "a": ("sdist",)}
    (release,) = scenario.index.releases("A")
    assert [f.filename for f in release.files] == [
        "a-1.0.0.tar.gz",
        "a-1.0.0-cp311-cp311-manylinux_2_28_aarch64.whl",
        "a-1.0.0-py3-none-any.whl",
    ]
    assert all(f.yanked and f.requires_python == ">=3.12" for f in release.files)
    assert release.requires_dist == ("b", 'c ; (python_version >= "3") and extra == "x"')
    assert len({f.sha256 for f in release.files}) == 3


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("packages = 1", "[packages] must be a table, got 1"),
        ("[packages.a]\nversions = 3", "[packages.a].versions must be a table, got 3"),
        ('[packages.a.versions."1.0"]\nrequires = 5', "'1.0'].requires must be a list, got 5"),
        ('[packages.a.versions."1.0"]\nextras = 5', "'1.0'].extras must be a table, got 5"),
        ('[packages.a.versions."1.0".extras]\nx = "b"', "'1.0'].extras.x must be a list"),
        ("root = 1", "[root] must be a table, got 1"),
        ("[expected]\npackages = []", "[expected.packages] must be a table, got []"),
    ],
)
def test_malformed_scenarios_are_user_errors(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f'name = "bad"\n{text}\n')
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    assert fragment in str(caught.value)
    assert str(path) in str(caught.value)


def test_nixpkgs_index(tmp_path: Path) -> None:
    path = tmp_path / "nixpkgs.json"
    path.write_text(json.dumps([
        {"attr": "ruamel-yaml", "pname": "ruamel.yaml", "version": "0.18.6"},
        {"attr": "requests", "pname": "requests", "version": "2.32.3",
         "dependencies": ["Charset_Normalizer", "idna"]},
    ]))  # fmt: skip
    first, second = load_nixpkgs_index(path)
    assert (first.attr, first.pname, first.dependencies) == ("ruamel-yaml", "ruamel-yaml", None)
    assert second.dependencies == ("charset-normalizer", "idna")
    path.write_text(json.dumps([{"attr": "x", "pname": "x"}]))
    with pytest.raises(UserError, match=r"nixpkgs.json\[0\]: attr, pname and version"):
        load_nixpkgs_index(path)


def test_shipped_override_rules_load() -> None:
    rules_file = REPO / "overrides" / "rules.json"
    if not rules_file.exists():
        pytest.skip("overrides/rules.json not committed yet")
    rules = load_rules(rules_file)
    assert rules and len({r.id for r in rules}) == len(rules)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"schema": "other", "rules": []}, "mach-nix/overrides/1"),
        ({"schema": "mach-nix/overrides/1", "rules": [{"id": "x"}]}, "id and package"),
        (
            {"schema": "mach-nix/overrides/1",
             "rules": [{"id": "x", "package": "p", "versions": ">=>1"}]},
            "'>=>1' is not a PEP 440 specifier set",
        ),
        (
            # Once read as the requirement "pbad", so the rule silently never matched.
            {"schema": "mach-nix/overrides/1",
             "rules": [{"id": "x", "package": "p", "versions": "bad"}]},
            "'bad' is not a PEP 440 specifier set",
        ),
        (
            {"schema": "mach-nix/overrides/1",
             "rules": [{"id": "x", "package": "p", "providers": ["conda"]}]},
            "unknown provider 'conda'",
        ),
        (
            {"schema": "mach-nix/overrides/1",
             "rules": [{"id": "x", "package": "p"}, {"id": "x", "package": "q"}]},
            "used twice",
        ),
    ],
)  # fmt: skip
def test_bad_override_rules(tmp_path: Path, data: object, fragment: str) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data))
    with pytest.raises(UserError, match=fragment):
        load_rules(path)
