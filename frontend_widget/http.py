"""HTTP answers from cached reports: stored bytes, validators, and a cheap 304.

Django's ConditionalGetMiddleware would build the whole response before it can answer 304; here
If-None-Match is compared with the stored ETag first, and a hit costs one string comparison.
Only If-None-Match is evaluated: a shared snippet (a person, a link collection) can change a
report without changing its publication time, so Last-Modified is informative, not a validator.

Each cached answer carries its gzip and brotli bytes too (`compression`), so a compressed hit only
picks other bytes. Answers differ by Origin (CORS) and by Accept-Encoding, so the ETag names both:
the origin here, the encoding in `compression.CompressionMiddleware`. A shared cache that
revalidates one origin's copy for another then gets a 200 with the other origin's headers instead
of a 304 that would rewrite the stored copy's Access-Control-Allow-Origin.
"""

import functools
import hashlib
from functools import wraps

from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import compression
from .conf import delivery_settings
from .delivery import CachedReport

JSON = "application/json"
# False only in bench/run.py's measurement of their cost (LAGESBILD_BENCH_WITHOUT=etag): no ETag,
# no If-None-Match. Never in a site: the widgets' polling relies on them.
validators = True


def etag_matches(header: str, etag: str) -> bool:
    if header == etag:
        return True
    # Weak comparison, as RFC 9110 asks for If-None-Match: W/"x" matches "x" (proxies weaken tags).
    tags = parse_etags(header)
    return "*" in tags or etag in tags or f"W/{etag}" in tags


@functools.lru_cache(maxsize=1024)
def origin_etag(etag: str, origin: str) -> str:
    """The ETag of the answer for requests from `origin` (its Access-Control-Allow-Origin differs)."""
    if not origin:
        return etag
    return compression.etag_with(etag, "o" + hashlib.blake2b(origin.encode(), digest_size=6).hexdigest())


def cache_headers(response, cached: CachedReport, etag: str | None = None):
    if validators:
        response["ETag"] = etag or cached.etag
    response["Last-Modified"] = cached.last_modified
    response["Cache-Control"] = delivery_settings.CACHE_CONTROL
    return response


def conditional_response(request, etag: str | None, build) -> HttpResponse:
    """304 with no body when the client's If-None-Match holds `etag`, else `build()`.

    The one conditional check of every delivery answer (the API, the iframe pages): `build` runs
    only when the client lacks the current copy. The caller adds the validators to either answer.
    """
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if etag and header and etag_matches(header, etag):
        return HttpResponseNotModified()
    return build()


def cached_response(request, cached: CachedReport, content_type: str = JSON) -> HttpResponse:
    """200 with the stored bytes (compressed when asked for), or 304 when the client has them."""
    etag = origin_etag(cached.etag, request.META.get("HTTP_ORIGIN", "")) if validators else None

    def build():
        encoding = compression.negotiate(request)
        body = cached.encoded[encoding] if encoding else cached.json_bytes
        if request.method == "HEAD":
            response = HttpResponse(content_type=content_type)
            response["Content-Length"] = str(len(body))
        else:
            response = HttpResponse(body, content_type=content_type)
        if body is not cached.json_bytes:
            response["Content-Encoding"] = encoding
        patch_vary_headers(response, ("Accept-Encoding",))
        return response

    return cache_headers(conditional_response(request, etag, build), cached, etag)


READ_METHODS = ("GET", "HEAD", "OPTIONS")


def read_only(*, json_errors: bool = False):
    """A view that answers GET and HEAD, tells its methods on OPTIONS, and refuses the rest with 405.

    Exempt from the CSRF check: these views change nothing and read no cookie, and without the
    exemption a POST would get Django's HTML CSRF page instead of a 405. `json_errors` for views
    under /api/, where every answer is JSON (docs/api.md).
    """

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            allow = ", ".join(READ_METHODS)
            if request.method == "OPTIONS":
                response = JsonResponse({"allow": list(READ_METHODS)}) if json_errors else HttpResponse()
                response["Allow"] = allow
                return response
            message = _("The method %(method)s is not allowed here.") % {"method": request.method}
            response = (
                JsonResponse({"detail": message}, status=405)
                if json_errors
                else HttpResponse(message, status=405, content_type="text/plain; charset=utf-8")
            )
            response["Allow"] = allow
            return response

        return wrapper

    return decorator
