"""An sdist's PKG-INFO and pyproject.toml, read without downloading the whole archive.

tar.gz is streamed and abandoned once both files were seen (they sit near the
start in archives made by build/setuptools/hatch/flit/maturin); zip sdists use
range requests.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass

from mach_nix.crawl.http import Client
from mach_nix.crawl.remote_zip import RemoteZip

WANTED = ("PKG-INFO", "pyproject.toml")
# Stop reading a tarball after this many compressed bytes: the files were not near the start.
STREAM_CAP = 4 << 20


@dataclass(frozen=True, slots=True)
class SdistHead:
    pkg_info: bytes | None
    pyproject: bytes | None
    # The archive was read to its end (or both files were found): a file not
    # found is absent. False: the stream cap or a read error came first, so
    # it may just lie further on (meson and git-archive sdists put
    # pyproject.toml after the source tree).
    complete: bool = True


class _ChunkReader(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes], cap: int) -> None:
        self._chunks = chunks
        self._buf = b""
        self._left = cap
        self.capped = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buf:
            if self._left <= 0:
                self.capped = True
                return 0
            chunk = next(self._chunks, b"")
            if not chunk:
                return 0
            self._left -= len(chunk)
            self._buf = chunk
        n = min(len(target), len(self._buf))
        target[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _top_level(path: str) -> str | None:
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) == 2 else None


def read_sdist_head(client: Client, url: str, filename: str) -> SdistHead:
    found: dict[str, bytes] = {}
    if filename.endswith(".zip"):
        archive = RemoteZip(client, url)
        for member in archive.find(lambda n: _top_level(n) in WANTED):
            found[_top_level(member.name) or ""] = archive.read(member)
        return SdistHead(found.get("PKG-INFO"), found.get("pyproject.toml"))
    chunks = client.stream(url, chunk=256 * 1024)
    reader = _ChunkReader(chunks, STREAM_CAP)
    complete = False
    try:
        raw = io.BufferedReader(reader, 256 * 1024)
        with tarfile.open(fileobj=raw, mode="r|*") as tar:
            for entry in tar:
                key = _top_level(entry.name)
                if key in WANTED and key not in found and entry.isfile():
                    handle = tar.extractfile(entry)
                    if handle is not None:
                        found[key] = handle.read()
                if len(found) == len(WANTED):
                    break
        complete = not reader.capped
    except (tarfile.TarError, EOFError, OSError):
        pass  # a truncated or odd archive: report what was found
    finally:
        close = getattr(chunks, "close", None)
        if close:
            close()
    return SdistHead(found.get("PKG-INFO"), found.get("pyproject.toml"), complete)
