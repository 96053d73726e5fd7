"""Resolution: requirements + target + index -> the resolved set.

Public API (stable; the CLI, the lock command and tests build on it):

    from mach_nix.resolver import ResolveRequest, ResolvedSet, resolve
    resolved: ResolvedSet = resolve(ResolveRequest(requirements, target, index, ...))
    resolved.to_json()  # docs/resolved-set.md

`resolve` raises mach_nix.errors.ResolutionError (a UserError) when the
requirements cannot hold together, with the explanation as its message.
"""

from mach_nix.resolver.output import ResolvedFile, ResolvedPackage, ResolvedSet
from mach_nix.resolver.request import (
    DEFAULT_PROVIDERS,
    PROVIDERS,
    ResolveRequest,
    parse_provider_list,
    provider_preferences,
)
from mach_nix.resolver.resolve import resolve

__all__ = [
    "DEFAULT_PROVIDERS",
    "PROVIDERS",
    "ResolveRequest",
    "ResolvedFile",
    "ResolvedPackage",
    "ResolvedSet",
    "parse_provider_list",
    "provider_preferences",
    "resolve",
]
