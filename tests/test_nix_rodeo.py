"""The rodeo (issue 5): tensorflow, cartopy and xgcm in one environment.

Builds examples/rodeo (binary wheels) and runs examples/rodeo/check.py in
it, printing how long each phase took: resolution (the IFD), evaluation,
fetching the files, building; then the closure size. The first run on a
machine downloads about 1 GB; later runs find everything in the store.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from conftest import NIXPKGS_REF, NixRunner
from test_nix_build import expression

pytestmark = pytest.mark.nix

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "rodeo"
OVERRIDES = ("--override-input", "mach-nix", f"path:{REPO}", "--override-input", "nixpkgs",
             NIXPKGS_REF)  # fmt: skip


def timed(nix: NixRunner, *args: str) -> tuple[str, float]:
    start = time.monotonic()
    proc = nix(*args, check=True, timeout=3600)
    return proc.stdout, time.monotonic() - start


def test_rodeo_builds_and_runs(nix: NixRunner, capsys: pytest.CaptureFixture[str]) -> None:
    attr = f"path:{EXAMPLE}#packages.x86_64-linux.default"
    packages_json, resolution = timed(
        nix, "eval", "--json", *OVERRIDES, f"{attr}.machNix.resolved.packages"
    )
    packages = json.loads(packages_json)
    assert {"tensorflow", "cartopy", "xgcm", "shapely", "pyproj"} <= set(packages)

    drv_json, evaluation = timed(nix, "eval", "--json", *OVERRIDES, f"{attr}.drvPath")
    drv = json.loads(drv_json)
    requisites = nix("nix-store", "--query", "--requisites", drv, check=True).stdout.split()
    sources = [p for p in requisites if p.endswith((".whl.drv", ".tar.gz.drv", ".zip.drv"))]
    _, fetch = timed(nix, "nix-store", "--realise", *sources)
    out_json, build = timed(nix, "build", "--no-link", "--json", *OVERRIDES, attr)
    env = Path(json.loads(out_json)[0]["outputs"]["out"])

    check = subprocess.run(
        [str(env / "bin" / "python3"), str(EXAMPLE / "check.py")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr[-4000:]
    assert check.stdout.strip().endswith("rodeo ok")

    size = json.loads(nix("path-info", "--json", "-S", str(env), check=True).stdout)[0]
    with capsys.disabled():
        print(
            f"\nrodeo: {len(packages)} packages; resolution {resolution:.1f}s, "
            f"evaluation {evaluation:.1f}s, fetch {fetch:.1f}s ({len(sources)} files), "
            f"build {build:.1f}s; closure {size['closureSize'] / 2**20:.0f} MiB"
        )


def test_rodeo_sdist_variant_builds_the_geometry_stack_from_source(nix: NixRunner) -> None:
    attr = f"path:{EXAMPLE}#packages.x86_64-linux.sdist"
    packages = json.loads(
        timed(nix, "eval", "--json", *OVERRIDES, f"{attr}.machNix.resolved.packages")[0]
    )
    assert packages["shapely"]["provider"] == "sdist"
    assert packages["pyproj"]["provider"] == "sdist"
    out_json, _ = timed(nix, "build", "--no-link", "--json", *OVERRIDES, attr)
    env = Path(json.loads(out_json)[0]["outputs"]["out"])
    check = subprocess.run(
        [str(env / "bin" / "python3"), str(EXAMPLE / "check.py")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr[-4000:]
    # PROJ and GEOS are the package set's, not copies bundled in wheels
    libs = subprocess.run(
        [str(env / "bin" / "python3"), "-c",
         "import pyproj, shapely; print(pyproj.proj_version_str, shapely.geos_version_string)"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout.split()  # fmt: skip
    versions = json.loads(
        nix(
            "eval", "--json", "--impure", "--expr",
            f'let p = (builtins.getFlake "{NIXPKGS_REF}").legacyPackages.x86_64-linux; '
            "in [ p.proj.version p.geos.version ]",
            check=True,
        ).stdout
    )  # fmt: skip
    assert libs == versions


def test_rodeo_lock_gives_the_same_store_paths(nix: NixRunner, tmp_path: Path) -> None:
    args = 'requirements = "tensorflow\\ncartopy\\nxgcm\\n";'
    lock_json, _ = timed(
        nix, "build", "--impure", "--no-link", "--json", "--expr",
        f"({expression(args)}).machNix.lock",
    )  # fmt: skip
    lock = tmp_path / "pylock.toml"
    lock.write_text(Path(json.loads(lock_json)[0]["outputs"]["out"]).read_text())
    paths = [
        json.loads(timed(nix, "eval", "--impure", "--json", "--expr",
                         f"({expression(a)}).drvPath")[0])
        for a in (args, f"lockFile = {lock};")
    ]  # fmt: skip
    assert paths[0] == paths[1]
