"""`mach-nix lock`: resolve (snapshot + live index) and write a PEP 751 pylock.toml."""

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
    p = sub.add_parser(
        "lock",
        help="resolve and write a pylock.toml (PEP 751)",
        description="Resolve like `mach-nix resolve`, crawling projects the snapshot lacks "
        "into a cache database, and write a pylock.toml Nix evaluates without IFD.",
    )
    p.add_argument(
        "-r",
        "--requirement",
        dest="requirement_files",
        action="append",
        default=[],
        metavar="FILE",
        help="requirements.txt or pyproject.toml",
    )
    p.add_argument(
        "--requirement-text", dest="requirement_texts", action="append", default=[], metavar="TEXT"
    )
    p.add_argument(
        "-c", "--constraint", dest="constraint_files", action="append", default=[], metavar="FILE"
    )
    p.add_argument("--extra", dest="extras", action="append", default=[], metavar="NAME")
    p.add_argument("--group", dest="groups", action="append", default=[], metavar="NAME")
    p.add_argument("--target", metavar="JSON|@FILE|FILE")
    p.add_argument("--python")
    p.add_argument("--system")
    p.add_argument("--libc", choices=("glibc", "musl"))
    p.add_argument("--libc-version")
    p.add_argument("--macos")
    p.add_argument("--providers", metavar="LIST|JSON|FILE")
    p.add_argument("--providers-json", metavar="JSON|@FILE")
    p.add_argument("--nixpkgs-index", metavar="FILE")
    p.add_argument("--overrides", metavar="FILE")
    p.add_argument("--pre", action="store_true")
    p.add_argument("--db", metavar="PATH", help="the pinned snapshot (default: the shipped one)")
    p.add_argument(
        "--cache-db",
        metavar="PATH",
        type=Path,
        help="where missing projects are crawled (default ~/.cache/mach-nix/db)",
    )
    p.add_argument("--index", default=DEFAULT_INDEX, metavar="URL")
    p.add_argument("--offline", action="store_true", help="never crawl: snapshot and cache only")
    p.add_argument("-o", "--output", default="pylock.toml", metavar="FILE")
    p.set_defaults(run=run)  # fmt: skip


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


def _root_specifiers(requirements: Any) -> dict[str, str]:
    """Canonical name -> the version range the root requirements put on it."""
    specs: dict[str, str] = {}
    for req in requirements.requirements:
        if req.requirement.specifier:
            # Several lines naming one project: all of them must hold.
            specs[req.name] = ",".join(
                filter(None, [specs.get(req.name), str(req.requirement.specifier)])
            )
    return specs


def run(args: argparse.Namespace) -> int:
    from mach_nix.commands.resolve import (
        _providers,
        _requirements,
        _target,
        write_atomically,
    )
    from mach_nix.db.location import cache_database
    from mach_nix.index.database import open_database
    from mach_nix.index.nixpkgs import load_nixpkgs_index
    from mach_nix.lock.live import LiveIndex
    from mach_nix.lock.pylock import resolved_to_pylock
    from mach_nix.lock.toml import dumps
    from mach_nix.overrides import load_rules
    from mach_nix.resolver import ResolveRequest, resolve

    if args.db is not None and not Path(args.db).exists():
        raise UserError(f"--db {args.db}: no such database directory")
    if not Path(args.output).resolve().parent.is_dir():
        raise UserError(f"-o {args.output}: no such directory")
    requirements = _requirements(args)
    target = _target(args)
    snapshot = open_database(args.db, target)
    cache = args.cache_db or cache_database()
    index: Any = snapshot
    if not args.offline:
        crawl = _crawler(args.index, target.python_version, target.system)
        index = LiveIndex(snapshot, cache, crawl, target, _root_specifiers(requirements))
    request = ResolveRequest(
        requirements=requirements.requirements,
        constraints=requirements.constraints,
        target=target,
        index=index,
        providers=_providers(args),
        nixpkgs=load_nixpkgs_index(args.nixpkgs_index) if args.nixpkgs_index else (),
        overrides=load_rules(args.overrides),
        allow_prereleases=args.pre,
    )
    resolved = resolve(request)
    for warning in resolved.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    write_atomically(args.output, dumps(resolved_to_pylock(resolved.to_data())))
    print(f"wrote {args.output}: {len(resolved.packages)} packages", file=sys.stderr)
    return 0
