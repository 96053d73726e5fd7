"""`--build-metadata`: an sdist's real requirements, from its PEP 517 backend.

For sdists whose PKG-INFO cannot be trusted (Metadata < 2.2, or
Requires-Dist marked Dynamic). The sdist is unpacked into a temporary
directory, its build requirements are installed into a fresh virtual
environment (pip, isolated from the crawler's own packages), and the
backend's `prepare_metadata_for_build_wheel` hook (else `build_wheel`)
writes the METADATA. Nothing is kept but the parsed metadata.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
import venv
import zipfile
from pathlib import Path

from mach_nix.crawl.http import Client
from mach_nix.crawl.metadata import BuildSystem, CoreMetadata, parse_core_metadata

LEGACY_BACKEND = "setuptools.build_meta:__legacy__"
LEGACY_REQUIRES = ("setuptools>=40.8.0",)
TIMEOUT = 600

# Runs inside the build environment, cwd = the unpacked sdist.
_HOOK = """
import importlib, os, sys, zipfile
spec, out = sys.argv[1], sys.argv[2]
mod, _, attr = spec.partition(":")
backend = importlib.import_module(mod)
for part in filter(None, attr.split(".")):
    backend = getattr(backend, part)
hook = getattr(backend, "prepare_metadata_for_build_wheel", None)
if hook is not None:
    name = hook(out)
    print(os.path.join(out, name, "METADATA"))
else:
    whl = backend.build_wheel(out)
    with zipfile.ZipFile(os.path.join(out, whl)) as zf:
        member = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        zf.extract(member, out)
    print(os.path.join(out, member))
"""


class BuildError(Exception):
    pass


def _unpack(archive: Path, into: Path) -> Path:
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(into)
    else:
        with tarfile.open(archive) as tar:
            tar.extractall(into, filter="data")
    tops = [p for p in into.iterdir() if p.is_dir()]
    if len(tops) != 1:
        raise BuildError(f"{archive.name}: expected one top-level directory")
    return tops[0]


def build_metadata(client: Client, url: str, filename: str, build: BuildSystem) -> CoreMetadata:
    with tempfile.TemporaryDirectory(prefix="mach-nix-build-") as tmp:
        work = Path(tmp)
        archive = work / filename
        with archive.open("wb") as out:
            for chunk in client.stream(url):
                out.write(chunk)
        source = _unpack(archive, work / "src")
        env = work / "env"
        requires = build.requires if build.requires is not None else LEGACY_REQUIRES
        venv.EnvBuilder(with_pip=bool(requires), clear=True).create(env)
        python = env / "bin" / "python"
        backend = build.backend or LEGACY_BACKEND
        steps = [[str(python), "-c", _HOOK, backend, str(work / "meta")]]
        if requires:
            install = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
            steps.insert(0, [*install, *requires])
        (work / "meta").mkdir()
        result = None
        for cmd in steps:
            result = subprocess.run(
                cmd, cwd=source, capture_output=True, text=True, timeout=TIMEOUT,
                env={"PATH": f"{env / 'bin'}:/usr/bin:/bin", "HOME": tmp},
            )  # fmt: skip
            if result.returncode != 0:
                raise BuildError(f"{filename}: {' '.join(cmd[:3])} failed: {result.stderr[-500:]}")
        assert result is not None
        return parse_core_metadata(Path(result.stdout.strip().splitlines()[-1]).read_bytes())
