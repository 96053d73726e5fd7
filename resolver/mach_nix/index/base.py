"""The one interface every source of candidates implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from mach_nix.model import Release


class Index(Protocol):
    """Releases of PyPI-style projects, looked up by canonical name.

    `releases` returns every release the source knows (any order; the resolver
    sorts), or an empty sequence for a project it does not know. It must be
    cheap to call twice for the same name (memoise where loading costs).
    """

    def releases(self, name: str) -> Sequence[Release]: ...

    def describe(self) -> str:
        """One line naming the source, e.g. 'database snapshot of 2026-11-23'.

        Used in "not found" errors, so a user knows where the resolver looked.
        """
        ...
