"""Reading a JSON input file: every way it can fail is one UserError naming the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mach_nix.errors import UserError


def read_json_file(path: Path, what: str) -> Any:
    """The parsed content of `path`; `what` names the file in messages ("nixpkgs index")."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{what} {path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise UserError(f"cannot read {what} {path}: {err}") from None
