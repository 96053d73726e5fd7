"""Breadth: PyPI's most downloaded projects, each alone, from the shipped snapshot.

The resolution test covers every name in bench/top-pypi.txt (in-process, no
network); the build tests take a small fixed sample of different kinds and
build it with mkPython on the package set under test, then import it
(bench/breadth.py does both for any sample; docs/breadth.md has its results).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import NIXPKGS_REF, NixRunner

REPO = Path(__file__).resolve().parent.parent
EXCEPTIONS = Path(__file__).with_name("test_breadth_exceptions.json")
# What mkPython computes for tests/hostpkgs (lib/target.nix): the target the
# build tests use, so the resolution test covers what they would build.
TARGET = {"python": "3.11", "system": "x86_64-linux", "libc": "glibc", "libc_version": "2.36"}


def load_breadth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("breadth", REPO / "bench" / "breadth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["breadth"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def breadth() -> ModuleType:
    return load_breadth()


def known_exceptions() -> dict[str, str]:
    data: dict[str, str] = json.loads(EXCEPTIONS.read_text(encoding="utf-8"))["exceptions"]
    return data


def test_every_top_project_resolves_alone_or_is_a_known_exception(breadth: ModuleType) -> None:
    from mach_nix.index.database import open_database
    from mach_nix.overrides import load_rules
    from mach_nix.target import Target

    target = Target(**TARGET)
    index = open_database(REPO / "db", target)
    rules = load_rules(REPO / "overrides" / "rules.json")
    names = breadth.top_names()
    assert len(names) == 1000 and len(set(names)) == 1000
    failing = {}
    for name in names:
        outcome, _ = breadth.resolve_alone(name, index, target, rules)
        if outcome.resolve != "resolved":
            failing[name] = f"{outcome.resolve}: {outcome.detail}"
    exceptions = known_exceptions()
    unexplained = {n: why for n, why in failing.items() if n not in exceptions}
    assert not unexplained, "resolve alone but are not known exceptions:\n" + "\n".join(
        f"  {n}: {why}" for n, why in sorted(unexplained.items())
    )
    # An exception that now resolves is stale: drop it from the file.
    stale = sorted(set(exceptions) - set(failing))
    assert not stale, f"known exceptions that now resolve: {stale}"


def test_known_exceptions_name_top_projects_with_a_reason(breadth: ModuleType) -> None:
    names = set(breadth.top_names())
    for name, reason in known_exceptions().items():
        assert name in names, name
        assert len(reason) > 10, name


# One of each kind the breadth survey meets (docs/breadth.md). No top-1000
# project that resolves to an sdist builds on tests/hostpkgs (psycopg2,
# mysqlclient and pyspark need libraries it lacks, or are huge); the sdist
# provider is covered by tests/test_nix_build.py.
BUILD_SAMPLE = [
    pytest.param("idna", id="pure-python-wheel"),
    pytest.param("pydantic-core", id="rust-extension-wheel"),
    pytest.param("numpy", id="wheel-with-bundled-fortran-libraries"),
    pytest.param("lxml", id="wheel-with-statically-linked-c-libraries"),
    pytest.param("soupsieve", id="override-rule-and-dependency-cycle"),
]


@pytest.mark.nix
@pytest.mark.parametrize("name", BUILD_SAMPLE)
def test_top_project_builds_alone_and_imports(
    breadth: ModuleType, nix: NixRunner, name: str
) -> None:
    from mach_nix.index.database import open_database
    from mach_nix.overrides import load_rules

    target = breadth.nix_target(NIXPKGS_REF)
    index = open_database(REPO / "db", target)
    outcome, resolved = breadth.resolve_alone(
        name, index, target, load_rules(REPO / "overrides" / "rules.json")
    )
    assert resolved is not None, outcome.detail
    breadth.build_alone(outcome, REPO / "db", timeout=1800, nixpkgs=NIXPKGS_REF)
    assert (outcome.build, outcome.category, outcome.detail) == ("built", "", "")
    assert outcome.imported  # at least one top-level module was found and imported


# --- a library another Python package ships (overrides/sonames.json `null`) ---

LIBRARY_C = "int tvm_answer(void) { return 42; }\n"
USER_C = "int tvm_answer(void);\nint use(void) { return tvm_answer(); }\n"
CONSUMER_INIT = (
    "import ctypes, pathlib\n"
    "_lib = ctypes.CDLL(str(pathlib.Path(__file__).with_name('libuse.so')))\n"
    "def answer():\n    return _lib.use()\n"
)
TAG = "py3-none-manylinux_2_17_x86_64"


def make_wheel(path: Path, name: str, version: str, files: dict[str, bytes], requires: str) -> str:
    """A minimal platform wheel (METADATA, WHEEL, RECORD); its sha256 in hex."""
    import hashlib
    import zipfile

    dist_info = f"{name.replace('-', '_')}-{version}.dist-info"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{requires}"
    wheel = f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: false\nTag: {TAG}\n"
    members = {
        **files,
        f"{dist_info}/METADATA": meta.encode(),
        f"{dist_info}/WHEEL": wheel.encode(),
    }
    record = "".join(f"{member},,\n" for member in [*members, f"{dist_info}/RECORD"])
    with zipfile.ZipFile(path, "w") as z:
        for member, data in {**members, f"{dist_info}/RECORD": record.encode()}.items():
            z.writestr(member, data)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def resolved_package(name: str, whl: Path, sha: str, deps: list[str], needs: list[str]) -> dict:
    return {
        "name": name, "version": whl.name.split("-")[1], "provider": "wheel",
        "file": {"filename": whl.name, "url": whl.as_uri(), "sha256": sha},
        "nixpkgs_attr": None, "extras": [], "dependencies": deps, "build_system": [],
        "needs": needs, "overrides": [], "roots": ["consumer"],
    }  # fmt: skip


@pytest.mark.nix
def test_wheel_finds_a_library_its_python_dependency_ships(nix: NixRunner, tmp_path: Path) -> None:
    """`libtvm_ffi.so` is null in sonames.json: found in apache-tvm-ffi's site-packages."""
    import subprocess

    (tmp_path / "lib.c").write_text(LIBRARY_C)
    (tmp_path / "use.c").write_text(USER_C)
    cc = ["cc", "-shared", "-fPIC", "-o"]
    subprocess.run([*cc, "libtvm_ffi.so", "-Wl,-soname,libtvm_ffi.so", "lib.c"],
                   cwd=tmp_path, check=True)  # fmt: skip
    subprocess.run([*cc, "libuse.so", "use.c", "-L.", "-ltvm_ffi"], cwd=tmp_path, check=True)
    provider = tmp_path / f"apache_tvm_ffi-0.1.0-{TAG}.whl"
    consumer = tmp_path / f"consumer-1.0-{TAG}.whl"
    provider_sha = make_wheel(provider, "apache-tvm-ffi", "0.1.0", {
        "tvm_ffi/__init__.py": b"",
        "tvm_ffi/lib/libtvm_ffi.so": (tmp_path / "libtvm_ffi.so").read_bytes(),
    }, "")  # fmt: skip
    consumer_sha = make_wheel(consumer, "consumer", "1.0", {
        "consumer/__init__.py": CONSUMER_INIT.encode(),
        "consumer/libuse.so": (tmp_path / "libuse.so").read_bytes(),
    }, "Requires-Dist: apache-tvm-ffi\n")  # fmt: skip
    resolved = {
        "schema": "mach-nix/resolved-set/1",
        "target": {"python": "3.11", "implementation": "cpython", "system": "x86_64-linux",
                   "libc": "glibc", "libc_version": "2.36", "macos": None},
        "requirements": ["consumer"],
        "packages": {
            "apache-tvm-ffi": resolved_package("apache-tvm-ffi", provider, provider_sha, [], []),
            "consumer": resolved_package(
                "consumer", consumer, consumer_sha, ["apache-tvm-ffi"], ["libtvm_ffi.so"]
            ),
        },
        "warnings": [],
    }  # fmt: skip
    # The wheels' fixed-output paths, filled here: no build user reads tmp_path.
    for whl in (provider, consumer):
        nix("nix-store", "--add-fixed", "sha256", str(whl), check=True)
    set_file = tmp_path / "resolved.json"
    set_file.write_text(json.dumps(resolved))
    expr = f"""
      let
        pkgs = (builtins.getFlake "{NIXPKGS_REF}").legacyPackages.${{builtins.currentSystem}};
      in (import {REPO} {{ inherit pkgs; }}).mkPython {{ resolvedSet = {set_file}; }}
    """
    proc = nix("build", "--impure", "--no-link", "--json", "--expr", expr, check=True)
    env = Path(json.loads(proc.stdout)[0]["outputs"]["out"])
    out = subprocess.run(
        [str(env / "bin" / "python3"), "-c", "import consumer; print(consumer.answer())"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (out.returncode, out.stdout.strip()) == (0, "42"), out.stderr


def test_a_project_without_files_for_any_target_is_not_called_missing() -> None:
    """pywin32 is in the snapshot, with no release: re-crawling it would not help."""
    from mach_nix.errors import ResolutionError
    from mach_nix.index.database import open_database
    from mach_nix.requirements import read_requirements_text
    from mach_nix.resolver import ResolveRequest, resolve
    from mach_nix.target import Target

    target = Target(**TARGET)
    request = ResolveRequest(
        requirements=read_requirements_text("pywin32").requirements,
        target=target,
        index=open_database(REPO / "db", target),
    )
    with pytest.raises(ResolutionError) as err:
        resolve(request)
    assert "pywin32 is in database snapshot" in str(err.value)
    assert "no release with an sdist or a wheel for Linux or macOS" in str(err.value)
    assert "mach-nix db update" not in str(err.value)
