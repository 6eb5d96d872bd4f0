"""Compressed answers: gzip and brotli, chosen by Accept-Encoding, with an ETag of their own.

A widget's answer is small JSON or HTML that compresses to about a third, and a morning peak of
intranet pages asks for the same few answers thousands of times, so compressing once matters more
than compressing well:

- The delivery cache stores each answer's encodings beside its plain bytes (`encode`, called once
  per cached entry), so a compressed hit costs what a plain one does: the API picks bytes, it
  never compresses per request.
- The pages that `page_cache` keeps (report, series and home pages, feeds) carry their encodings
  made once per rendering (`attach`); the middleware picks those bytes.
- Other public HTML (the iframe page, a search) is rendered per request; `CompressionMiddleware`
  compresses it, and keeps the last few results per process keyed by a digest of the body, so a
  page that renders the same bytes again is not compressed again.

Every representation has an ETag of its own (RFC 9110 8.8.3: a validator names one representation).
A shared cache that revalidates a gzip copy with the identity copy's tag would otherwise update the
wrong stored answer. The middleware appends `-gzip` or `-br` to the ETag of what it sends, and takes
the suffix off If-None-Match again before the view compares it, as Apache's mod_deflate does; the
views therefore only ever compare their own, encoding-free tags.

Only requests without cookies are compressed (`negotiate`). A response that holds a secret (a CSRF
token in the admin, a session) goes to a client with cookies, and compressing secrets beside
reflected input is what BREACH reads; a public answer holds none.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import threading
from collections import OrderedDict

from django.utils.cache import patch_vary_headers

from .conf import delivery_settings

try:  # brotli is a dependency; without it, gzip alone is offered
    import brotli
except ImportError:  # pragma: no cover - exercised only where brotli is not installed
    brotli = None

GZIP = "gzip"
BROTLI = "br"
# The server's preference when the client accepts several equally: the smaller first.
ENCODINGS = (BROTLI, GZIP) if brotli is not None else (GZIP,)
COMPRESSIBLE_TYPES = (
    "text/html",
    "text/plain",
    "application/json",
    "application/problem+json",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
)
LOCAL_LIMIT = 128  # compressed bodies the middleware keeps per process


def _brotli_quality() -> int:
    # 6 compresses a 6 kB answer in about 0.3 ms to within 7 % of quality 11, which takes 16 ms:
    # the first request after a publish pays it for every entry.
    return int(delivery_settings.BROTLI_QUALITY)


def encode(body: bytes) -> dict[str, bytes]:
    """The body in every offered encoding: {"gzip": ..., "br": ...}. mtime=0 keeps gzip deterministic.

    Even a tiny body is encoded: what a request gets then depends on its Accept-Encoding alone, so
    a tag from one encoding can never match another's.
    """
    encoded = {GZIP: gzip.compress(body, compresslevel=9, mtime=0)}
    if brotli is not None:
        encoded[BROTLI] = brotli.compress(body, quality=_brotli_quality())
    return encoded


@functools.lru_cache(maxsize=256)
def choose(accept_encoding: str) -> str:
    """The encoding to send for this Accept-Encoding header: "br", "gzip", or "" for none.

    Follows RFC 9110 12.5.3: q-values, "*", and "q=0" refusing a coding. Among equal q-values the
    server's preference (`ENCODINGS`) decides.
    """
    weights: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        coding = coding.strip()
        if not coding:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[coding] = q
    best, best_q = "", 0.0
    for coding in ENCODINGS:
        q = weights.get(coding, weights.get("*", 0.0))
        if q > best_q:
            best, best_q = coding, q
    return best


def negotiate(request) -> str:
    """The encoding this request gets: "" for none, and always "" for requests with cookies."""
    meta = request.META
    if meta.get("HTTP_COOKIE") or request.method not in ("GET", "HEAD"):
        return ""
    header = meta.get("HTTP_ACCEPT_ENCODING")
    return choose(header) if header else ""


def etag_with(etag: str, suffix: str) -> str:
    """'"abc"' + "gzip" -> '"abc-gzip"' (weak tags stay weak)."""
    return f'{etag[:-1]}-{suffix}"' if suffix and etag.endswith('"') else etag


def strip_etags(header: str, encoding: str) -> str:
    """If-None-Match as the view must compare it: this encoding's tags without their suffix.

    A tag of another encoding (or of the plain bytes) names another representation: it is made
    one that matches nothing, so that the client gets this encoding's answer and its own tag.
    """
    marker = f'-{encoding}"'
    tags = []
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*" or not tag.endswith('"'):
            tags.append(tag)
        elif tag.endswith(marker):
            tags.append(tag[: -len(marker)] + '"')
        else:
            tags.append(etag_with(tag, "other"))
    return ", ".join(tags)


class _Recent:
    """The last compressed bodies of this process, by digest of the plain body."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items: OrderedDict[bytes, dict[str, bytes]] = OrderedDict()

    def encoded(self, body: bytes) -> dict[str, bytes]:
        digest = hashlib.blake2b(body, digest_size=16).digest()
        with self.lock:
            found = self.items.get(digest)
            if found is not None:
                self.items.move_to_end(digest)
                return found
        found = encode(body)
        with self.lock:
            self.items[digest] = found
            while len(self.items) > LOCAL_LIMIT:
                self.items.popitem(last=False)
        return found


_recent = _Recent()


def attach(response, encoded: dict[str, bytes]) -> None:
    """Hand `CompressionMiddleware` the response's body already encoded (made by `encode`)."""
    if encoded:
        response._lagesbild_encoded = encoded


def compressible(response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        response.status_code == 200
        and not response.streaming
        and content_type in COMPRESSIBLE_TYPES
        and "no-transform" not in response.get("Cache-Control", "")
    )


def finish(request, response, encoding: str):
    """Encode `response` for `encoding` (unless it already is), tag its ETag, add Vary."""
    if response.cookies or "Content-Encoding" in response and response["Content-Encoding"] != encoding:
        return response
    if response.status_code == 304:
        patch_vary_headers(response, ("Accept-Encoding",))
        if encoding and response.has_header("ETag"):
            response["ETag"] = etag_with(response["ETag"], encoding)
        return response
    if "Content-Encoding" not in response:
        if not compressible(response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not encoding:
            return response
        ready = getattr(response, "_lagesbild_encoded", None)
        body = (ready or _recent.encoded(response.content))[encoding]
        response.content = body
        response["Content-Length"] = str(len(body))
        response["Content-Encoding"] = encoding
    if response.has_header("ETag"):
        response["ETag"] = etag_with(response["ETag"], encoding)
    return response


class CompressionMiddleware:
    """Compresses public answers by Accept-Encoding; see the module docstring.

    Placed after WhiteNoise (which serves static files precompressed itself) and before every
    middleware that adds to the response, so that it sees the final body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        encoding = negotiate(request)
        if encoding and "HTTP_IF_NONE_MATCH" in request.META:
            request.META["HTTP_IF_NONE_MATCH"] = strip_etags(request.META["HTTP_IF_NONE_MATCH"], encoding)
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        return finish(request, response, encoding)
