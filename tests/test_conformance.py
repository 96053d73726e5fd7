"""Every packse scenario, one test per file.

Scenarios come from $PACKSE_DIR when set, else ../shared/conformance/packse
relative to the repository root: other scenario sets run the same way, so a
failure here is a resolver bug to fix in general, never a case to special-case.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mach_nix.errors import ResolutionError, UserError
from mach_nix.index.packse import load_scenario
from mach_nix.requirements import parse_requirement_text
from mach_nix.resolver import ResolveRequest, resolve

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = Path(os.environ.get("PACKSE_DIR") or REPO.parent / "shared" / "conformance" / "packse")
FILES = sorted(SCENARIOS.rglob("*.toml")) if SCENARIOS.is_dir() else []


@pytest.mark.skipif(not FILES, reason=f"no packse scenarios under {SCENARIOS}")
@pytest.mark.parametrize(
    "path", FILES, ids=[str(p.relative_to(SCENARIOS)) for p in FILES] if FILES else []
)
def test_scenario(path: Path) -> None:
    scenario = load_scenario(path)
    if scenario.universal:
        pytest.xfail("universal (multi-platform) resolution: a Nix target is one platform")
    try:
        target = scenario.target()
    except UserError as err:  # e.g. a Windows python_platform
        pytest.xfail(f"not a Nix target: {err}")
    requirements = [
        parse_requirement_text(text, f"[root].requires[{i}]")
        for i, text in enumerate(scenario.root_requires)
    ]
    request = ResolveRequest(
        requirements=requirements,
        target=target,
        index=scenario.index,
        providers=scenario.providers(),
        allow_prereleases=scenario.prereleases,
    )
    if scenario.satisfiable:
        resolved = resolve(request)
        versions = resolved.versions()
        for name, version in scenario.expected.items():
            assert versions.get(name) == version, (
                f"{name}: expected {version}, got {versions.get(name)}; {scenario.explanation}"
            )
        # The set is closed: every dependency is itself resolved.
        for package in resolved.packages.values():
            assert set(package.dependencies) <= set(resolved.packages)
        # Every top-level requirement is installed (unless its marker excludes it).
        for req in requirements:
            marker = req.requirement.marker
            if marker is None or marker.evaluate(target.marker_environment):
                assert req.name in versions
        return
    with pytest.raises(ResolutionError) as caught:
        resolve(request)
    message = str(caught.value)
    assert "Traceback" not in message
    # The explanation names a top-level requirement of the conflict, as written
    # and with its origin, at the head of a chain.
    assert any(req.describe() in message for req in requirements), message
