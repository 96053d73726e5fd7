"""DT_NEEDED of an ELF file read as a stream, stopping at the dynamic segment.

The program headers (at the start) say where PT_DYNAMIC lives; its entries
give the DT_NEEDED string offsets into DT_STRTAB, which linkers place in the
first, read-only segment. So the reader keeps the first KEEP bytes, skips
(without storing) everything up to the dynamic segment, and stops there: a
1 GB library costs the download up to its .dynamic, never disk or memory.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator

ELF_MAGIC = b"\x7fELF"
PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_NEEDED, DT_STRTAB, DT_STRSZ = 0, 1, 5, 10
KEEP = 64 << 20


class _Stream:
    """Absolute-offset reads from a forward-only byte stream, with a kept prefix."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self.prefix = bytearray()
        self._cur = b""  # the last chunk read
        self._cur_start = 0  # its absolute offset
        self._consumed = 0

    def _pull(self) -> bool:
        chunk = next(self._chunks, b"")
        if not chunk:
            return False
        if len(self.prefix) < KEEP:
            self.prefix += chunk[: KEEP - len(self.prefix)]
        self._cur, self._cur_start = chunk, self._consumed
        self._consumed += len(chunk)
        return True

    def head(self, end: int) -> bytes | None:
        while len(self.prefix) < min(end, KEEP) and self._pull():
            pass
        return bytes(self.prefix[:end]) if len(self.prefix) >= end else None

    def read_at(self, offset: int, size: int) -> bytes | None:
        """Bytes [offset, offset+size), reading forward; None if the stream ends first."""
        stop = offset + size
        if stop <= len(self.prefix):
            return bytes(self.prefix[offset:stop])
        out = bytearray()
        while True:
            lo = max(offset + len(out), self._cur_start)
            hi = min(stop, self._cur_start + len(self._cur))
            if hi > lo and lo == offset + len(out):
                out += self._cur[lo - self._cur_start : hi - self._cur_start]
            if len(out) == size:
                return bytes(out)
            if not self._pull():
                return None


def _needed_names(
    dyn: bytes,
    fmt: str,
    strtab_at: Callable[[int], int | None],
    read: Callable[[int, int], bytes | None],
) -> tuple[str, ...] | None:
    size = struct.calcsize(fmt)
    needed: list[int] = []
    strtab = strsz = None
    for pos in range(0, len(dyn) - size + 1, size):
        tag, val = struct.unpack_from(fmt, dyn, pos)
        if tag == DT_NULL:
            break
        if tag == DT_NEEDED:
            needed.append(val)
        elif tag == DT_STRTAB:
            strtab = val
        elif tag == DT_STRSZ:
            strsz = val
    if not needed:
        return ()
    if strtab is None or strsz is None:
        return None
    offset = strtab_at(strtab)
    if offset is None:
        return None
    table = read(offset, strsz)
    if table is None:
        return None
    return tuple(table[i : table.index(b"\0", i)].decode("utf-8", "replace") for i in needed)


def needed_sonames(
    chunks: Iterator[bytes], reopen: Callable[[], Iterator[bytes]]
) -> tuple[str, ...] | None:
    """DT_NEEDED entries, () for an ELF file with none, None if not ELF or unreadable.

    `reopen` restarts the stream: used only when the string table lies beyond
    the kept prefix (unusual linkers), for a second, partial pass.
    """
    stream = _Stream(chunks)
    ident = stream.head(64)
    if ident is None or ident[:4] != ELF_MAGIC:
        return None
    is64, little = ident[4] == 2, ident[5] == 1
    end = "<" if little else ">"
    if is64:
        (phoff,) = struct.unpack_from(end + "Q", ident, 32)
        phentsize, phnum = struct.unpack_from(end + "HH", ident, 54)
        ph_fmt, dyn_fmt = end + "IIQQQQQQ", end + "qQ"
    else:
        (phoff,) = struct.unpack_from(end + "I", ident, 28)
        phentsize, phnum = struct.unpack_from(end + "HH", ident, 42)
        ph_fmt, dyn_fmt = end + "IIIIIIII", end + "iI"
    table = stream.head(phoff + phentsize * phnum)
    if table is None:
        return None
    loads: list[tuple[int, int, int]] = []  # (vaddr, offset, filesz)
    dynamic: tuple[int, int] | None = None
    for i in range(phnum):
        fields = struct.unpack_from(ph_fmt, table, phoff + i * phentsize)
        if is64:
            p_type, _, p_offset, p_vaddr, _, p_filesz = fields[:6]
        else:
            p_type, p_offset, p_vaddr, _, p_filesz = fields[:5]
        if p_type == PT_LOAD:
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == PT_DYNAMIC:
            dynamic = (p_offset, p_filesz)
    if dynamic is None:
        return ()  # statically linked
    dyn = stream.read_at(*dynamic)
    if dyn is None:
        return None

    def strtab_at(vaddr: int) -> int | None:
        for p_vaddr, p_offset, p_filesz in loads:
            if p_vaddr <= vaddr < p_vaddr + p_filesz:
                return vaddr - p_vaddr + p_offset
        return None

    def read(offset: int, size: int) -> bytes | None:
        if offset + size <= len(stream.prefix):
            return bytes(stream.prefix[offset : offset + size])
        return _Stream(reopen()).read_at(offset, size)

    return _needed_names(dyn, dyn_fmt, strtab_at, read)
