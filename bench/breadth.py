"""Breadth: does each of PyPI's most downloaded projects resolve, build and import ALONE?

    python bench/breadth.py [--sample N | --all | --names a,b] [--db PATH]
                            [--build] [--max-wheel-mb 200] [--json OUT]

For each name, `requirements = "<name>"` and nothing else:

1. resolve it with mach-nix's resolver against a database (default: the
   shipped snapshot) for the target mkPython computes for the package set
   (tests/hostpkgs: CPython 3.11, x86_64-linux, glibc 2.36; those values
   when Nix is not installed): resolved / not in database / conflict /
   error;
2. with --build, build it with mkPython on tests/hostpkgs, or the nixpkgs
   flake --nixpkgs names (one build at a time: the machine is shared), and
   import the project's top-level modules in the environment's python; a
   failure gets a category (unmapped soname, missing native library, sdist
   build failure, runtime-deps check, catch-conflicts, import error, ...)
   and its first telling log line.

Names come from bench/top-pypi.txt (rank order). The default sample is
deterministic (--seed). Closures with a wheel over --max-wheel-mb are not
built (reported as skipped). The last line is
`breadth: resolved=X/N built=Y/M`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "resolver"))

from mach_nix.errors import ResolutionError, UserError  # noqa: E402
from mach_nix.index.database import DatabaseIndex, open_database  # noqa: E402
from mach_nix.model import canonical_name  # noqa: E402
from mach_nix.overrides import load_rules  # noqa: E402
from mach_nix.requirements import read_requirements_text  # noqa: E402
from mach_nix.resolver import ResolvedSet, ResolveRequest, resolve  # noqa: E402
from mach_nix.target import Target  # noqa: E402

TOP = REPO / "bench" / "top-pypi.txt"
HOSTPKGS_REF = f"path:{REPO / 'tests' / 'hostpkgs'}"
RULES = REPO / "overrides" / "rules.json"
DEFAULT_TARGET = {
    "python": "3.11",
    "system": "x86_64-linux",
    "libc": "glibc",
    "libc_version": "2.36",
}
NIX_CONFIG = "experimental-features = nix-command flakes\nsubstituters =\nwarn-dirty = false"
# Directories a wheel may ship beside its package that are not meant to be imported.
NOT_IMPORTED = {"test", "tests", "testing", "docs", "doc", "examples", "benchmarks", "bin"}


@dataclass
class Outcome:
    name: str
    resolve: str = ""  # resolved | not-in-database | no-release | conflict | error
    resolve_seconds: float = 0.0
    version: str = ""  # the resolved version of the project itself
    packages: int = 0
    providers: dict[str, int] = field(default_factory=dict)
    build: str = ""  # "" (not built) | built | skipped | failed
    category: str = ""  # why a build failed or was skipped
    detail: str = ""  # the first telling line
    build_seconds: float = 0.0
    imported: list[str] = field(default_factory=list)


# --- names -----------------------------------------------------------------


def top_names(path: Path = TOP) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def pick_names(args: argparse.Namespace) -> list[str]:
    if args.names:
        return [n.strip() for n in args.names.split(",") if n.strip()]
    names = top_names()
    if args.all:
        return names
    chosen = set(random.Random(args.seed).sample(names, min(args.sample, len(names))))
    return [n for n in names if n in chosen]  # keep rank order


# --- target ----------------------------------------------------------------


def nix_env() -> dict[str, str]:
    return {**os.environ, "NIX_CONFIG": NIX_CONFIG}


def pkgs_expression(nixpkgs: str) -> str:
    """The package set of a nixpkgs flake reference (tests/hostpkgs by default)."""
    return f'(builtins.getFlake "{nixpkgs}").legacyPackages.${{builtins.currentSystem}}'


def nix_target(nixpkgs: str = HOSTPKGS_REF) -> Target:
    """The target mkPython computes for that package set (lib/target.nix), else the default."""
    expr = (
        f"let pkgs = {pkgs_expression(nixpkgs)}; in "
        f"import {REPO}/lib/target.nix {{ inherit pkgs; python = pkgs.python3; }}"
    )
    try:
        proc = subprocess.run(
            ["nix", "eval", "--impure", "--json", "--expr", expr],
            capture_output=True, text=True, timeout=120, env=nix_env(),
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return Target(**DEFAULT_TARGET)
    if proc.returncode != 0:
        return Target(**DEFAULT_TARGET)
    data = json.loads(proc.stdout)
    return Target(**{k: str(v) for k, v in data.items() if v is not None})


# --- resolution ------------------------------------------------------------


def resolve_alone(
    name: str, index: DatabaseIndex, target: Target, rules: Sequence[object]
) -> tuple[Outcome, ResolvedSet | None]:
    out = Outcome(name)
    start = time.perf_counter()
    resolved = None
    if canonical_name(name) not in index:
        out.resolve = "not-in-database"
    elif not index.releases(canonical_name(name)):
        # Known, but the crawl kept no release: no file any target can use.
        out.resolve, out.detail = "no-release", "no sdist and no wheel for Linux or macOS"
    else:
        request = ResolveRequest(
            requirements=read_requirements_text(name, origin="breadth").requirements,
            target=target,
            index=index,
            overrides=tuple(rules),  # type: ignore[arg-type]
        )
        try:
            resolved = resolve(request)
            out.resolve = "resolved"
            out.version = resolved.packages[canonical_name(name)].version
            out.packages = len(resolved.packages)
            out.providers = dict(Counter(p.provider for p in resolved.packages.values()))
        except ResolutionError as err:
            out.resolve, out.detail = "conflict", first_line(str(err))
        except UserError as err:
            out.resolve, out.detail = "error", first_line(str(err))
    out.resolve_seconds = time.perf_counter() - start
    return out, resolved


def remote_size(url: str) -> int:
    """Content-Length of a URL (HEAD), 0 when the server does not say."""
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return int(resp.headers.get("Content-Length") or 0)
    except (OSError, ValueError):
        return 0


def largest_wheel_mb(resolved: ResolvedSet, index: DatabaseIndex) -> tuple[str, float]:
    """The biggest wheel the closure fetches: its size from the database, else
    from the file server (the crawl does not always record sizes)."""
    best = ("", 0.0)
    for pkg in resolved.packages.values():
        if pkg.file is None or not pkg.file.filename.endswith(".whl"):
            continue
        sizes = [
            f.size
            for release in index.releases(pkg.name)
            for f in release.files
            if f.filename == pkg.file.filename and f.size
        ]
        mb = (sizes[0] if sizes else remote_size(pkg.file.url)) / 1e6
        if mb > best[1]:
            best = (pkg.name, mb)
    return best


# --- building --------------------------------------------------------------


def env_expression(name: str, db: Path, nixpkgs: str) -> str:
    return f"""
      let pkgs = {pkgs_expression(nixpkgs)};
      in (import {REPO} {{ inherit pkgs; }}).mkPython {{
        requirements = {json.dumps(name)};
        database = {db};
      }}
    """


# (category, pattern) in order: the first that matches a failing log names it.
LOG_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("unmapped-soname", r"needs the shared library (\S+), which overrides/sonames.json"),
    ("resolve-error", r"cannot resolve the requirements:.*"),
    ("missing-attribute", r"names the nixpkgs attribute `[^`]+`, which this package set does not"),
    ("missing-native-lib", r"could not satisfy dependency (\S+)"),
    ("runtime-deps-check", r".*not satisfied by version.*|.*not installed$"),
    ("catch-conflicts", r"Found duplicated packages in closure.*"),
    ("missing-header", r"fatal error: (\S+): No such file or directory"),
    ("missing-tool", r"(\S+): command not found|FileNotFoundError: .*'(\w[\w.+-]*)'"),
    ("missing-build-module", r"ModuleNotFoundError: No module named '([^']+)'"),
    ("rust-build", r"(?:cargo|rustc).*not found.*|can't find Rust compiler"),
    ("cycle", r"mach-nix: .*cycle.*"),
)


def classify_log(log: str) -> tuple[str, str]:
    for category, pattern in LOG_CATEGORIES:
        found = re.search(pattern, log, re.MULTILINE)
        if found:
            return category, first_line(found.group(0))
    errors = [line for line in log.splitlines() if re.search(r"\berror\b", line, re.IGNORECASE)]
    return "build-failure", first_line(errors[0] if errors else log.strip()[-300:])


def failed_drv_log(stderr: str) -> tuple[str, str]:
    """The name of the first derivation that failed and its full log."""
    found = re.search(r"builder for '(/nix/store/[^']+\.drv)' failed", stderr)
    if not found:
        return "", ""
    drv = found.group(1)
    proc = subprocess.run(
        ["nix", "log", drv], capture_output=True, text=True, timeout=120, env=nix_env()
    )
    return drv.split("-", 1)[1].removesuffix(".drv"), proc.stdout


def import_script() -> str:
    """Run in the environment: import the top-level modules of a distribution."""
    return f"""
