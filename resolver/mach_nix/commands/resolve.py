"""`mach-nix resolve`: requirements + target -> the resolved set (docs/resolver.md).

`add_request_arguments(parser)` and `build_request(args)` are shared with
`mach-nix lock`, so both commands take the same flags and resolve alike.
`write_atomically(path, text)` is the one way to write an output file.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mach_nix.errors import UserError

if TYPE_CHECKING:  # typing only: the CLI imports the resolver lazily
    from mach_nix.index.base import Index
    from mach_nix.resolver import ResolveRequest
    from mach_nix.target import Target

_TARGET_KEYS = ("python", "implementation", "system", "libc", "libc_version", "macos")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "resolve",
        help="resolve requirements for a target",
        description="Resolve Python requirements for a Nix target, offline, from the database.",
    )
    add_request_arguments(p)
    out = p.add_argument_group("output")
    fmt = out.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="the resolved set as JSON")
    fmt.add_argument("--tree", action="store_true", help="the dependency tree")
    out.add_argument("-o", "--output", metavar="OUT", help="write here (atomically), not stdout")
    p.set_defaults(run=run)


def add_request_arguments(p: argparse.ArgumentParser) -> None:
    """The flags that make a ResolveRequest; `mach-nix lock` shares them."""
    src = p.add_argument_group("requirements")
    src.add_argument(
        "-r", "--requirement", "--requirements", dest="requirement_files", action="append",
        default=[], metavar="FILE",
        help="requirements.txt (pip's format) or pyproject.toml; repeatable",
    )  # fmt: skip
    src.add_argument(
        "--requirement-text", dest="requirement_texts", action="append", default=[],
        metavar="TEXT", help="requirements.txt content given inline; repeatable",
    )  # fmt: skip
    src.add_argument(
        "-c", "--constraint", dest="constraint_files", action="append", default=[],
        metavar="FILE", help="constraints file (pip's -c); repeatable",
    )  # fmt: skip
    src.add_argument(
        "--extra", dest="extras", action="append", default=[], metavar="NAME",
        help="pyproject.toml: also install this optional-dependencies group",
    )  # fmt: skip
    src.add_argument(
        "--group", dest="groups", action="append", default=[], metavar="NAME",
        help="pyproject.toml: also install this PEP 735 dependency group",
    )  # fmt: skip
    tgt = p.add_argument_group("target (defaults: CPython 3.11, x86_64-linux, glibc 2.40)")
    tgt.add_argument(
        "--target", metavar="JSON|@FILE|FILE",
        help="the target as a JSON object (docs/resolved-set.md `target`)",
    )  # fmt: skip
    tgt.add_argument("--python", help="CPython version, 3.11 or 3.11.7")
    tgt.add_argument("--system", help="x86_64-linux, aarch64-linux, x86_64-darwin, aarch64-darwin")
    tgt.add_argument("--libc", choices=("glibc", "musl"))
    tgt.add_argument("--libc-version", help="glibc (or musl) version of the target, e.g. 2.36")
    tgt.add_argument("--macos", help="minimum macOS version of the target, e.g. 11.0")
    how = p.add_argument_group("candidates")
    how.add_argument(
        "--providers", metavar="LIST|JSON|FILE",
        help='default provider order, e.g. "wheel,sdist,nixpkgs"; or a JSON object '
        '{"_default": ..., "<name>": ...} given inline or as a file',
    )  # fmt: skip
    how.add_argument(
        "--providers-json", metavar="JSON|@FILE",
        help="per-package provider preferences as a JSON object",
    )  # fmt: skip
    how.add_argument(
        "--db", metavar="PATH",
        help="database directory (default: the shipped snapshot), or a packse scenario .toml",
    )  # fmt: skip
    how.add_argument(
        "--nixpkgs-index", metavar="FILE",
        help="JSON list of {attr, pname, version}: the nixpkgs provider's packages",
    )  # fmt: skip
    how.add_argument("--overrides", metavar="FILE", help="override rules (overrides/rules.json)")
    how.add_argument("--pre", action="store_true", help="allow pre-releases everywhere")


def _json_argument(value: str, option: str) -> Any:
    """Inline JSON, @file, or a path to a JSON file."""
    text = value
    if value.startswith("@") or not value.lstrip().startswith(("{", "[")):
        path = Path(value.removeprefix("@"))
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise UserError(f"{option}: cannot read {path}: {err.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise UserError(f"{option}: not valid JSON ({err})") from None


def _target(args: argparse.Namespace) -> Any:
    from mach_nix.target import Target

    values: dict[str, str] = {}
    if args.target:
        data = _json_argument(args.target, "--target")
        if not isinstance(data, dict):
            raise UserError("--target: expected a JSON object")
        unknown = sorted(set(data) - set(_TARGET_KEYS))
        if unknown:
            raise UserError(
                f"--target: unknown key {unknown[0]!r}; keys: {', '.join(_TARGET_KEYS)}"
            )
        values = {k: str(v) for k, v in data.items() if v is not None}
    for key in ("python", "system", "libc", "libc_version", "macos"):
        given = getattr(args, key)
        if given:
            values[key] = given
    return Target(**values)


def _providers(args: argparse.Namespace) -> dict[str, tuple[str, ...]]:
    from mach_nix.resolver import parse_provider_list, provider_preferences

    mapping: dict[str, Any] = {}
    if args.providers:
        value = args.providers
        looks_like_list = all(ch.isalpha() or ch in ", " for ch in value)
        if looks_like_list and not Path(value).is_file():
            mapping["_default"] = parse_provider_list(value, "--providers")
        else:
            data = _json_argument(value, "--providers")
            mapping.update({"_default": data} if isinstance(data, (str, list)) else data)
    if args.providers_json:
        data = _json_argument(args.providers_json, "--providers-json")
        if not isinstance(data, dict):
            raise UserError("--providers-json: expected a JSON object name -> providers")
        mapping.update(data)
    return provider_preferences(mapping, "providers")


def _requirements(args: argparse.Namespace) -> Any:
    from mach_nix.requirements import (
        RequirementSet,
        read_pyproject,
        read_requirements_file,
        read_requirements_text,
    )

    found = RequirementSet()
    if (args.extras or args.groups) and not any(
        p.endswith(".toml") for p in args.requirement_files
    ):
        raise UserError("--extra and --group select from a pyproject.toml: pass it with -r")
    for path in args.requirement_files:
        if path.endswith(".toml"):
            found += read_pyproject(path, extras=args.extras, groups=args.groups)
        else:
            found += read_requirements_file(path)
    for i, text in enumerate(args.requirement_texts, start=1):
        found += read_requirements_text(text, origin=f"--requirement-text#{i}")
    for path in args.constraint_files:
        found += read_requirements_file(path, constraints=True)
    if not found.requirements:
        given = [
            *args.requirement_files,
            *(["--requirement-text"] if args.requirement_texts else []),
        ]
        if given:
            raise UserError(f"no requirements in {', '.join(given)}: nothing to resolve")
        raise UserError("no requirements given: use -r FILE or --requirement-text TEXT")
    return found


def _open_index(path: str | None, target: Target) -> Any:
    if path is not None and path.endswith(".toml"):
        # A packse scenario file: its package universe, for trying the resolver out.
        from mach_nix.index.packse import load_scenario

        return load_scenario(path).index
    try:
        from mach_nix.index.database import open_database
    except ImportError as err:  # the database reader is another module's; say so plainly
        raise UserError(f"the database reader is not available: {err}") from None
    if path is not None and not Path(path).exists():
        raise UserError(f"--db {path}: no such database directory")
    # With the target, the reader decodes only wheels it could use (about half).
    return open_database(path, target)


def write_atomically(path: str, text: str) -> None:
    """Write next to the destination, then rename: never a half-written file."""
    target = Path(path)
    if target.is_dir():
        raise UserError(f"-o {path}: is a directory; give a file name")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as err:
        raise UserError(f"-o {path}: cannot write there: {err.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # mkstemp makes the file private (0600); an output file is not a secret.
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"-o {path}: cannot write there: {err.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _summary(resolved: Any) -> str:
    lines = [f"{p.name}=={p.version}  ({p.provider})" for _, p in sorted(resolved.packages.items())]
    return "\n".join(lines) + "\n"


def build_request(
    args: argparse.Namespace, open_index: Callable[[Target], Index] | None = None
) -> ResolveRequest:
    """The ResolveRequest the flags of add_request_arguments describe.

    `open_index(target)` replaces opening `--db` (lock mode wraps the snapshot
    in an index that crawls what it lacks for that target).
    """
    from mach_nix.index.nixpkgs import load_nixpkgs_index
    from mach_nix.overrides import load_rules
    from mach_nix.resolver import ResolveRequest

    requirements = _requirements(args)
    target = _target(args)
    return ResolveRequest(
        requirements=requirements.requirements,
        constraints=requirements.constraints,
        target=target,
        index=open_index(target) if open_index else _open_index(args.db, target),
        providers=_providers(args),
        nixpkgs=load_nixpkgs_index(args.nixpkgs_index) if args.nixpkgs_index else (),
        overrides=load_rules(args.overrides),
        allow_prereleases=args.pre or requirements.prereleases,
    )


# Container allocations between cyclic-GC passes while resolving. The default
# (700) makes a resolution spend 10-15% of its time in ~90 collections that
# free nothing (the database's objects are acyclic and live to the end);
# above the ~60k net allocations of a large set, a pathological one is still
# collected.
GC_THRESHOLD = 100_000


def run(args: argparse.Namespace) -> int:
    previous = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD)
    try:
        return _run(args)
    finally:
        gc.set_threshold(*previous)


def _run(args: argparse.Namespace) -> int:
    from mach_nix.resolver import resolve

    resolved = resolve(build_request(args))
    for warning in resolved.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        text = resolved.to_json()
    elif args.tree:
        from mach_nix.resolver.tree import render_tree

        text = render_tree(resolved)
    else:
        text = _summary(resolved)
    if args.output:
        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
