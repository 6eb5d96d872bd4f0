"""The archive's public pages, rendered once per delivery generation: series pages, home page, feeds.

Why: with 5,000 reports their queries stay as few as with one (tests/frontend_widget/test_scale.py),
but SQLite still reads every report of a series for them. Wagtail's tree filters (`path LIKE
'0001...%'`) cannot use an index, and the series page's year list and count read the whole series.
The answers change only when the delivery starts a new generation (a publish, an unpublish, a move,
an expiry), so, like the API's and the report page's cached presentations, they are built once per
generation and served as bytes until the next one.

What is cached, and for whom:
- Only GET and HEAD without any cookie and without `Authorization`: a visitor with a session (an
  editor with the user bar, a visitor who gave a page's password) always gets a page rendered
  for them. Without a cookie every visitor sees the same page.
- Only answers that name themselves public: a 200 without Set-Cookie and without `private` or
  `no-store`, from a page type in `PAGE_CACHE_TYPES` (Wagtail's page view) or a view in
  `PAGE_CACHE_VIEWS` (the feeds). A password form or a login redirect is never one of them.
- Only the filters that the pages offer (`page`, `year`, `month`, short and numeric): a search
  (`q`) or any other query string is rendered per request, so no visitor can fill the cache.

Each process keeps its own renderings, never the shared cache: a deploy with new templates starts
new processes, so no instance serves another release's HTML. An entry lives until the next
generation (every process sees it within LOCAL_CACHE_SECONDS, as for the API's entries, and
`delivery.forget_local` drops it too), until a page of the site reaches its expiry time
(`visibility.next_expiry`), and at most PAGE_CACHE_SECONDS, which bounds how long "now"-relative
wording in a page may lag.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.http import HttpResponse

from rapport_blocks.rules import visibility

from . import delivery
from .conf import delivery_settings

ALLOWED_PARAMETERS = frozenset({"page", "year", "month"})
LIMIT = 256  # renderings one process keeps at most per generation

_lock = threading.Lock()
_store = {"owner": None, "entries": {}}


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    valid_until: float  # epoch seconds


def cache_key(request) -> tuple | None:
    """The key of the request's cached answer, or None: this request is always rendered for itself."""
    if request.method not in ("GET", "HEAD") or request.COOKIES or request.META.get("HTTP_AUTHORIZATION"):
        return None
    query = request.GET
    if any(name not in ALLOWED_PARAMETERS for name in query):
        return None
    filters = []
    for name in sorted(query):
        values = query.getlist(name)
        if len(values) != 1 or not values[0].isdigit() or len(values[0]) > 6:
            return None
        filters.append((name, values[0]))
    base, _hostname, _port = delivery._origin(request)
    return ("page", base, request.path, tuple(filters))


def _cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return False
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in delivery_settings.PAGE_CACHE_VIEWS:
        return True
    page = (getattr(response, "context_data", None) or {}).get("page")
    return page is not None and page._meta.label in delivery_settings.PAGE_CACHE_TYPES


def _entries(token: str) -> dict:
    """This process's renderings of the generation `token`; dropped with the delivery's own copy."""
    owner = (token, delivery._state["epoch"])
    with _lock:
        if _store["owner"] != owner:
            _store.update(owner=owner, entries={})
        return _store["entries"]


def _get(token: str, key: tuple) -> CachedPage | None:
    entry = _entries(token).get(key)
    if entry is not None and entry.valid_until > time.time():
        return entry
    return None


def _put(token: str, key: tuple, request, response) -> None:
    valid_until = time.time() + float(delivery_settings.PAGE_CACHE_SECONDS)
    site = delivery.site_for_request(request)
    if site is not None:
        expiry = visibility.next_expiry(site.root_path)
        if expiry is not None:
            valid_until = min(valid_until, expiry.timestamp())
    entries = _entries(token)
    if len(entries) < LIMIT:
        headers = tuple(response.items())
        entries[key] = CachedPage(response.status_code, headers, response.content, valid_until)


def _response(entry: CachedPage) -> HttpResponse:
    response = HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers:
        response[name] = value
    return response


class PublicPageCacheMiddleware:
    """Serves the archive's public pages from the generation's cache (see the module docstring).

    Last in MIDDLEWARE: the answer it keeps is the view's, before compression and the
    Content-Security-Policy, which the middlewares outside it add to a cached answer as to a fresh one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not delivery_settings.PAGE_CACHE_SECONDS:
            return self.get_response(request)
        key = cache_key(request)
        if key is None:
            return self.get_response(request)
        token = delivery.generation()  # before any database read, as the delivery's entries
        entry = _get(token, key)
        if entry is not None:
            return _response(entry)
        response = self.get_response(request)
        if _cacheable(request, response):
            _put(token, key, request, response)
        return response
