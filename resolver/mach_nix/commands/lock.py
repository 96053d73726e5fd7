"""`mach-nix lock`: resolve (snapshot + live index) and write a PEP 751 pylock.toml.

The requirement, target and provider flags are `mach-nix resolve`'s own
(`add_request_arguments`/`build_request`), so a lock holds exactly the
resolved set `mach-nix resolve --json` prints for the same flags.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mach_nix.errors import UserError
from mach_nix.lock.live import Crawl

DEFAULT_INDEX = "https://pypi.org/simple/"


def register(sub: Any) -> None:
    from mach_nix.commands.resolve import add_request_arguments

    p = sub.add_parser(
        "lock",
        help="resolve and write a pylock.toml (PEP 751)",
        description="Resolve like `mach-nix resolve`, crawling projects the snapshot lacks "
        "into a cache database, and write a pylock.toml Nix evaluates without IFD.",
    )
    add_request_arguments(p)
    live = p.add_argument_group("live index")
    live.add_argument(
        "--cache-db", metavar="PATH", type=Path,
        help="where missing projects are crawled (default ~/.cache/mach-nix/db)",
    )  # fmt: skip
    live.add_argument("--index", default=DEFAULT_INDEX, metavar="URL")
    live.add_argument("--offline", action="store_true", help="never crawl: snapshot and cache only")
    p.add_argument("-o", "--output", default="pylock.toml", metavar="FILE")
    p.set_defaults(run=run)


def _crawler(index_url: str, python: str, system: str) -> Crawl:
    def crawl(
        root: Path, name: str, known: Callable[[str], bool] | None, specs: Iterable[str]
    ) -> set[str]:
        from mach_nix.crawl.crawler import Crawler
        from mach_nix.crawl.policy import Policy

        print(f"crawling {name} into {root}", file=sys.stderr)
        policy = Policy(pythons=(python,), systems=(system,))
        crawler = Crawler(root, index_url, policy, known=known)
        return crawler.run([(name, frozenset())], {name: list(specs)}).projects

    return crawl


def _root_specifiers(args: argparse.Namespace) -> dict[str, str]:
    """Canonical name -> the version range the root requirements put on it."""
    from mach_nix.commands.resolve import _requirements

    specs: dict[str, str] = {}
    for req in _requirements(args).requirements:
        if req.requirement.specifier:
            # Several lines naming one project: all of them must hold.
            text = str(req.requirement.specifier)
            specs[req.name] = ",".join(filter(None, [specs.get(req.name), text]))
    return specs


def run(args: argparse.Namespace) -> int:
    from mach_nix.commands.resolve import build_request, write_atomically
    from mach_nix.db.location import cache_database
    from mach_nix.index.database import DatabaseIndex, open_database
    from mach_nix.lock.live import LiveIndex
    from mach_nix.lock.pylock import resolved_to_pylock
    from mach_nix.lock.toml import dumps
    from mach_nix.resolver import resolve
    from mach_nix.target import Target

    if args.db is not None and not Path(args.db).is_dir():
        raise UserError(f"--db {args.db}: no such database directory")
    if not Path(args.output).resolve().parent.is_dir():
        raise UserError(f"-o {args.output}: no such directory")
    cache = args.cache_db or cache_database()

    def open_index(target: Target) -> DatabaseIndex | LiveIndex:
        snapshot = open_database(args.db, target)
        if args.offline:
            return snapshot
        crawl = _crawler(args.index, target.python_version, target.system)
        return LiveIndex(snapshot, cache, crawl, target, _root_specifiers(args))

    resolved = resolve(build_request(args, open_index))
    for warning in resolved.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    write_atomically(args.output, dumps(resolved_to_pylock(resolved.to_data())))
    print(f"wrote {args.output}: {len(resolved.packages)} packages", file=sys.stderr)
    return 0