import importlib, importlib.metadata as md, json, re, sys
dist = md.distribution(sys.argv[1])
files = [str(f) for f in (dist.files or [])]
present = set(files)
mods = set()
for f in files:
    parts = f.split("/")
    top = parts[0]
    if top.endswith((".dist-info", ".data")) or top in ("..", "__pycache__"):
        continue
    if top in {sorted(NOT_IMPORTED)!r}:
        continue
    if len(parts) == 1:
        if f.endswith(".py") or ".so" in f:
            mods.add(f.split(".")[0])
        continue
    for i in range(1, len(parts)):
        if "/".join(parts[:i]) + "/__init__.py" in present:
            mods.add(".".join(parts[:i]))
            break
mods = sorted(m for m in mods if m.isidentifier() or "." in m)
def canon(n):
    return n.lower().replace("_", "-").replace(".", "-")
# Modules the distribution asks for only under an extra: importing without
# it fails for pip users too (an instrumentation without its library).
optional = set()
for req in dist.requires or []:
    if "extra" in req.partition(";")[2]:
        optional.add(canon(re.match(r"[A-Za-z0-9._-]+", req).group(0)))
failed = {{}}
needs_extra = {{}}
for m in mods:
    try:
        importlib.import_module(m)
    except ModuleNotFoundError as e:
        if e.name and canon(e.name.split(".")[0]) in optional:
            needs_extra[m] = f"needs {{e.name}}, which it requires only under an extra"
        else:
            failed[m] = f"ModuleNotFoundError: {{e}}"
    except BaseException as e:
        text = str(e).splitlines()[0][:200] if str(e) else ""
        failed[m] = f"{{type(e).__name__}}: {{text}}"
