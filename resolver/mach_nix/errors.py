"""Errors a user can fix: printed as one clear message, never as a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A mistake in the user's input or environment.

    The message names what is wrong and where (file:line, requirement,
    option) and says how to fix it. The CLI prints it and exits with
    `exit_code`; anything else escaping is a bug in mach-nix.
    """

    exit_code = 2


class ResolutionError(UserError):
    """The requirements cannot hold together; the message explains why."""

    exit_code = 1
