"""RemoteZip reads a wheel's central directory from the tail of the file."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Mapping

from mach_nix.crawl.http import Response
from mach_nix.crawl.remote_zip import RemoteZip


class BytesClient:
    """Serves one in-memory file as an HTTP server serves Range requests."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def request(
        self, url: str, headers: Mapping[str, str] | None = None, ok: frozenset[int] = frozenset()
    ) -> Response:
        start, _, end = (headers or {})["Range"].removeprefix("bytes=").partition("-")
        if not start:  # a suffix range: the last N bytes
            first = max(0, len(self.data) - int(end))
            body = self.data[first:]
        else:
            first = int(start)
            body = self.data[first : int(end) + 1 if end else None]
        last = first + len(body) - 1
        return Response(url, 206, {"content-range": f"bytes {first}-{last}/{len(self.data)}"}, body)

    def get_range(self, url: str, start: int, end: int | None = None) -> bytes:
        return self.data[start:end]


def test_zip64_locator_bytes_inside_member_data_are_not_taken_for_the_locator() -> None:
    # A stored member whose bytes look like a ZIP64 locator pointing far past
    # the end of the file (a wheel on PyPI crashed the crawl this way).
    fake_locator = b"PK\x06\x07" + struct.pack("<IQI", 0, 10**12, 1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("pkg/data.bin", b"x" * 100 + fake_locator)
        z.writestr("pkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: pkg\n")
    archive = RemoteZip(BytesClient(buf.getvalue()), "https://example.invalid/pkg.whl")  # type: ignore[arg-type]
    names = [m.name for m in archive.members]
    assert names == ["pkg/data.bin", "pkg-1.0.dist-info/METADATA"]
    (meta,) = archive.find(lambda n: n.endswith("METADATA"))
    assert archive.read(meta).startswith(b"Metadata-Version: 2.1")


def test_real_zip64_archive_is_read_through_its_locator() -> None:
    # More members than the classic end record can count forces ZIP64.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for i in range(0x10000):
            z.writestr(f"m/{i}", b"")
        z.writestr("pkg-1.0.dist-info/METADATA", "Name: pkg\n")
    data = buf.getvalue()
    assert b"PK\x06\x07" in data[-100:]  # the archive really has a ZIP64 end record
    archive = RemoteZip(BytesClient(data), "https://example.invalid/pkg.whl")  # type: ignore[arg-type]
    assert len(archive.members) == 0x10001
    assert archive.members[-1].name == "pkg-1.0.dist-info/METADATA"
