"""Public pages rendered once per delivery generation: report, series and FAQ pages, home page, feeds.

Why: with 5,000 reports their queries stay as few as with one (tests/frontend_widget/test_scale.py),
but SQLite still reads every report of a series for them. Wagtail's tree filters (`path LIKE
'0001...%'`) cannot use an index, and the series page's year list and count read the whole series.
The report page, the one most visited (every "Läs hela rapporten"), reads its presentation from the
delivery's cache but still rendered its templates per view, at a twentieth of the API's rate
(docs/performance.md). The answers change only when the delivery starts a new generation (a
publish, an unpublish, a move, an expiry), so, like the API's answers, they are built once per
generation and served as bytes until the next one, with their gzip and brotli bytes made once
beside them (`compression.encode`), as the API's are.

What is cached, and for whom:
- Only GET and HEAD without any cookie and without `Authorization`: a visitor with a session (an
  editor with the user bar, a visitor who gave a page's password) always gets a page rendered
  for them. Without a cookie every visitor sees the same page.
- Only answers that name themselves public: a 200 without Set-Cookie and without `private` or
  `no-store`, from a page type in `PAGE_CACHE_TYPES` (Wagtail's page view) or a view in
  `PAGE_CACHE_VIEWS` (the feeds). A password form or a login redirect is never one of them, and a
  page is kept only when the one visibility rule says the public may see it (a restricted page,
  one under an unpublished series or past its expiry is rendered per request). A preview is
  Wagtail's view inside the admin (with the editor's cookie) and never reaches this.
- Only the filters that the pages offer (`page`, `year`, `month`, short and numeric): a search
  (`q`) or any other query string is rendered per request, so no visitor can fill the cache.

Each process keeps its renderings, and puts them in the shared cache too, so that every worker,
every instance and the pre-warm (`prewarm`, the outbox's first channel after a publish) share one rendering
per generation. The shared keys name the release (`release.release()`): a deploy with new templates
or code never serves another release's HTML, even while old and new processes run side by side.
An entry lives until the next generation (every process sees it within LOCAL_CACHE_SECONDS, as
for the API's entries, and `delivery.forget_local` drops a process's own copies too), until a page
of the site reaches its expiry time (`visibility.next_expiry`), and at most PAGE_CACHE_SECONDS,
which bounds how long "now"-relative wording in a page may lag.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from rapport_blocks.rules import visibility

from . import compression, delivery
from .conf import delivery_settings
from .release import release

ALLOWED_PARAMETERS = frozenset({"page", "year", "month"})
# The URL name of Wagtail's page serving (wagtail/urls.py): every page of the tree is served by it.
PAGE_VIEW = "wagtail_serve"
LIMIT = 256  # renderings one process keeps at most per generation

_lock = threading.Lock()
_store = {"owner": None, "entries": {}}


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    valid_until: float  # epoch seconds
    encoded: dict  # {"gzip": bytes, "br": bytes}, made once; {} when the type is not compressed
    vary_cookie: bool  # the rendering read the session, so SessionMiddleware said `Vary: Cookie`


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
    if getattr(request, "is_preview", False):
        return False
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in delivery_settings.PAGE_CACHE_VIEWS:
        return True
    page = (getattr(response, "context_data", None) or {}).get("page")
    if page is None or page._meta.label not in delivery_settings.PAGE_CACHE_TYPES:
        return False
    # The rule every public output asks: a page the public may not see is never shared, whatever
    # its answer's headers say. One query, once per generation and address.
    site = delivery.site_for_request(request)
    return site is not None and _public(page, site.root_path)


def _public(page, root_path: str) -> bool:
    if page.path == root_path:  # the site's home page: the rule speaks of the pages below it
        return page.live and not page.get_view_restrictions().exists()
    return visibility.is_visible(page, root_path)


def _entries(token: str) -> dict:
    """This process's renderings of the generation `token`; dropped with the delivery's own copy."""
    owner = (token, delivery._state["epoch"])
    with _lock:
        if _store["owner"] != owner:
            _store.update(owner=owner, entries={})
        return _store["entries"]


def _shared_key(token: str, key: tuple) -> str:
    return delivery._key(token, release(), *key)


def _get(token: str, key: tuple) -> CachedPage | None:
    """This process's copy, else the shared one (another worker's, or the pre-warm's).

    A key the shared cache lacks (a page whose answer may not be kept: a 404, a restricted page)
    is remembered as absent for LOCAL_CACHE_SECONDS, so such an address reads the shared cache at
    most that often, as for the generation itself.
    """
    entries = _entries(token)
    entry = entries.get(key)
    now = time.time()
    if isinstance(entry, float):  # known absent until then
        if entry > now:
            return None
        entry = None
    if entry is None:
        entry = delivery._shared_get(_shared_key(token, key))
        if not isinstance(entry, CachedPage):
            if len(entries) < LIMIT:
                entries[key] = now + float(delivery_settings.LOCAL_CACHE_SECONDS)
            return None
        if len(entries) < LIMIT or key in entries:
            entries[key] = entry
    return entry if entry.valid_until > now else None


def _put(token: str, key: tuple, request, response) -> None:
    valid_until = time.time() + float(delivery_settings.PAGE_CACHE_SECONDS)
    site = delivery.site_for_request(request)
    if site is not None:
        expiry = visibility.next_expiry(site.root_path)
        if expiry is not None:
            valid_until = min(valid_until, expiry.timestamp())
    entries = _entries(token)
    if len(entries) < LIMIT or key in entries:
        headers = tuple(response.items())
        content = response.content
        encoded = compression.encode(content) if compression.compressible(response) else {}
        # A copy reads no session, so SessionMiddleware would leave out the `Vary: Cookie` that the
        # rendering got: the copy says it itself, and its headers are the rendering's.
        vary_cookie = getattr(getattr(request, "session", None), "accessed", False)
        entry = CachedPage(response.status_code, headers, content, valid_until, encoded, vary_cookie)
        entries[key] = entry
        timeout = max(1, math.ceil(valid_until - time.time()))
        delivery._shared_set(_shared_key(token, key), entry, timeout)
        compression.attach(response, encoded)


def _response(entry: CachedPage) -> HttpResponse:
    response = HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers:
        response[name] = value
    if entry.vary_cookie:
        patch_vary_headers(response, ("Cookie",))
    # CompressionMiddleware picks these bytes instead of compressing (or hashing) the body again.
    compression.attach(response, entry.encoded)
    return response


class PublicPageCacheMiddleware:
    """Serves the archive's public pages from the generation's cache (see the module docstring).

    Last in MIDDLEWARE: the answer it keeps is the view's, before compression and the
    Content-Security-Policy, which the middlewares outside it add to a cached answer as to a fresh one.

    It looks up a copy in `process_view`, once the URL is resolved: only addresses whose view is
    Wagtail's page serving or one of PAGE_CACHE_VIEWS can have one, so every other request (each
    widget's poll of the API above all) pays one set lookup here, not a cache key and a cache read.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        release()  # worked out once per process, at start rather than in a visitor's request

    def __call__(self, request):
        response = self.get_response(request)
        missed = getattr(request, "_lagesbild_page_cache_miss", None)
        if missed is not None and _cacheable(request, response):
            _put(*missed, request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not delivery_settings.PAGE_CACHE_SECONDS:
            return None
        match = request.resolver_match
        if match is None or (
            match.url_name != PAGE_VIEW and match.url_name not in delivery_settings.PAGE_CACHE_VIEWS
        ):
            return None
        key = cache_key(request)
        if key is None:
            return None
        token = delivery.generation()  # before any database read, as the delivery's entries
        entry = _get(token, key)
        if entry is not None:
            return _response(entry)
        request._lagesbild_page_cache_miss = (token, key)
        return None
