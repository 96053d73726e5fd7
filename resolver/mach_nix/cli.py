"""`mach-nix` entry point: dispatches to one subcommand module.

Only the chosen subcommand's module is imported, so `mach-nix resolve` does not
pay for the crawler's imports: start-up time is part of every Nix evaluation.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from mach_nix.errors import UserError

# subcommand -> module defining register(subparsers) and run(args) -> int
COMMANDS = {
    "resolve": "mach_nix.commands.resolve",
    "lock": "mach_nix.commands.lock",
    "db": "mach_nix.commands.db",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mach-nix",
        description="Resolve Python requirements for a Nix target.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    only = args_list[0] if args_list and args_list[0] in COMMANDS else None
    args = build_parser(only).parse_args(args_list)
    try:
        return int(args.run(args) or 0)
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): nothing to report. Point stdout at
        # /dev/null so Python's final flush does not fail again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a command a pipe cut short


if __name__ == "__main__":
    sys.exit(main())
