"""Read single members of a remote zip (a wheel) with HTTP range requests.

A wheel's METADATA or one shared library costs the central directory plus
that member's bytes, not the whole file.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mach_nix.crawl.http import Client

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_CENTRAL = b"PK\x01\x02"
TAIL = 64 * 1024


class ZipFormatError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    method: int  # 0 stored, 8 deflate
    compressed_size: int
    size: int
    header_offset: int


def _parse_central(data: bytes, count: int) -> list[Member]:
    out, pos = [], 0
    for _ in range(count):
        if data[pos : pos + 4] != _CENTRAL:
            raise ZipFormatError("bad central directory entry")
        (method, csize, usize, nlen, xlen, clen, offset) = (
            struct.unpack_from("<H", data, pos + 10)[0],
            *struct.unpack_from("<II", data, pos + 20),
            *struct.unpack_from("<HHH", data, pos + 28),
            struct.unpack_from("<I", data, pos + 42)[0],
        )
        name = data[pos + 46 : pos + 46 + nlen].decode("utf-8", "replace")
        extra = data[pos + 46 + nlen : pos + 46 + nlen + xlen]
        if 0xFFFFFFFF in (csize, usize, offset):
            usize, csize, offset = _zip64_sizes(extra, usize, csize, offset)
        out.append(Member(name, method, csize, usize, offset))
        pos += 46 + nlen + xlen + clen
    return out


def _zip64_sizes(extra: bytes, usize: int, csize: int, offset: int) -> tuple[int, int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        if tag == 1:
            fields, p = [], pos + 4
            for value in (usize, csize, offset):
                if value == 0xFFFFFFFF:
                    fields.append(struct.unpack_from("<Q", extra, p)[0])
                    p += 8
                else:
                    fields.append(value)
            return fields[0], fields[1], fields[2]
        pos += 4 + size
    return usize, csize, offset


class RemoteZip:
    def __init__(self, client: Client, url: str) -> None:
        self.client = client
        self.url = url
        self.fetched = 0  # bytes this archive downloaded (cost accounting)
        self.members = self._read_directory()

    def _read_directory(self) -> list[Member]:
        resp = self.client.request(self.url, {"Range": f"bytes=-{TAIL}"}, ok=frozenset({200, 206}))
        tail = resp.body
        self.fetched += len(tail)
        # Content-Range "bytes a-b/total" tells where the tail starts in the file.
        total = int(resp.headers.get("content-range", f"/{len(tail)}").rsplit("/", 1)[1])
        tail_start = total - len(tail)
        at = tail.rfind(_EOCD)
        if at < 0:
            raise ZipFormatError(f"{self.url}: not a zip file (no end of central directory)")
        count, cd_size, cd_offset = struct.unpack_from("<HII", tail, at + 10)
        # The ZIP64 locator, when present, sits right before the EOCD record.
        loc = at - 20
        if loc >= 0 and tail[loc : loc + 4] == _EOCD64_LOCATOR:
            eocd64_offset = struct.unpack_from("<Q", tail, loc + 8)[0]
            rec = self._slice(tail, tail_start, eocd64_offset, 56)
            if len(rec) < 56:
                raise ZipFormatError(f"{self.url}: ZIP64 end record outside the file")
            count, cd_size, cd_offset = struct.unpack_from("<QQQ", rec, 32)
        return _parse_central(self._slice(tail, tail_start, cd_offset, cd_size), count)

    def _slice(self, tail: bytes, tail_start: int, offset: int, size: int) -> bytes:
        if offset >= tail_start:
            return tail[offset - tail_start : offset - tail_start + size]
        data = self.client.get_range(self.url, offset, offset + size)
        self.fetched += len(data)
        return data

    def find(self, predicate: Callable[[str], bool]) -> list[Member]:
        return [m for m in self.members if predicate(m.name)]

    def _data_start(self, m: Member) -> int:
        head = self.client.get_range(self.url, m.header_offset, m.header_offset + 30)
        self.fetched += len(head)
        nlen, xlen = struct.unpack_from("<HH", head, 26)
        return m.header_offset + 30 + nlen + xlen

    def read(self, m: Member) -> bytes:
        # One request for local header and data: the header's variable part is
        # the name (known) plus an extra field that is rarely over a few bytes.
        slack = 30 + len(m.name.encode()) + 256
        blob = self.client.get_range(
            self.url, m.header_offset, m.header_offset + slack + m.compressed_size
        )
        self.fetched += len(blob)
        nlen, xlen = struct.unpack_from("<HH", blob, 26)
        start = 30 + nlen + xlen
        raw = blob[start : start + m.compressed_size]
        if len(raw) < m.compressed_size:
            data_at = m.header_offset + start
            raw = self.client.get_range(self.url, data_at, data_at + m.compressed_size)
            self.fetched += len(raw)
        return _inflate(raw, m.method)

    def stream(self, m: Member, chunk: int = 1 << 20) -> Iterator[bytes]:
        """The member's uncompressed bytes in chunks; stop iterating to stop downloading."""
        start = self._data_start(m)
        inflater = zlib.decompressobj(-15) if m.method == 8 else None
        remaining = m.compressed_size
        for data in self.client.stream(self.url, start, chunk):
            data = data[:remaining]
            remaining -= len(data)
            self.fetched += len(data)
            yield inflater.decompress(data) if inflater else data
            if remaining <= 0:
                return


