"""`mach-nix resolve` end to end, in-process, on packse scenario indexes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mach_nix.cli import main

SCENARIO = """
name = "cli"
[root]
requires = ["app"]
[packages.app.versions."1.0.0"]
requires = ["lib>=1", "tool[fast]"]
requires_python = ">=3.8"
[packages.lib.versions."1.0.0"]
requires_python = ">=3.8"
[packages.lib.versions."2.0.0"]
requires_python = ">=3.8"
wheel = false
[packages.tool.versions."0.1.0"]
requires_python = ">=3.8"
[packages.tool.versions."0.1.0".extras]
fast = ["lib"]
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text(SCENARIO)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["resolve", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_to_file_atomically(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reqs = tmp_path / "requirements.txt"
    reqs.write_text("app\n")
    out = tmp_path / "resolved.json"
    code, stdout, _ = run(capsys, "-r", str(reqs), "--db", str(db), "--json", "-o", str(out))
    assert (code, stdout) == (0, "")
    data = json.loads(out.read_text())
    assert out.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
    assert {n: p["version"] for n, p in data["packages"].items()} == {
        "app": "1.0.0",
        "lib": "1.0.0",
        "tool": "0.1.0",
    }
    assert data["packages"]["tool"]["extras"] == ["fast"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "requirements.txt",
        "resolved.json",
        "scenario.toml",
    ]
    # Same inputs, same bytes.
    again = tmp_path / "again.json"
    run(capsys, "-r", str(reqs), "--db", str(db), "--json", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_tree_marks_providers(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    providers = json.dumps({"_default": "wheel,sdist", "lib": "sdist"})
    code, out, _ = run(
        capsys,
        "--requirement-text",
        "app",
        "--db",
        str(db),
        "--tree",
        "--providers-json",
        providers,
    )
    assert code == 0
    assert out.splitlines() == [
        "app 1.0.0 (wheel)",
        "├── lib 2.0.0 (sdist)",
        "└── tool[fast] 0.1.0 (wheel)",
        "    └── lib 2.0.0 (sdist) (*)",
        "(*) its dependencies are shown above",
    ]


def test_target_and_providers_files_as_nix_writes_them(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "target.json"
    target.write_text(json.dumps({
        "python": "3.12.4", "implementation": "cpython", "system": "aarch64-darwin",
        "libc": None, "libc_version": None, "macos": "11.0",
    }))  # fmt: skip
    providers = tmp_path / "providers.json"
    providers.write_text(json.dumps({"_default": "sdist"}))
    index = tmp_path / "nixpkgs.json"
    index.write_text(json.dumps([{"attr": "tool", "pname": "tool", "version": "0.1.0"}]))
    code, out, _ = run(
        capsys, "--requirement-text", "app", "--db", str(db), "--json",
        "--target", str(target), "--providers", str(providers),
        "--providers-json", '{"tool": "nixpkgs"}', "--nixpkgs-index", str(index),
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["target"]["system"] == "aarch64-darwin"
    assert data["target"]["macos"] == "11.0"
    assert data["packages"]["app"]["provider"] == "sdist"
    assert data["packages"]["app"]["build_system"] == []  # packse sdists declare none
    assert data["packages"]["tool"]["provider"] == "nixpkgs"
    assert data["packages"]["tool"]["nixpkgs_attr"] == "tool"


def test_conflict_exits_1_with_explanation(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "--requirement-text", "app\nlib>=2", "--db", str(db), "--providers", "wheel"
    )
    assert code == 1 and out == ""
    assert err.startswith("error: every version of app that fits is ruled out")
    assert "app 1.0.0 requires lib>=1, but no usable version of lib also fits" in err
    assert "lib>=2 (--requirement-text#1:2)" in err
    assert "2.0.0 (wheel): no wheel" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--requirement-text", "app >= = 1"], "--requirement-text#1:1: invalid requirement"),
        (["--requirement-text", "app", "--providers", "wheel,binary"], "unknown provider 'binary'"),
        (["--requirement-text", "app", "--python", "3"], "python version '3'"),
        (["--requirement-text", "app", "--system", "x86_64-windows"], "unknown system"),
        (["--requirement-text", "app", "--target", "{"], "--target: not valid JSON"),
        (["--requirement-text", "app", "--nixpkgs-index", "/nonexistent.json"], "does not exist"),
        (["--requirement-text", "app", "--overrides", "/nonexistent.json"], "does not exist"),
        (["-r", "/nonexistent/requirements.txt"], "does not exist"),
        ([], "no requirements given"),
        (["--requirement-text", "# only a comment"], "no requirements in --requirement-text"),
        (["--requirement-text", "app", "--extra", "x"], "select from a pyproject.toml"),
        (["--requirement-text", "app", "-o", "/nonexistent/out.json"], "cannot write there"),
        (["--requirement-text", "app", "-o", "/"], "is a directory"),
    ],
)
def test_user_errors_exit_2_without_traceback(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    code, _, err = run(capsys, *argv, "--db", str(db))
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err


def test_override_rules_file(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({
        "schema": "mach-nix/overrides/1",
        "rules": [
            {"id": "app-any-lib2", "package": "app", "versions": ">=1", "providers": ["wheel"],
             "dependencies": ["lib>=2"], "native": {"buildInputs": ["zlib"]}},
            {"id": "app-sdist-only", "package": "app", "providers": ["sdist"]},
        ],
    }))  # fmt: skip
    code, out, _ = run(
        capsys, "--requirement-text", "app", "--db", str(db), "--json", "--overrides", str(rules)
    )
    assert code == 0
    data = json.loads(out)
    assert data["packages"]["app"]["overrides"] == ["app-any-lib2"]
    assert data["packages"]["lib"]["version"] == "2.0.0"


def test_console_entry_point_runs(db: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mach_nix.cli", "resolve",
         "--requirement-text", "app", "--db", str(db)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "app==1.0.0  (wheel)",
        "lib==1.0.0  (wheel)",
        "tool==0.1.0  (wheel)",
    ]


def test_closed_pipe_is_no_traceback(db: Path) -> None:
    # `mach-nix resolve --json | head -1`: the reader stops early.
    proc = subprocess.Popen(
        [sys.executable, "-m", "mach_nix.cli", "resolve", "--json",
         "--requirement-text", "app", "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_same_bytes_under_different_hash_seeds(db: Path) -> None:
    outputs = set()
    for seed in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-m", "mach_nix.cli", "resolve", "--json",
             "--requirement-text", "app", "--db", str(db)],
            capture_output=True, text=True, check=True, timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_pyproject_with_extras_and_groups(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "pyproject.toml"
    project.write_text(
        '[project]\nname = "me"\ndependencies = ["tool"]\n'
        '[project.optional-dependencies]\nextra = ["lib<2"]\n'
        '[dependency-groups]\ndev = ["app"]\n'
    )
    code, out, _ = run(
        capsys, "-r", str(project), "--extra", "extra", "--group", "dev", "--db", str(db)
    )
    assert code == 0
    assert out.splitlines() == [
        "app==1.0.0  (wheel)",
        "lib==1.0.0  (wheel)",
        "tool==0.1.0  (wheel)",
    ]
