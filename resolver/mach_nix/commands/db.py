"""`mach-nix db update|stats|verify`: build, inspect and check a database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mach_nix.errors import UserError

DEFAULT_INDEX = "https://pypi.org/simple/"


def register(sub: Any) -> None:
    parser = sub.add_parser("db", help="build and inspect the PyPI metadata database")
    dbsub = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")

    up = dbsub.add_parser("update", help="crawl projects and their dependency closure")
    up.add_argument("names", nargs="*", metavar="NAME", help="requirements (PEP 508)")
    up.add_argument("-r", "--requirement", action="append", default=[], metavar="FILE")
    up.add_argument("--index", default=DEFAULT_INDEX, metavar="URL", help="PEP 691/503 index")
    up.add_argument("--db", type=Path, help="database directory (created if missing)")
    up.add_argument("--python", default="3.10,3.11,3.12,3.13", help="target Pythons")
    up.add_argument(
        "--system",
        default="x86_64-linux,aarch64-linux,x86_64-darwin,aarch64-darwin",
        help="target systems (comma-separated)",
    )
    up.add_argument(
        "--recent-series",
        type=int,
        default=3,
        metavar="N",
        help="keep every release of the N newest series (major.minor)",
    )
    up.add_argument(
        "--series",
        type=int,
        default=20,
        metavar="N",
        help="keep the newest release of each of the N newest series",
    )
    up.add_argument(
        "--build-info",
        type=int,
        default=1,
        metavar="N",
        help="read the sdist [build-system] of the N newest releases",
    )
    up.add_argument(
        "--analyse",
        type=int,
        default=1,
        metavar="N",
        help="ELF-analyse the Linux wheels of the N newest releases",
    )
    up.add_argument(
        "--build-metadata",
        action="store_true",
        help="build sdists with dynamic metadata to learn their requirements",
    )
    up.add_argument("--jobs", type=int, default=8, help="concurrent metadata requests")
    up.add_argument("--elf-jobs", type=int, default=3, help="concurrent wheel analyses")
    up.add_argument("--checkpoint", type=float, default=60.0, metavar="SECONDS")
    up.set_defaults(run=run_update)

    st = dbsub.add_parser("stats", help="counts and sizes")
    st.add_argument("--db", type=Path)
    st.set_defaults(run=run_stats)

    ve = dbsub.add_parser("verify", help="check every shard's digest and record")
    ve.add_argument("--db", type=Path)
    ve.set_defaults(run=run_verify)


def _roots(
    args: argparse.Namespace,
) -> tuple[list[tuple[str, frozenset[str]]], set[tuple[str, str]]]:
    from packaging.version import InvalidVersion, Version

    from mach_nix.requirements.model import RequirementSet, parse_requirement_text
    from mach_nix.requirements.txt import read_requirements_file

    reqs = RequirementSet(tuple(parse_requirement_text(n, "<command line>") for n in args.names))
    for path in args.requirement:
        if not Path(path).is_file():
            raise UserError(f"-r {path}: no such file")
        reqs = reqs + read_requirements_file(path)
    if not reqs.requirements:
        raise UserError("db update: name at least one requirement (NAME... or -r FILE)")
    roots = [(r.name, frozenset(r.requirement.extras)) for r in reqs.requirements]
    pins: set[tuple[str, str]] = set()
    for r in (*reqs.requirements, *reqs.constraints):
        for spec in r.requirement.specifier:
            if spec.operator in ("==", "===") and "*" not in spec.version:
                try:
                    pins.add((r.name, str(Version(spec.version))))
                except InvalidVersion:
                    continue
    return roots, pins


def _check_options(args: argparse.Namespace) -> None:
    import urllib.parse

    if urllib.parse.urlsplit(args.index).scheme not in ("http", "https"):
        raise UserError(f"--index {args.index}: expected an http(s) URL of a simple index")
    for option, value, least in (
        ("--jobs", args.jobs, 1),
        ("--elf-jobs", args.elf_jobs, 1),
        ("--recent-series", args.recent_series, 0),
        ("--series", args.series, 0),
        ("--build-info", args.build_info, 0),
        ("--analyse", args.analyse, 0),
    ):
        if value < least:
            raise UserError(f"{option} {value}: must be at least {least}")


def run_update(args: argparse.Namespace) -> int:
    from mach_nix.crawl.crawler import Crawler
    from mach_nix.crawl.policy import Policy
    from mach_nix.db.location import default_update_target
    from mach_nix.target import SYSTEMS, TargetError

    _check_options(args)
    roots, pins = _roots(args)
    systems = tuple(s.strip() for s in args.system.split(",") if s.strip())
    bad = [s for s in systems if s not in SYSTEMS]
    if bad:
        raise UserError(f"--system {','.join(bad)}: unknown; supported: {', '.join(SYSTEMS)}")
    try:
        policy = Policy(
            pythons=tuple(p.strip() for p in args.python.split(",") if p.strip()),
            systems=systems,
            recent_series=args.recent_series,
            series=args.series,
            build_info=args.build_info,
            analyse=args.analyse,
            pins=frozenset(pins),
            build_metadata=args.build_metadata,
        )
        policy.targets  # noqa: B018 -- validate --python now, not mid-crawl
    except TargetError as err:
        raise UserError(f"--python {args.python}: {err}") from None
    root = args.db or default_update_target()
    crawler = Crawler(
        root, args.index, policy, jobs=args.jobs, elf_jobs=args.elf_jobs, checkpoint=args.checkpoint
    )
    stats = crawler.run(roots)
    print(
        f"{root}: {len(crawler.records)} projects; {stats.pages} pages "
        f"({stats.unchanged} unchanged), {stats.releases_fetched} releases fetched, "
        f"{stats.releases_reused} reused, {stats.wheels_analysed} wheels analysed "
        f"({stats.analysis_bytes / 1e6:.1f} MB, {stats.analysis_seconds:.1f} s)",
        file=sys.stderr,
    )
    if stats.unknown_deps:
        print(
            f"note: {stats.unknown_deps} releases have unknown requirements "
            "(sdists with dynamic metadata)",
            file=sys.stderr,
        )
    if stats.missing:
        print(f"warning: not on the index: {', '.join(sorted(stats.missing))}", file=sys.stderr)
    return 0


def _root(args: argparse.Namespace) -> Path:
    from mach_nix.db.location import default_database

    return args.db or default_database()


def run_stats(args: argparse.Namespace) -> int:
    from mach_nix.db.inspect import stats

    for line in stats(_root(args)).lines():
        print(line)
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from mach_nix.db.inspect import verify

    root = _root(args)
    result = verify(root)
    for problem in result.problems:
        print(f"error: {problem}", file=sys.stderr)
    status = "FAILED" if result.problems else "ok"
    print(f"{root}: {result.shards} shards, {result.packages} packages: {status}")
    return 1 if result.problems else 0
