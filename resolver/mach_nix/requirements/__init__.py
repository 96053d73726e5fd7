"""User requirements in: requirements.txt (as pip reads it) and pyproject.toml.

Both parsers return `UserRequirement`s that remember where they came from, so
every later message (parse errors, conflicts) can name the file and line.
"""

from mach_nix.requirements.model import RequirementSet, UserRequirement, parse_requirement_text
from mach_nix.requirements.pyproject import read_pyproject
from mach_nix.requirements.txt import read_requirements_file, read_requirements_text

__all__ = [
    "RequirementSet",
    "UserRequirement",
    "parse_requirement_text",
    "read_pyproject",
    "read_requirements_file",
    "read_requirements_text",
]
