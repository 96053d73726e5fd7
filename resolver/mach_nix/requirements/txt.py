"""requirements.txt as pip reads it.

Supported: comments, backslash continuation lines, `-r`/`--requirement` and
`-c`/`--constraint` includes (relative to the including file), PEP 508 lines
with extras, specifiers and markers, per-line `--hash` options (recorded),
`--pre` (honoured, as pip does), and pip's other global options (accepted
and ignored: the index is mach-nix's database).
Rejected with a message naming file:line: direct references (`name @ url`,
bare URLs and paths), editable installs, unknown options.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mach_nix.errors import UserError
from mach_nix.requirements.model import RequirementSet, UserRequirement, parse_requirement_text

# pip strips a comment at the start of a line or after whitespace.
_COMMENT = re.compile(r"(^|\s+)#.*$")

_INCLUDE_OPTIONS = {
    "-r": "requirement",
    "--requirement": "requirement",
    "-c": "constraint",
    "--constraint": "constraint",
}
# Options that take a value and are irrelevant to an offline resolution.
_IGNORED_WITH_VALUE = {
    "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--no-binary",
    "--only-binary", "--trusted-host", "--use-feature", "--progress-bar",
}  # fmt: skip
_FLAGS = {"--pre", "--prefer-binary", "--no-index", "--require-hashes"}
# Per-requirement options pip accepts after a requirement on the same line.
_LINE_OPTIONS = {"--hash", "--global-option", "--config-settings", "-C", "--install-option"}
_KNOWN = {*_INCLUDE_OPTIONS, *_IGNORED_WITH_VALUE, *_FLAGS, *_LINE_OPTIONS}


@dataclass(frozen=True)
class _Line:
    path: str  # as shown to the user
    number: int  # first physical line of a logical line
    text: str

    @property
    def origin(self) -> str:
        return f"{self.path}:{self.number}"


def _logical_lines(path: str, content: str) -> Iterator[_Line]:
    """Join continuation lines and strip comments, keeping the first line number."""
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(content.splitlines(), start=1):
        if not buffer:
            start = number
        if raw.endswith("\\") and not _COMMENT.search(raw):
            buffer.append(raw[:-1])
            continue
        buffer.append(raw)
        text = _COMMENT.sub("", "".join(buffer)).strip()
        buffer = []
        if text:
            yield _Line(path, start, text)
    if buffer:
        text = _COMMENT.sub("", "".join(buffer)).strip()
        if text:
            yield _Line(path, start, text)


def _split_option(token: str, rest: list[str], line: _Line) -> tuple[str, str | None]:
    """`--opt=value`, `--opt value` or `-rvalue` -> (option, value)."""
    attached: str | None = None
    if token.startswith("--"):
        option, eq, value = token.partition("=")
        attached = value if eq else None
    else:
        option = token[:2]
        attached = token[2:].lstrip("=") if len(token) > 2 else None
    if option not in _KNOWN:
        raise UserError(f"{line.origin}: unknown option {option}: {line.text!r}")
    if option in _FLAGS:
        if attached is not None:
            raise UserError(f"{line.origin}: option {option} takes no value: {line.text!r}")
        return option, None
    if attached is not None:
        return option, attached
    if not rest:
        raise UserError(f"{line.origin}: option {option} needs a value: {line.text!r}")
    return option, rest.pop(0)


class _Reader:
    def __init__(self) -> None:
        self.requirements: list[UserRequirement] = []
        self.constraints: list[UserRequirement] = []
        self.hashes: dict[str, tuple[str, ...]] = {}
        self.prereleases = False
        self._stack: list[Path] = []

    def read_file(self, path: Path, shown: str, as_constraint: bool, origin: str) -> None:
        resolved = path.resolve()
        if resolved in self._stack:
            raise UserError(f"{origin}: {shown} includes itself (through -r/-c)")
        try:
            # utf-8-sig: editors on Windows start files with a byte-order mark (pip skips it too).
            content = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise UserError(f"{origin}: requirements file {shown} does not exist") from None
        except (OSError, UnicodeDecodeError) as err:
            raise UserError(f"{origin}: cannot read requirements file {shown}: {err}") from None
        self._stack.append(resolved)
        try:
            self.read_text(content, shown, path.parent, as_constraint)
        finally:
            self._stack.pop()

    def read_text(self, content: str, shown: str, base: Path, as_constraint: bool) -> None:
        for line in _logical_lines(shown, content):
            self._read_line(line, base, as_constraint)

    def _read_line(self, line: _Line, base: Path, as_constraint: bool) -> None:
        tokens = line.text.split()
        if tokens[0].startswith("-"):
            self._read_options(tokens, line, base, as_constraint)
            return
        # The requirement runs up to the first per-line option (as in pip).
        cut = next((i for i, t in enumerate(tokens) if t.startswith("-")), len(tokens))
        text = " ".join(tokens[:cut])
        if ("://" in text and " @ " not in text) or text.startswith((".", "/")):
            raise UserError(
                f"{line.origin}: {text!r} is a URL or path; mach-nix resolves names from "
                "its database only: require the project by name and version instead"
            )
        req = parse_requirement_text(text, line.origin)
        hashes = self._line_options(tokens[cut:], line)
        (self.constraints if as_constraint else self.requirements).append(req)
        if hashes:
            self.hashes[req.name] = self.hashes.get(req.name, ()) + hashes

    def _line_options(self, tokens: list[str], line: _Line) -> tuple[str, ...]:
        hashes: list[str] = []
        rest = list(tokens)
        while rest:
            option, value = _split_option(rest.pop(0), rest, line)
            if option not in _LINE_OPTIONS:
                raise UserError(
                    f"{line.origin}: option {option} is not allowed after a requirement: "
                    f"{line.text!r}"
                )
            if option == "--hash":
                algorithm, sep, digest = (value or "").partition(":")
                if not sep or not digest:
                    raise UserError(f"{line.origin}: --hash needs algorithm:digest, got {value!r}")
                hashes.append(f"{algorithm}:{digest}")
        return tuple(hashes)

    def _read_options(self, tokens: list[str], line: _Line, base: Path, constraint: bool) -> None:
        rest = list(tokens)
        while rest:
            token = rest.pop(0)
            if token.startswith("-e") or token.split("=", 1)[0] == "--editable":
                raise UserError(
                    f"{line.origin}: editable installs are not supported: {line.text!r}; "
                    "build local projects with the Nix library's buildPythonPackage"
                )
            option, value = _split_option(token, rest, line)
            kind = _INCLUDE_OPTIONS.get(option)
            # pip honours --pre in a requirements file: so do we (the rest of
            # the global options concern indexes and downloads).
            self.prereleases = self.prereleases or option == "--pre"
            if option in _LINE_OPTIONS:
                raise UserError(f"{line.origin}: option {option} needs a requirement before it")
            if kind is not None and value is not None:
                target = base / value
                shown = str(Path(line.path).parent / value) if line.path else value
                # Constraints stay constraints through nested -r includes (as in pip).
                self.read_file(target, shown, constraint or kind == "constraint", line.origin)

    def result(self) -> RequirementSet:
        return RequirementSet(
            tuple(self.requirements), tuple(self.constraints), self.hashes, self.prereleases
        )


def read_requirements_file(path: str | Path, *, constraints: bool = False) -> RequirementSet:
    """Read a requirements (or, with constraints=True, a constraints) file."""
    reader = _Reader()
    path = Path(path)
    reader.read_file(path, str(path), constraints, "-c" if constraints else "-r")
    return reader.result()


def read_requirements_text(
    text: str, *, origin: str = "<requirements>", base: Path | None = None
) -> RequirementSet:
    """Read requirements.txt content given inline; includes resolve against base."""
    reader = _Reader()
    reader.read_text(text, origin, base or Path.cwd(), False)
    return reader.result()
