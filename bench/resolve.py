"""Resolve every benchmark set with mach-nix, uv and pip, same target, same run.

    python bench/resolve.py [--bench DIR] [--db PATH] [--runs 5] [--tool-runs 3]

Target for all three: CPython 3.11 on x86_64 Linux with the HOST's glibc
(pip can only resolve for the host without --only-binary), so mach-nix gets
`--libc-version <host glibc>` and uv `--python-platform x86_64-manylinux_<glibc>`.
Each tool runs once untimed first (warm cache), then timed; the table shows
medians. Both run as their real executables, not through version-manager
shims (pyenv's add ~0.2 s to every call, for both tools alike), and mach-nix
with its bytecode cached, as an installed package has it (an editable install
under PYTHONDONTWRITEBYTECODE would otherwise recompile every module per run).
The last line is `ratio_vs_uv=X.XX ratio_vs_pip=Y.YY`: the sum of
mach-nix's medians over all sets divided by the other tool's (sets a tool
failed on, other than the conflict set, are left out of its ratio).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PYTHON = "3.11"
PYCACHE = REPO / ".cache" / "bench-pycache"


@dataclass
class Outcome:
    seconds: float
    ok: bool
    # CPU seconds (user + system) of the tool's processes: unlike wall time,
    # barely moved by other load on a shared machine.
    cpu: float = 0.0
    versions: dict[str, str] = field(default_factory=dict)
    message: str = ""
    # package -> the packages that pull it in (runtime), and (ours) build-time
    parents: dict[str, set[str]] = field(default_factory=dict)
    build_parents: dict[str, set[str]] = field(default_factory=dict)


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(
    cmd: Sequence[str], env: dict[str, str] | None = None, timeout: float = 900
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds, CPU seconds of the finished child, and the process."""
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    return time.perf_counter() - start, _children_cpu() - cpu, proc


