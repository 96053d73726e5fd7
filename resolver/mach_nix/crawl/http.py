"""A small HTTP client for crawling: keep-alive per thread, retries, netrc, ranges.

Only the stdlib: the crawler runs where mach-nix is installed, and a few
thousand small requests need connection reuse far more than features.
"""

from __future__ import annotations

import base64
import http.client
import netrc
import random
import ssl
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from mach_nix.errors import UserError

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "mach-nix-crawler/4"


class HttpError(Exception):
    def __init__(self, url: str, status: int, reason: str, retry_after: str | None = None) -> None:
        super().__init__(f"{url}: HTTP {status} {reason}")
        self.url = url
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes


def _netrc_auth(host: str) -> str | None:
    try:
        entry = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    if not entry:
        return None
    login, _, password = entry
    token = base64.b64encode(f"{login}:{password or ''}".encode()).decode()
    return f"Basic {token}"


class Client:
    """Thread-safe: each thread keeps its own connection per host."""

    def __init__(self, retries: int = 5, timeout: float = 60.0, backoff: float = 0.5) -> None:
        self.retries = retries
        self.timeout = timeout
        self.backoff = backoff
        self._local = threading.local()
        self._auth: dict[str, str | None] = {}
        self._ssl = ssl.create_default_context()
        self.lock = threading.Lock()
        self._cancelled = threading.Event()
        self.requests = 0
        self.bytes = 0

    def cancel(self) -> None:
        """Make every request and stream in flight fail fast (Ctrl-C)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _check(self) -> None:
        if self._cancelled.is_set():
            raise UserError("crawl cancelled")

    def _conn(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        pool: dict[tuple[str, str], http.client.HTTPConnection] = self._local.__dict__.setdefault(
            "pool", {}
        )
        key = (scheme, netloc)
        conn = pool.get(key)
        if conn is None:
            if scheme == "https":
                conn = http.client.HTTPSConnection(netloc, timeout=self.timeout, context=self._ssl)
            else:
                conn = http.client.HTTPConnection(netloc, timeout=self.timeout)
            pool[key] = conn
        return conn

    def _drop(self, scheme: str, netloc: str) -> None:
        pool = self._local.__dict__.get("pool", {})
        conn = pool.pop((scheme, netloc), None)
        if conn is not None:
            conn.close()

    def _headers(self, host: str, extra: Mapping[str, str]) -> dict[str, str]:
        if host not in self._auth:
            self._auth[host] = _netrc_auth(host)
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **extra}
        auth = self._auth[host]
        if auth:
            headers["Authorization"] = auth
        return headers

    def _sleep(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * (2**attempt) * (1 + random.random() / 2)
        if retry_after and retry_after.isdigit():
            delay = max(delay, min(float(retry_after), 60.0))
        time.sleep(delay)

    def request(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        ok: frozenset[int] = frozenset({200}),
    ) -> Response:
        """GET `url`, retrying 429/5xx, time-outs, resets and short bodies."""
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            self._check()
            if attempt:
                self._sleep(attempt - 1, getattr(last, "retry_after", None))
            parts = urllib.parse.urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            try:
                conn = self._conn(parts.scheme, parts.netloc)
                conn.request(
                    "GET", path or "/", headers=self._headers(parts.hostname or "", headers or {})
                )
                resp = conn.getresponse()
                body = resp.read()
                length = resp.getheader("Content-Length")
                if length is not None and length.isdigit() and int(length) != len(body):
                    raise http.client.IncompleteRead(body, int(length) - len(body))
            except (OSError, http.client.HTTPException) as err:
                self._drop(parts.scheme, parts.netloc)
                last = err
                continue
            with self.lock:
                self.requests += 1
                self.bytes += len(body)
            if resp.will_close:
                self._drop(parts.scheme, parts.netloc)
            if resp.status in (301, 302, 303, 307, 308) and resp.getheader("Location"):
                url = urllib.parse.urljoin(url, resp.getheader("Location") or "")
                continue
            if resp.status in RETRY_STATUS:
                last = HttpError(url, resp.status, resp.reason, resp.getheader("Retry-After"))
                continue
            if resp.status not in ok:
                raise HttpError(url, resp.status, resp.reason)
            return Response(url, resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
        raise UserError(f"{url}: giving up after {self.retries + 1} attempts ({last})")

    def get_range(self, url: str, start: int, end: int | None = None) -> bytes:
        """Bytes [start, end) of `url` (end None: to the end; start < 0: the last -start)."""
        spec = f"bytes={start}-" if start < 0 or end is None else f"bytes={start}-{end - 1}"
        if start < 0:
            spec = f"bytes={start}"
        resp = self.request(url, {"Range": spec}, ok=frozenset({200, 206}))
        if resp.status == 200:  # the server ignored the range: cut it here
            body = resp.body
            return body[start:] if start < 0 else body[start:end]
        return resp.body

    def stream(self, url: str, start: int = 0, chunk: int = 1 << 20) -> Iterator[bytes]:
        """Yield the body of `url` from byte `start` in chunks, without keeping it.

        Uses a fresh connection: an abandoned stream cannot be reused.
        """
        parts = urllib.parse.urlsplit(url)
        for attempt in range(self.retries + 1):
            if parts.scheme == "https":
                conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                    parts.netloc, timeout=self.timeout, context=self._ssl
                )
            else:
                conn = http.client.HTTPConnection(parts.netloc, timeout=self.timeout)
            extra = {"Range": f"bytes={start}-"} if start else {}
            try:
                conn.request("GET", parts.path, headers=self._headers(parts.hostname or "", extra))
                resp = conn.getresponse()
                if resp.status in RETRY_STATUS:
                    conn.close()
                    self._sleep(attempt, resp.getheader("Retry-After"))
                    continue
                if resp.status not in (200, 206):
                    raise HttpError(url, resp.status, resp.reason)
                with self.lock:
                    self.requests += 1
                while True:
                    self._check()
                    data = resp.read(chunk)
                    if not data:
                        return
                    with self.lock:
                        self.bytes += len(data)
                    # A retry after a broken connection resumes where this left off.
                    start += len(data)
                    yield data
            except (OSError, http.client.HTTPException) as err:
                if attempt == self.retries:
                    raise UserError(f"{url}: download failed ({err})") from None
                self._sleep(attempt, None)
            finally:
                conn.close()
        raise UserError(f"{url}: giving up after {self.retries + 1} attempts")
