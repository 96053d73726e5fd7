"""requirements.txt and pyproject.toml parsing: every syntax, and malformed input."""

from __future__ import annotations

from pathlib import Path

import pytest

from mach_nix.errors import UserError
from mach_nix.requirements import (
    read_pyproject,
    read_requirements_file,
    read_requirements_text,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def names(reqs) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for r in reqs]


def test_comments_continuations_markers_extras(tmp_path: Path) -> None:
    f = write(
        tmp_path / "requirements.txt",
        "# a comment\n"
        "requests[socks,security] >=2.0 ; python_version >= '3.8'  # trailing\n"
        "\n"
        "numpy>=1.20,\\\n"
        "   <3\n"
        "Django~=4.2\n",
    )
    found = read_requirements_file(f)
    texts = names(found.requirements)
    assert texts[0] == "requests[socks,security] >=2.0 ; python_version >= '3.8'"
    assert texts[1] == "numpy>=1.20, <3"
    assert found.requirements[1].origin == f"{f}:4"  # a continued line keeps its first line
    assert found.requirements[0].requirement.extras == {"socks", "security"}
    assert found.requirements[2].name == "django"
    assert len(texts) == 3


def test_includes_are_relative_to_the_including_file(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "base.txt", "attrs\n-c ../pins.txt\n")
    write(tmp_path / "pins.txt", "attrs==23.1.0\n")
    top = write(tmp_path / "requirements.txt", "-r sub/base.txt\n--requirement=sub/more.txt\n")
    write(tmp_path / "sub" / "more.txt", "six\n")
    found = read_requirements_file(top)
    assert names(found.requirements) == ["attrs", "six"]
    assert names(found.constraints) == ["attrs==23.1.0"]
    assert found.constraints[0].origin.endswith("pins.txt:1")


def test_hashes_and_options_are_accepted(tmp_path: Path) -> None:
    f = write(
        tmp_path / "r.txt",
        "--index-url https://example.org/simple\n"
        "--extra-index-url=https://example.org/other\n"
        "--pre\n"
        "-f ./wheels\n"
        "six==1.16.0 --hash=sha256:aaaa \\\n"
        "    --hash sha256:bbbb\n",
    )
    found = read_requirements_file(f)
    assert names(found.requirements) == ["six==1.16.0"]
    assert found.hashes == {"six": ("sha256:aaaa", "sha256:bbbb")}
    assert found.prereleases
    assert not read_requirements_text("six\n").prereleases


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("pkg @ https://example.org/pkg-1.0.tar.gz", "direct reference"),
        ("https://example.org/pkg-1.0-py3-none-any.whl", "URL or path"),
        ("./local/project", "URL or path"),
        ("-e ./local/project", "editable installs are not supported"),
        ("numpy >= = 1", "invalid requirement"),
        ("numpy#not-a-comment", "invalid requirement"),
        ("numpy --frobnicate", "unknown option --frobnicate"),
        ("numpy -r other.txt", "not allowed after a requirement"),
        ("--hash=sha256:aa", "needs a requirement before it"),
        ("--frobnicate", "unknown option"),
        ("-r", "needs a value"),
        ("six --hash=sha256", "--hash needs algorithm:digest"),
        # Short options with their value attached are checked like the others.
        ("-e./local/project", "editable installs are not supported"),
        ("--editable=./local/project", "editable installs are not supported"),
        ("-Zvalue", "unknown option -Z"),
        ("six -Zvalue", "unknown option -Z"),
        ("--pre=yes", "option --pre takes no value"),
    ],
)
def test_malformed_lines_name_file_line_and_text(tmp_path: Path, line: str, fragment: str) -> None:
    f = write(tmp_path / "requirements.txt", f"six\n\n{line}\n")
    with pytest.raises(UserError) as caught:
        read_requirements_file(f)
    message = str(caught.value)
    assert f"{f}:3" in message
    assert fragment in message


def test_missing_and_cyclic_includes(tmp_path: Path) -> None:
    f = write(tmp_path / "a.txt", "-r missing.txt\n")
    with pytest.raises(UserError, match=r"a\.txt:1: requirements file .*missing\.txt does not"):
        read_requirements_file(f)
    write(tmp_path / "b.txt", "-r c.txt\n")
    write(tmp_path / "c.txt", "-r b.txt\n")
    with pytest.raises(UserError, match="includes itself"):
        read_requirements_file(tmp_path / "b.txt")


def test_inline_text_origin() -> None:
    found = read_requirements_text("six\nattrs>=23\n", origin="--requirement-text#1")
    assert [r.origin for r in found.requirements] == [
        "--requirement-text#1:1",
        "--requirement-text#1:2",
    ]