def executable(tool: str) -> str | None:
    """The tool's real executable: a pyenv shim resolved to what it runs."""
    found = shutil.which(tool)
    if found is None or f"{os.sep}shims{os.sep}" not in found or not shutil.which("pyenv"):
        return found
    proc = subprocess.run(["pyenv", "which", tool], capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else found


def bytecode_env() -> dict[str, str]:
    """Environment in which Python writes and reuses bytecode (outside the tree)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(PYCACHE)}


def python_startup(python: str, runs: int) -> float:
    """Median seconds of `python -c pass`: the floor under any Python tool."""
    times = [_timed([python, "-c", "pass"], env=bytecode_env())[0] for _ in range(runs + 1)]
    return statistics.median(times[1:])


def run_mach_nix(req: Path, db: Path, glibc: str, exe: str = "mach-nix") -> Outcome:
    cmd = [exe, "resolve", "-r", str(req), "--db", str(db), "--python", PYTHON,
           "--system", "x86_64-linux", "--libc-version", glibc, "--json"]  # fmt: skip
    secs, cpu, proc = _timed(cmd, env=bytecode_env())
    if proc.returncode != 0:
        return Outcome(secs, False, cpu, message=proc.stderr.strip())
    data = json.loads(proc.stdout)
    out = Outcome(secs, True, cpu, {n: p["version"] for n, p in data["packages"].items()})
    for name, pkg in data["packages"].items():
        for dep in pkg["dependencies"]:
            out.parents.setdefault(dep, set()).add(name)
        for dep in pkg["build_system"]:
            out.build_parents.setdefault(dep, set()).add(name)
    return out


def run_uv(req: Path, glibc: str, offline: bool = False, exe: str = "uv") -> Outcome:
    cmd = [exe, "pip", "compile", str(req), "--python-version", PYTHON,
           "--python-platform", f"x86_64-manylinux_{glibc.replace('.', '_')}",
           "--no-header", "-q"]  # fmt: skip
    if offline:
        cmd.append("--offline")
    secs, cpu, proc = _timed(cmd)
    if proc.returncode != 0:
        return Outcome(secs, False, cpu, message=proc.stderr.strip())
    out = Outcome(secs, True, cpu)
    current = ""
    for line in proc.stdout.splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if m:
            current = _canon(m.group(1))
            out.versions[current] = m.group(2)
            continue
        via = re.match(r"^\s+#\s+(?:via\s+)?([A-Za-z0-9_.\-]+)", line)
        if via and current and via.group(1) != "via" and not via.group(1).startswith("-r"):
            out.parents.setdefault(current, set()).add(_canon(via.group(1)))
    return out


def run_pip(req: Path) -> Outcome:
    cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--report", "-",
           "--ignore-installed", "--quiet", "--disable-pip-version-check",
           "-r", str(req)]  # fmt: skip
    env = {**os.environ, "PIP_NO_INPUT": "1"}
    secs, cpu, proc = _timed(cmd, env=env, timeout=1800)
    if proc.returncode != 0:
        return Outcome(secs, False, cpu, message=proc.stderr.strip()[-2000:])
    report = json.loads(proc.stdout)
    return Outcome(secs, True, cpu, {
        _canon(i["metadata"]["name"]): i["metadata"]["version"] for i in report["install"]
    })  # fmt: skip


def median_of(fn, runs: int) -> Outcome:  # type: ignore[no-untyped-def]
    fn()  # warm: caches, page cache, imports
    outcomes = [fn() for _ in range(runs)]
    best = outcomes[-1]
    best.seconds = statistics.median(o.seconds for o in outcomes)
    best.cpu = statistics.median(o.cpu for o in outcomes)
    return best


def db_load_seconds(
    db: Path, names: Sequence[str], glibc: str, runs: int = 5
) -> tuple[float, float]:
    """Open the database and load every release of `names` (after imports): best
    wall and best CPU seconds of runs. Files are decoded only when used, as in
    a resolution."""
    code = (
        "import sys,time,json\n"
        "from mach_nix.index.database import open_database\n"
        "from mach_nix.target import Target\n"
        f"target=Target(python={PYTHON!r}, system='x86_64-linux', libc_version={glibc!r})\n"
        f"names=json.loads({json.dumps(json.dumps(list(names)))})\n"
        "best=cpu=1e9\n"
        f"for _ in range({runs}):\n"
        "    t,c=time.perf_counter(),time.process_time()\n"
        f"    d=open_database({str(db)!r}, target)\n"
        "    n=sum(len(d.releases(x)) for x in names)\n"
        "    best=min(best,time.perf_counter()-t)\n"
        "    cpu=min(cpu,time.process_time()-c)\n"
        "print(best,cpu)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


def explain(pkg: str, ours: Outcome, uv: Outcome, db: Path) -> str:
    from mach_nix.index.database import open_database

    a, b = ours.versions.get(pkg), uv.versions.get(pkg)
    via_ours = ", ".join(sorted(ours.parents.get(pkg, ()))) or "-"
    via_uv = ", ".join(sorted(uv.parents.get(pkg, ()))) or "-"
    if a is None:
        for parent in sorted(uv.parents.get(pkg, ())):
            marker = _marker_on(open_database(db), parent, uv.versions.get(parent), pkg)
            if marker and ours.versions.get(parent) == uv.versions.get(parent):
                return (
                    f"only uv's: {parent} requires it when {marker}; mach-nix takes "
                    f"Python {PYTHON} as its newest patch release ({PYTHON}.99), uv as {PYTHON}.0"
                    if "python_full_version" in marker
                    else f"only uv's: {parent} requires it when {marker}"
                )
        return f"only uv's: required by {via_uv} at uv's versions"
    if b is None:
        if pkg not in ours.parents and pkg in ours.build_parents:
            builds = ", ".join(sorted(ours.build_parents[pkg]))
            return f"only ours: build system of {builds} (uv does not list build systems)"
        return f"only ours: required by {via_ours} at our versions"
    known = {r.version for r in open_database(db).releases(pkg)}
    if b not in known:
        return f"{b} is not in the snapshot (outside its release policy or newer)"
    return f"both available; ours via {via_ours}, uv's via {via_uv}"


def _marker_on(db: Any, parent: str, version: str | None, pkg: str) -> str | None:
    """The marker on `parent`'s requirement of `pkg` at `version`, if any."""
    from packaging.requirements import Requirement

    for release in db.releases(parent):
        if release.version != version:
            continue
        for text in release.requires_dist or ():
            req = Requirement(text)
            if _canon(req.name) == pkg and req.marker is not None:
                return str(req.marker)
    return None


def host_glibc() -> str:
    libc, version = platform.libc_ver()
    return version if libc == "glibc" and version else "2.36"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "bench")
    ap.add_argument("--db", type=Path, default=REPO / "db")
    ap.add_argument("--runs", type=int, default=5, help="timed runs of mach-nix")
    ap.add_argument("--tool-runs", type=int, default=3, help="timed runs of uv")
    ap.add_argument("--pip-runs", type=int, default=1, help="timed runs of pip (slow)")
    ap.add_argument("--no-pip", action="store_true")
    args = ap.parse_args(argv)
    exes: dict[str, str] = {}
    for tool in ("mach-nix", "uv"):
        found = executable(tool)
        if found is None:
            print(f"error: {tool} not on PATH", file=sys.stderr)
            return 2
        exes[tool] = found
    glibc = host_glibc()
    sets = sorted(args.bench.glob("*.txt"))
    print(f"target: CPython {PYTHON}, x86_64-linux, glibc {glibc}; database {args.db}")
    print(f"executables: {exes['mach-nix']}, {exes['uv']}")
    startup = python_startup(sys.executable, args.runs)
    print(f"python startup (python -c pass, median): {startup * 1000:.0f} ms")
    rows = []
    details = []
    sums = {"ours": 0.0, "uv": 0.0, "ours_uv": 0.0, "pip": 0.0, "ours_pip": 0.0}
    for req in sets:
        name = req.stem
        print(f"... {name}", file=sys.stderr, flush=True)
        ours = median_of(
            lambda req=req: run_mach_nix(req, args.db, glibc, exes["mach-nix"]), args.runs
        )
        uv = median_of(lambda req=req: run_uv(req, glibc, exe=exes["uv"]), args.tool_runs)
        uv_off = median_of(
            lambda req=req: run_uv(req, glibc, offline=True, exe=exes["uv"]), args.tool_runs
        )
        pip = None if args.no_pip else median_of(lambda req=req: run_pip(req), args.pip_runs)
        nan = float("nan")
        load = db_load_seconds(args.db, sorted(ours.versions), glibc) if ours.ok else (nan, nan)
        conflict = name == "conflict"
        if (ours.ok == uv.ok or conflict) and (uv.ok or conflict):
            sums["uv"] += uv.seconds
            sums["ours_uv"] += ours.seconds
        if pip is not None and (pip.ok or conflict):
            sums["pip"] += pip.seconds
            sums["ours_pip"] += ours.seconds
        rows.append((name, ours, uv, uv_off, pip, load))
        if ours.ok and uv.ok:
            diffs = []
            for pkg in sorted(set(ours.versions) | set(uv.versions)):
                a, b = ours.versions.get(pkg), uv.versions.get(pkg)
                if a != b:
                    why = explain(pkg, ours, uv, args.db)
                    diffs.append(f"  {pkg:32} ours={a or '-':14} uv={b or '-':14} {why}")
            details.append(
                f"{name}: {len(diffs)} differences vs uv"
                + ("\n" + "\n".join(diffs) if diffs else "")
            )
        elif not ours.ok:
            first = ours.message.splitlines()[:12]
            details.append(
                f"{name}: mach-nix failed ({ours.seconds:.2f} s):\n  " + "\n  ".join(first)
            )

    def cell(o: Outcome | None) -> str:
        if o is None:
            return "-"
        return f"{o.seconds:7.3f}s {len(o.versions):4d}" if o.ok else f"{o.seconds:7.3f}s FAIL"

    print()
    heads = ("mach-nix", "uv (warm)", "uv --offline", "pip (warm)")
    print(f"{'set':10} " + " ".join(f"{h:>14}" for h in heads) + "  db load (cpu)  vs uv vs pip")
    for name, ours, uv, uv_off, pip, load in rows:
        r_uv = ours.seconds / uv.seconds if uv.seconds else float("nan")
        r_pip = ours.seconds / pip.seconds if pip and pip.seconds else float("nan")
        cells = " ".join(f"{cell(o):>14}" for o in (ours, uv, uv_off, pip))
        ms = f"{load[0] * 1000:5.0f}ms ({load[1] * 1000:3.0f})"
        print(f"{name:10} {cells} {ms} {r_uv:6.2f} {r_pip:6.2f}")
    print("(time = median; number = packages resolved; FAIL = no resolution)")
    print()
    print(f"{'set':10} {'CPU s: mach-nix':>16} {'uv --offline':>13} {'ratio':>6}")
    cpu_ours = cpu_uv = 0.0
    for name, ours, _, uv_off, _, _ in rows:
        cpu_ours, cpu_uv = cpu_ours + ours.cpu, cpu_uv + uv_off.cpu
        ratio = ours.cpu / uv_off.cpu if uv_off.cpu else float("nan")
        print(f"{name:10} {ours.cpu:16.3f} {uv_off.cpu:13.3f} {ratio:6.2f}")
    print("(user + system CPU of each tool's processes, median: stable under load)")
    print()
    for line in details:
        print(line)
    ratio_uv = sums["ours_uv"] / sums["uv"] if sums["uv"] else float("nan")
    ratio_pip = sums["ours_pip"] / sums["pip"] if sums["pip"] else float("nan")
    cpu_ratio = cpu_ours / cpu_uv if cpu_uv else float("nan")
    print(f"cpu_ratio_vs_uv_offline={cpu_ratio:.2f}")
    print(f"ratio_vs_uv={ratio_uv:.2f} ratio_vs_pip={ratio_pip:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
