"""Project pages of a simple repository: PEP 691 JSON, or PEP 503 HTML as fallback.

Returns what the crawler needs of each file: name, url, sha256, yanked,
Requires-Python, whether a PEP 658/714 metadata file is served, size and
upload time when the index tells.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from mach_nix.crawl.http import Client, HttpError
from mach_nix.errors import UserError

ACCEPT = (
    "application/vnd.pypi.simple.v1+json, "
    "application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"
)


@dataclass(frozen=True, slots=True)
class IndexFile:
    filename: str
    url: str  # without fragment
    sha256: str
    yanked: bool | str = False
    requires_python: str | None = None
    # PEP 658/714: the index serves `url + ".metadata"`.
    has_metadata: bool = False
    size: int | None = None
    upload_time: str | None = None


@dataclass(frozen=True, slots=True)
class ProjectPage:
    name: str
    files: tuple[IndexFile, ...]
    # sha256 of the page body: unchanged digest, unchanged project (incremental crawls).
    digest: str


def project_url(index_url: str, name: str) -> str:
    return urllib.parse.urljoin(
        index_url if index_url.endswith("/") else index_url + "/", f"{name}/"
    )


def _yanked(value: Any) -> bool | str:
    if isinstance(value, str):
        return value or True
    return bool(value)


def _metadata_flag(value: Any) -> bool:
    # PEP 658/714: true or a dict of hashes means served; absent/false means not.
    return bool(value)


def _from_json(obj: dict[str, Any], base: str) -> list[IndexFile]:
    out = []
    for f in obj.get("files", []):
        sha = (f.get("hashes") or {}).get("sha256")
        if not sha:
            continue  # an unhashed file can never be fetched by Nix
        out.append(
            IndexFile(
                filename=f["filename"],
                url=urllib.parse.urljoin(base, f["url"]).split("#", 1)[0],
                sha256=sha,
                yanked=_yanked(f.get("yanked", False)),
                requires_python=f.get("requires-python") or None,
                has_metadata=_metadata_flag(
                    f.get("core-metadata", f.get("data-dist-info-metadata", False))
                ),
                size=f.get("size"),
                upload_time=f.get("upload-time"),
            )
        )
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[dict[str, str | None], str]] = []
        self._attrs: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._attrs = dict(attrs)
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._attrs is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._attrs is not None:
            self.links.append((self._attrs, "".join(self._text).strip()))
            self._attrs = None


def _from_html(text: str, base: str) -> list[IndexFile]:
    parser = _Links()
    parser.feed(text)
    out = []
    for attrs, label in parser.links:
        href = attrs.get("href")
        if not href:
            continue
        url, _, fragment = urllib.parse.urljoin(base, href).partition("#")
        algo, _, digest = fragment.partition("=")
        if algo != "sha256" or not digest:
            continue
        filename = label or urllib.parse.unquote(url.rsplit("/", 1)[-1])
        meta = attrs.get("data-core-metadata", attrs.get("data-dist-info-metadata"))
        yanked = attrs.get("data-yanked")
        out.append(
            IndexFile(
                filename=filename,
                url=url,
                sha256=digest,
                yanked=False if yanked is None else (yanked or True),
                requires_python=attrs.get("data-requires-python") or None,
                has_metadata=meta is not None and meta != "false",
                upload_time=attrs.get("data-upload-time"),
            )
        )
    return out


def fetch_project(client: Client, index_url: str, name: str) -> ProjectPage | None:
    """The project page of `name`, or None when the index does not know it."""
    url = project_url(index_url, name)
    try:
        resp = client.request(url, {"Accept": ACCEPT})
    except HttpError as err:
        if err.status == 404:
            return None
        if err.status in (401, 403):
            host = urllib.parse.urlsplit(url).hostname
            raise UserError(
                f"{url}: HTTP {err.status}: the index wants credentials; add "
                f"`machine {host} login USER password TOKEN` to ~/.netrc"
            ) from None
        raise UserError(f"{url}: {err}") from None
    ctype = resp.headers.get("content-type", "")
    body = resp.body
    if "json" in ctype:
        files = _from_json(json.loads(body), resp.url)
    else:
        files = _from_html(body.decode("utf-8", "replace"), resp.url)
    return ProjectPage(name, tuple(files), hashlib.sha256(body).hexdigest())