print(json.dumps({{"version": dist.version, "modules": mods, "failed": failed,
                  "needs_extra": needs_extra}}))
"""


def build_alone(out: Outcome, db: Path, timeout: float, nixpkgs: str = HOSTPKGS_REF) -> None:
    start = time.perf_counter()
    cmd = ["nix", "build", "--impure", "--no-link", "--json", "--max-jobs", "1",
           "--expr", env_expression(out.name, db, nixpkgs)]  # fmt: skip
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=nix_env())
    except subprocess.TimeoutExpired:
        out.build, out.category, out.detail = "failed", "timeout", f"over {timeout:.0f} s"
        out.build_seconds = time.perf_counter() - start
        return
    if proc.returncode != 0:
        drv, log = failed_drv_log(proc.stderr)
        category, detail = classify_log(log or proc.stderr)
        out.build, out.category = "failed", category
        out.detail = f"{drv}: {detail}" if drv else detail
        out.build_seconds = time.perf_counter() - start
        return
    env = Path(json.loads(proc.stdout)[0]["outputs"]["out"])
    check_imports(out, env)
    out.build_seconds = time.perf_counter() - start


def check_imports(out: Outcome, env: Path) -> None:
    try:
        proc = subprocess.run(
            [str(env / "bin" / "python3"), "-c", import_script(), out.name],
            capture_output=True, text=True, timeout=300, cwd="/tmp",
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        out.build, out.category, out.detail = "failed", "import-error", "import timed out"
        return
    if proc.returncode != 0:
        out.build, out.category = "failed", "import-error"
        out.detail = first_line(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "")
        return
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    out.imported = report["modules"]
    if report["version"] != out.version:
        out.build, out.category = "failed", "wrong-version"
        out.detail = f"installed {report['version']}, resolved {out.version}"
    elif report["failed"]:
        module, message = sorted(report["failed"].items())[0]
        out.build, out.category, out.detail = "failed", "import-error", f"{module}: {message}"
    elif report["needs_extra"] and len(report["needs_extra"]) == len(out.imported):
        # Built and installed as resolved; importing needs an extra, as with pip.
        module, message = sorted(report["needs_extra"].items())[0]
        out.build, out.category, out.detail = "built", "import-needs-extra", f"{module}: {message}"
    else:
        out.build = "built"


# --- report ----------------------------------------------------------------


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:240]
    return ""


def print_table(outcomes: Sequence[Outcome]) -> None:
    print(f"{'name':32} {'resolve':16} {'pkgs':>4} {'res s':>6} {'build':8} {'build s':>7}  detail")
    for o in outcomes:
        detail = f"{o.category}: {o.detail}" if o.category else o.detail
        print(
            f"{o.name:32} {o.resolve:16} {o.packages:4d} {o.resolve_seconds:6.2f} "
            f"{o.build or '-':8} {o.build_seconds:7.1f}  {detail[:150]}"
        )
    print()
    for label, counts in (
        ("resolution", Counter(o.resolve for o in outcomes)),
        ("build", Counter(o.build for o in outcomes if o.build)),
        ("category", Counter(o.category for o in outcomes if o.category)),
    ):
        if counts:
            print(f"{label}: " + ", ".join(f"{k}={v}" for k, v in counts.most_common()))


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument("--sample", type=int, default=50, help="names sampled from the top list")
    which.add_argument("--all", action="store_true", help="every name in bench/top-pypi.txt")
    which.add_argument("--names", help="comma-separated names")
    p.add_argument("--seed", type=int, default=1, help="sample seed")
    p.add_argument("--db", type=Path, default=REPO / "db", help="database directory")
    p.add_argument("--build", action="store_true", help="build and import with Nix")
    p.add_argument("--nixpkgs", default=HOSTPKGS_REF, help="nixpkgs flake reference")
    p.add_argument("--max-wheel-mb", type=float, default=200.0)
    p.add_argument("--timeout", type=float, default=1800.0, help="seconds per build")
    p.add_argument("--json", type=Path, help="write the outcomes here as JSON")
    args = p.parse_args(argv)

    names = pick_names(args)
    target = nix_target(args.nixpkgs)
    db = args.db.resolve()
    index = open_database(db, target)
    rules = load_rules(RULES)
    print(f"target: {target}; database: {db}; {len(names)} names", file=sys.stderr)
    outcomes: list[Outcome] = []
    for name in names:
        out, resolved = resolve_alone(name, index, target, rules)
        if args.build and resolved is not None:
            big, mb = largest_wheel_mb(resolved, index)
            if mb > args.max_wheel_mb:
                out.build, out.category = "skipped", "huge-wheel"
                out.detail = f"{big} wheel {mb:.0f} MB"
            else:
                print(f"building {name} ...", file=sys.stderr, flush=True)
                build_alone(out, db, args.timeout, args.nixpkgs)
        outcomes.append(out)
    print_table(outcomes)
    if args.json:
        tmp = args.json.with_suffix(".tmp")
        tmp.write_text(json.dumps([asdict(o) for o in outcomes], indent=1) + "\n")
        tmp.replace(args.json)
    resolved_count = sum(o.resolve == "resolved" for o in outcomes)
    line = f"breadth: resolved={resolved_count}/{len(outcomes)}"
    if args.build:
        attempted = [o for o in outcomes if o.build in ("built", "failed")]
        line += f" built={sum(o.build == 'built' for o in attempted)}/{len(attempted)}"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
