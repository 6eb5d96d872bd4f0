"""HTTP answers from cached reports: stored bytes, validators, and a cheap 304.

Django's ConditionalGetMiddleware would build the whole response before it can answer 304; here
If-None-Match is compared with the stored ETag first, and a hit costs one string comparison.
Only If-None-Match is evaluated: a shared snippet (a person, a link collection) can change a
report without changing its publication time, so Last-Modified is informative, not a validator.
"""

from functools import wraps

from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .conf import delivery_settings
from .delivery import CachedReport

JSON = "application/json"


def etag_matches(header: str, etag: str) -> bool:
    if header == etag:
        return True
    # Weak comparison, as RFC 9110 asks for If-None-Match: W/"x" matches "x" (proxies weaken tags).
    tags = parse_etags(header)
    return "*" in tags or etag in tags or f"W/{etag}" in tags


def cache_headers(response, cached: CachedReport):
    response["ETag"] = cached.etag
    response["Last-Modified"] = cached.last_modified
    response["Cache-Control"] = delivery_settings.CACHE_CONTROL
    return response


def conditional_response(request, etag: str | None, build) -> HttpResponse:
    """304 with no body when the client's If-None-Match holds `etag`, else `build()`.

    The one conditional check of every delivery answer (the API, the iframe page): `build` runs
    only when the client lacks the current copy. The caller adds the validators to either answer.
    """
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if etag and header and etag_matches(header, etag):
        return HttpResponseNotModified()
    return build()


def cached_response(request, cached: CachedReport, content_type: str = JSON) -> HttpResponse:
    """200 with the stored bytes, or 304 with no body when the client already has them."""

    def build():
        if request.method == "HEAD":
            response = HttpResponse(content_type=content_type)
            response["Content-Length"] = str(len(cached.json_bytes))
            return response
        return HttpResponse(cached.json_bytes, content_type=content_type)

    return cache_headers(conditional_response(request, cached.etag, build), cached)


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