PYPROJECT = """
[project]
name = "demo"
dependencies = ["requests>=2", "tomli; python_version < '3.11'"]
[project.optional-dependencies]
Fast_IO = ["orjson"]
[dependency-groups]
test = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff"]
loop-a = [{include-group = "loop-b"}]
loop-b = [{include-group = "loop-a"}]
"""


def test_pyproject_dependencies_extras_and_groups(tmp_path: Path) -> None:
    f = write(tmp_path / "pyproject.toml", PYPROJECT)
    found = read_pyproject(f, extras=["fast-io"], groups=["test"])
    assert names(found.requirements) == [
        "requests>=2",
        "tomli; python_version < '3.11'",
        "orjson",
        "pytest>=8",
        "ruff",
    ]
    assert found.requirements[2].origin.endswith("[project.optional-dependencies].Fast_IO")
    assert found.requirements[4].origin.endswith("[dependency-groups].lint")


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"groups": ["loop-a"]}, "include each other"),
        ({"groups": ["nope"]}, "no dependency group 'nope'"),
        ({"extras": ["nope"]}, "no extra 'nope'"),
    ],
)
def test_pyproject_errors(tmp_path: Path, kwargs: dict, fragment: str) -> None:  # type: ignore[type-arg]
    f = write(tmp_path / "pyproject.toml", PYPROJECT)
    with pytest.raises(UserError, match=fragment):
        read_pyproject(f, **kwargs)


def test_pyproject_bad_toml_and_bad_requirement(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not valid TOML"):
        read_pyproject(write(tmp_path / "x" / "pyproject.toml", "[project\n"))
    bad = write(tmp_path / "y" / "pyproject.toml", '[project]\ndependencies = ["numpy >= = 1"]\n')
    with pytest.raises(
        UserError, match=r"\[project.dependencies\]: invalid requirement 'numpy >= = 1'"
    ):
        read_pyproject(bad)


def test_pyproject_dynamic_dependencies_are_refused(tmp_path: Path) -> None:
    f = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\ndynamic = ["dependencies"]\n')
    with pytest.raises(UserError, match="dependencies dynamic"):
        read_pyproject(f)


def test_pyproject_without_project_table(tmp_path: Path) -> None:
    # A build-system-only pyproject names no dependencies: say so, not "no requirements".
    f = write(tmp_path / "pyproject.toml", '[build-system]\nrequires = ["setuptools"]\n')
    with pytest.raises(UserError, match=r"has no \[project\] table"):
        read_pyproject(f)
    # PEP 735 groups stand without [project].
    f.write_text('[dependency-groups]\ndev = ["pytest"]\n')
    assert names(read_pyproject(f, groups=["dev"]).requirements) == ["pytest"]


def test_pyproject_dynamic_extras_are_refused(tmp_path: Path) -> None:
    f = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\ndependencies = []\ndynamic = ["optional-dependencies"]\n',
    )
    assert read_pyproject(f).requirements == ()
    with pytest.raises(UserError, match="optional-dependencies dynamic"):
        read_pyproject(f, extras=["fast"])


def test_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    # Files saved by Windows editors: a UTF-8 BOM and CRLF line ends.
    f = tmp_path / "requirements.txt"
    f.write_bytes(b"\xef\xbb\xbfsix\r\nidna>=3 \\\r\n  ; python_version > '3'\r\n")
    assert names(read_requirements_file(f).requirements) == [
        "six",
        "idna>=3 ; python_version > '3'",
    ]
    p = tmp_path / "pyproject.toml"
    p.write_bytes(b'\xef\xbb\xbf[project]\r\nname = "x"\r\ndependencies = ["six"]\r\n')
    assert names(read_pyproject(p).requirements) == ["six"]


def test_pyproject_extras_and_groups_naming_the_project_itself(tmp_path: Path) -> None:
    # `all = ["demo[test,docs]"]` and groups that reuse extras: the project is
    # not published, so its self-references become its extras' requirements.
    f = write(
        tmp_path / "pyproject.toml",
        """
[project]
name = "Demo"
dependencies = ["six"]
[project.optional-dependencies]
test = ["pytest"]
docs = ["sphinx; python_version >= '3.10'"]
all = ["demo[test,docs]", "demo[all]"]
[dependency-groups]
dev = ["ruff", "demo[test] ; sys_platform == 'linux'"]
""",
    )
    assert names(read_pyproject(f, extras=["all"]).requirements) == [
        "six",
        "sphinx; python_version >= '3.10'",
        "pytest",
    ]
    assert names(read_pyproject(f, groups=["dev"]).requirements) == [
        "six",
        "ruff",
        'pytest; sys_platform == "linux"',
    ]
    f.write_text('[project]\nname = "demo"\n[project.optional-dependencies]\na = ["demo[b]"]\n')
    with pytest.raises(UserError, match=r"\[project.optional-dependencies\].a: no extra 'b'"):
        read_pyproject(f, extras=["a"])
