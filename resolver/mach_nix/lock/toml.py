"""A small TOML writer for plain data (str, int, bool, lists, tables).

Enough for pylock.toml: deterministic output in insertion order, tables as
`[a.b]` sections, lists of tables as `[[a.b]]`, everything else inline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _key(key: str) -> str:
    return key if _BARE.match(key) else _string(key)


def _string(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _is_small_table(value: Any) -> bool:
    """Written inline (`hashes = { sha256 = "..." }`): a few scalar entries."""
    return (
        isinstance(value, Mapping)
        and 0 < len(value) <= 3
        and all(isinstance(v, (str, int, bool)) for v in value.values())
    )


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _inline(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        items = ", ".join(f"{_key(k)} = {_inline(v, f'{where}.{k}')}" for k, v in value.items())
        return "{" + (f" {items} " if items else "") + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_inline(v, where) for v in value) + "]"
    raise TypeError(f"{where}: cannot write {type(value).__name__} as TOML")


def _table(table: Mapping[str, Any], path: list[str], out: list[str]) -> None:
    nested: list[tuple[str, Any]] = []
    for key, value in table.items():
        if value is None:
            raise TypeError(f"{'.'.join([*path, key])}: TOML has no null")
        if (isinstance(value, Mapping) and not _is_small_table(value)) or _is_table_list(value):
            nested.append((key, value))
        else:
            out.append(f"{_key(key)} = {_inline(value, key)}")
    for key, value in nested:
        sub = [*path, key]
        header = ".".join(_key(k) for k in sub)
        if isinstance(value, Mapping):
            # A table holding only tables needs no header of its own (TOML
            # defines the super-table implicitly).
            only_tables = value and all(
                (isinstance(v, Mapping) and not _is_small_table(v)) or _is_table_list(v)
                for v in value.values()
            )
            if not only_tables:
                out.extend(["", f"[{header}]"])
            _table(value, sub, out)
        else:
            for item in value:
                out.extend(["", f"[[{header}]]"])
                _table(item, sub, out)


def dumps(data: Mapping[str, Any]) -> str:
    out: list[str] = []
    _table(data, [], out)
    return "\n".join(out).lstrip("\n") + "\n"