def _inflate(raw: bytes, method: int) -> bytes:
    if method == 0:
        return raw
    if method == 8:
        return zlib.decompress(raw, -15)
    raise ZipFormatError(f"unsupported zip compression method {method}")


class _Sequential:
    """Forward-only reads over a chunk stream (skip without keeping)."""

    def __init__(self, chunks: Iterator[bytes], pos: int) -> None:
        self._chunks = chunks
        self._buf = b""
        self.pos = pos  # absolute offset of the next unread byte

    def _fill(self) -> bool:
        chunk = next(self._chunks, b"")
        self._buf += chunk
        return bool(chunk)

    def read(self, n: int) -> bytes:
        while len(self._buf) < n and self._fill():
            pass
        out, self._buf = self._buf[:n], self._buf[n:]
        self.pos += len(out)
        return out

    def skip_to(self, offset: int) -> None:
        while self.pos < offset:
            if not self._buf and not self._fill():
                return
            n = min(len(self._buf), offset - self.pos)
            self._buf = self._buf[n:]
            self.pos += n

    def chunks_until(self, end: int, chunk: int) -> Iterator[bytes]:
        while self.pos < end:
            data = self.read(min(chunk, end - self.pos))
            if not data:
                return
            yield data


def scan_members(
    archive: RemoteZip, members: list[Member], chunk: int = 1 << 20
) -> Iterator[tuple[Member, Iterator[bytes]]]:
    """Each member's uncompressed bytes, from ONE streamed request in file order.

    Per-member requests cost a round trip each (hundreds for big wheels); one
    stream from the first wanted member costs only bandwidth. A consumer may
    stop reading a member early: the rest of it is skipped, not inflated.
    """
    ordered = sorted(members, key=lambda m: m.header_offset)
    if not ordered:
        return
    start = ordered[0].header_offset
    stream = _Sequential(archive.client.stream(archive.url, start, chunk), start)
    try:
        for m in ordered:
            stream.skip_to(m.header_offset)
            head = stream.read(30)
            if len(head) < 30:
                return
            nlen, xlen = struct.unpack_from("<HH", head, 26)
            stream.read(nlen + xlen)
            end = stream.pos + m.compressed_size
            raw = stream.chunks_until(end, chunk)
            if m.method == 8:
                inflater = zlib.decompressobj(-15)
                yield m, (inflater.decompress(c) for c in raw)
            else:
                yield m, raw
            stream.skip_to(end)
    finally:
        archive.fetched += stream.pos - start
        close = getattr(stream._chunks, "close", None)
        if close:
            close()
