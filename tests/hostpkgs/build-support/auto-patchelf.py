"""hostpkgs' auto-patchelf: sets the ELF interpreter and replaces the RPATH of every
dynamic ELF file under the given paths with the directories that satisfy its
DT_NEEDED entries, as nixpkgs' pkgs/build-support/setup-hooks/auto-patchelf.py does.
Runs under the host's /usr/bin/python3 and drives the host's patchelf."""

from __future__ import annotations

import argparse
import fnmatch
import os
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ET_EXEC, ET_DYN = 2, 3
PT_DYNAMIC, PT_INTERP = 2, 3


@dataclass(frozen=True)
class ElfInfo:
    machine: int
    elf_class: int
    is_dynamic: bool
    has_interpreter: bool


def read_elf(path: Path) -> ElfInfo | None:
    """The header facts auto-patchelf needs, or None for non-ELF/static/odd files."""
    try:
        with path.open("rb") as f:
            ident = f.read(16)
            if len(ident) < 16 or ident[:4] != b"\x7fELF":
                return None
            elf_class, data = ident[4], ident[5]
            end = "<" if data == 1 else ">"
            if elf_class == 2:
                hdr = f.read(48)
                e_type, e_machine, _, _, e_phoff, _, _, _, e_phentsize, e_phnum = struct.unpack(
                    end + "HHIQQQIHHH", hdr[:42]
                )
            elif elf_class == 1:
                hdr = f.read(36)
                e_type, e_machine, _, _, e_phoff, _, _, _, e_phentsize, e_phnum = struct.unpack(
                    end + "HHIIIIIHHH", hdr[:30]
                )
            else:
                return None
            if e_type not in (ET_EXEC, ET_DYN) or e_phnum == 0:
                return None
            types = []
            for i in range(e_phnum):
                f.seek(e_phoff + i * e_phentsize)
                (p_type,) = struct.unpack(end + "I", f.read(4))
                types.append(p_type)
    except OSError:
        return None
    return ElfInfo(e_machine, elf_class, PT_DYNAMIC in types, PT_INTERP in types)


def patchelf(*args: str) -> str:
    return subprocess.run(
        ["patchelf", *args], check=True, capture_output=True, text=True
    ).stdout.strip()


@dataclass
class Index:
    """soname -> directory, first registration wins (patched files come first)."""

    libs: dict[tuple[str, int, int], Path] = field(default_factory=dict)

    def add_file(self, path: Path, info: ElfInfo) -> None:
        self.libs.setdefault((path.name, info.machine, info.elf_class), path.parent)

    def add_dir(self, directory: Path, recurse: bool) -> None:
        if not directory.is_dir():
            return
        entries = directory.rglob("*") if recurse else directory.iterdir()
        for entry in sorted(entries):
            if ".so" in entry.name and entry.is_file():
                info = read_elf(entry)
                if info is not None:
                    self.add_file(entry, info)


def elf_files(roots: list[Path]) -> list[tuple[Path, ElfInfo]]:
    found = []
    for root in roots:
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*"))
        for path in candidates:
            if path.is_symlink() or not path.is_file():
                continue
            info = read_elf(path)
            if info is not None and info.is_dynamic:
                found.append((path, info))
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paths", nargs="*", default=[])
    parser.add_argument("--libs", nargs="*", default=[])
    parser.add_argument("--no-recurse-libs", nargs="*", default=[])
    parser.add_argument("--runtime-dependencies", nargs="*", default=[])
    parser.add_argument("--append-rpaths", nargs="*", default=[])
    parser.add_argument("--ignore-missing", nargs="*", default=[])
    parser.add_argument("--libc-dirs", nargs="*", default=[])
    parser.add_argument("--interpreter", required=True)
    parser.add_argument("--keep-libc", action="store_true")
    args = parser.parse_args()

    reference = read_elf(Path(args.interpreter).resolve())
    files = [
        (p, i)
        for p, i in elf_files([Path(p) for p in args.paths])
        if reference is None or (i.machine, i.elf_class) == (reference.machine, reference.elf_class)
    ]

    index = Index()
    for path, info in files:
        if ".so" in path.name:
            index.add_file(path, info)
    for path, _ in files:
        for entry in patchelf("--print-rpath", str(path)).split(":"):
            if entry and not entry.startswith("$ORIGIN"):
                index.add_dir(Path(entry), recurse=False)
    for directory in args.libs:
        index.add_dir(Path(directory), recurse=True)
    for directory in args.no_recurse_libs:
        index.add_dir(Path(directory), recurse=False)
    libc = Index()
    for directory in args.libc_dirs:
        libc.add_dir(Path(directory), recurse=False)

    errors = []
    for path, info in files:
        rpath: list[str] = []
        if info.has_interpreter:
            print(f"setting interpreter of {path}")
            patchelf("--set-interpreter", args.interpreter, str(path))
            rpath += [f"{d}/lib" for d in args.runtime_dependencies]
        print(f"searching for dependencies of {path}")
        for soname in patchelf("--print-needed", str(path)).split():
            key = (soname, info.machine, info.elf_class)
            if key in index.libs:
                directory = str(index.libs[key])
                print(f"    {soname} -> found: {directory}")
                if directory not in rpath:
                    rpath.append(directory)
            elif key in libc.libs:
                print(f"    {soname} -> found: {libc.libs[key]} (libc)")
                if args.keep_libc and str(libc.libs[key]) not in rpath:
                    rpath.append(str(libc.libs[key]))
            elif any(fnmatch.fnmatch(soname, glob) for glob in args.ignore_missing):
                print(f"warning: auto-patchelf ignoring missing {soname} wanted by {path}")
            else:
                errors.append(
                    f"error: auto-patchelf could not satisfy dependency {soname} wanted by {path}"
                )
        rpath += [r for r in args.append_rpaths if r not in rpath]
        if rpath:
            print(f"setting RPATH to: {':'.join(rpath)}")
            patchelf("--set-rpath", ":".join(rpath), str(path))

    if errors:
        for line in errors:
            print(line, file=sys.stderr)
        print(
            "auto-patchelf failed to find all the required dependencies.\n"
            "Add the missing dependencies to --libs or use "
            '`--ignore-missing="foo.so.1 bar.so etc.so"`.',
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    os.environ.setdefault("LC_ALL", "C")
    sys.exit(main())
