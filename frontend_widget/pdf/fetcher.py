"""What the PDF renderer may read: this site's own static and media files, and nothing else.

WeasyPrint fetches every stylesheet, font and image a document names, over the network if the
address says so. The report's PDF must make no request to another server (nor to this one: a
render in a worker has no request to go through), so this fetcher answers from the files
themselves: an address under STATIC_URL from the collected static files (or the apps' static
folders before collectstatic), one under MEDIA_URL from the default storage. Any other address
(another host, `file:`, `data:`, a path that climbs out with `..`) is refused, and WeasyPrint
leaves that resource out.

The site's fonts are WOFF2 (for browsers). WeasyPrint unpacks a WOFF2 font on every render, in
Python, about half a second a font: the fetcher hands it each font unpacked once per process.
"""

from __future__ import annotations

import functools
import io
import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from fontTools.ttLib import woff2
from weasyprint.urls import URLFetcher, URLFetcherResponse


class Refused(ValueError):
    """An address that is not one of the site's own static or media files."""


def _prefixes(setting_url: str, site_root: str) -> list[str]:
    """The absolute forms an address under STATIC_URL or MEDIA_URL can take in the document."""
    if not setting_url:
        return []
    if urlsplit(setting_url).scheme:
        return [setting_url]
    return [site_root.rstrip("/") + "/" + setting_url.lstrip("/")]


def _relative(url: str, prefixes: list[str]) -> str | None:
    for prefix in prefixes:
        if url.startswith(prefix):
            path = unquote(urlsplit(url[len(prefix) :]).path)
            clean = posixpath.normpath(path)
            if clean.startswith(("/", "..")) or clean in ("", ".") or "\\" in clean or "\x00" in clean:
                raise Refused(f"Not a file of this site: {url}")
            return clean
    return None


def _open_static(path: str):
    if staticfiles_storage.exists(path):
        return staticfiles_storage.open(path)
    found = finders.find(path)  # before collectstatic (development, tests)
    if not found:
        raise Refused(f"No such static file: {path}")
    return open(found, "rb")


@functools.lru_cache(maxsize=16)
def _unpacked(packed: bytes) -> bytes:
    """A WOFF2 font as the TrueType/OpenType font it packs, once per content (a changed file is new)."""
    out = io.BytesIO()
    woff2.decompress(io.BytesIO(packed), out)
    return out.getvalue()


def _font_for_renderer(body) -> bytes:
    with body:
        packed = body.read()
    if packed[:4] != b"wOF2":
        return packed
    return _unpacked(packed)


class SiteFilesFetcher(URLFetcher):
    """Serves the document's own files from disk or storage; refuses every other address."""

    def __init__(self, site_root: str):
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.site_root = site_root
        self.static = _prefixes(settings.STATIC_URL, site_root)
        self.media = _prefixes(getattr(settings, "MEDIA_URL", ""), site_root)
        self.refused: list[str] = []  # what the document asked for and did not get, for the tests and logs

    def fetch(self, url, headers=None):
        try:
            path = _relative(url, self.static)
            if path is not None:
                body = _open_static(path)
            else:
                path = _relative(url, self.media)
                if path is None:
                    raise Refused(f"Not a file of this site: {url}")
                if not default_storage.exists(path):
                    raise Refused(f"No such media file: {path}")
                body = default_storage.open(path)
        except Refused:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if path.endswith(".woff2"):
            body, content_type = _font_for_renderer(body), "font/sfnt"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
