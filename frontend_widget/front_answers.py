"""The delivery API's whole answers, kept per process and served before the rest of the stack runs.

Why: tens of thousands of widgets poll `latest/`. Its cached answer (`delivery`, `http`) already
costs less than a view that builds a JSON body, but each poll still went through the whole
middleware stack: security headers, the Content-Security-Policy, compression, CORS, sessions, CSRF,
authentication, messages, clickjacking, axes, redirects, URL resolution and DRF's view. That stack
was most of a poll's server time (docs/performance.md). An API answer depends only on the
request's method, address, query, scheme, host and port, Origin and encoding, and on the delivery's
generation. So the first answer the stack gives for these is kept whole: status, every header the
stack added, body. Later requests get it from here, first in MIDDLEWARE.

What is kept, and for whom:
- Only answers that DeliveryView marked as its cached answer (`keep`): a 200 or a 304, never an
  error, a throttled request or DEBUG's browsable API.
- Only for GET and HEAD without a cookie or `Authorization`, as the page cache does. A request
  with a session always goes down the whole stack.
- Only answers without Set-Cookie whose Vary names nothing but Origin and Accept-Encoding, since
  both are in the key. Anything else the stack varied on would not be.
- A 304 is served only when If-None-Match matches the kept 200's ETag. Any other conditional
  request goes down the stack, which compares tags as it always has. The stack's 304 for the
  key is kept beside the 200 the first time.

The throttle counts every request, a kept answer's too. It runs here. A refused request goes down
the stack with the result, and DeliveryView answers 429 without counting it again.

Entries live until the delivery's next generation (`delivery.generation()`, checked on every
request as the API's own entries are), until their report's expiry (`CachedReport.valid_until`),
or until a setting changes. Each process keeps at most LIMIT of them per generation.

What it assumes of the stack: every header it adds depends on the key and the settings only. A
site with a middleware that adds something per request (a request id, a nonce in an API answer)
would have the first request's value kept, so such a site leaves this middleware out.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified

from . import compression, delivery
from .http import etag_matches

LIMIT = 256  # addresses one process keeps answers for, at most, per generation
VARY_IN_KEY = frozenset({"origin", "accept-encoding"})
THROTTLE_WAITS = "_lagesbild_throttle_waits"  # the throttles' result, for DeliveryView
_KEEP = "_lagesbild_front_keep"  # DeliveryView's mark: (the answer's expiry, its throttle classes)

_lock = threading.Lock()
_store = {"owner": None, "entries": {}, "paths": frozenset()}


@dataclass(frozen=True)
class FrontAnswer:
    status: int
    headers: dict
    content: bytes
    etag: str
    valid_until: float  # epoch seconds
    throttles: tuple  # the view's throttle classes, which count each request served from here

    def response(self) -> HttpResponse:
        if self.status == 304:  # without the Content-Type a fresh HttpResponse would add
            return HttpResponseNotModified(headers=self.headers)
        return HttpResponse(self.content, status=self.status, headers=self.headers)


def keep(request, valid_until: float | None, throttles) -> None:
    """DeliveryView's mark: the answer it gives now may be kept until `valid_until`."""
    setattr(request, _KEEP, (math.inf if valid_until is None else valid_until, tuple(throttles)))


def _key(request) -> tuple | None:
    meta = request.META
    if request.method not in ("GET", "HEAD") or meta.get("HTTP_COOKIE") or meta.get("HTTP_AUTHORIZATION"):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the stack answers 400
    return (
        request.method,
        request.path,
        meta.get("QUERY_STRING", ""),
        request.scheme,
        host,
        request.get_port(),  # with the Host, what the answer's links are based on (delivery.base_url)
        meta.get("HTTP_ORIGIN", ""),
        compression.negotiate(request),
    )


def _entries(token: str) -> dict:
    """This process's answers of the generation `token`; dropped with the delivery's own copy."""
    owner = (token, delivery._state["epoch"])
    with _lock:
        if _store["owner"] != owner:
            _store.update(owner=owner, entries={}, paths=frozenset())
        return _store["entries"]


@receiver(setting_changed)
def _forget(**kwargs):
    """Any setting may change a header the stack adds (CORS, CSP, security): drop every answer."""
    with _lock:
        _store.update(owner=None, entries={}, paths=frozenset())


def _storable(response) -> bool:
    if response.status_code not in (200, 304) or response.streaming or response.cookies:
        return False
    vary = response.get("Vary")
    return not vary or all(name.strip().lower() in VARY_IN_KEY for name in vary.split(","))


def _answer(response, valid_until: float, throttles: tuple) -> FrontAnswer:
    return FrontAnswer(
        response.status_code,
        dict(response.items()),
        response.content,
        response.get("ETag", ""),
        valid_until,
        throttles,
    )


def _put(token: str, key: tuple, mark: tuple, response) -> None:
    if token != delivery.generation():
        return  # a publish during the request: its answer belongs to a generation now gone
    entries = _entries(token)
    answers = entries.get(key)
    if response.status_code == 304:
        # Kept only beside the 200 whose ETag it confirms: that is the tag a request must match.
        kept = answers.get(200) if answers else None
        if kept is not None and kept.etag and kept.etag == response.get("ETag"):
            answers[304] = _answer(response, *mark)
        return
    if answers is None and len(entries) >= LIMIT:
        return
    # A new 200 replaces the address's answers: a 304 kept before confirmed the copy it replaces.
    entries[key] = {200: _answer(response, *mark)}
    if key[1] not in _store["paths"]:
        with _lock:
            _store["paths"] = _store["paths"] | {key[1]}


def _kept(request):
    """The kept answer for `request`, or None: the stack answers (with the throttles' result, if refused)."""
    key = _key(request)
    if key is None:
        return None
    answers = _entries(delivery.generation()).get(key)
    answer = answers and answers.get(200)
    if not answer or answer.valid_until <= time.time():
        return None
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if header:
        # Only the kept copy's own tag is answered here; the stack compares any other as it always has.
        if not (answer.etag and etag_matches(header, answer.etag)):
            return None
        answer = answers.get(304)
        if answer is None:
            return None
    throttles = [throttle_class() for throttle_class in answer.throttles]
    refused = [throttle for throttle in throttles if not throttle.allow_request(request, None)]
    if refused:
        setattr(request, THROTTLE_WAITS, [throttle.wait() for throttle in refused])
        return None
    return answer.response()


class FrontAnswerMiddleware:
    """Serves the API's kept answers (see the module docstring). First in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in _store["paths"]:
            response = _kept(request)
            if response is not None:
                return response
        token = delivery.generation()  # before any database read, as the delivery's entries
        response = self.get_response(request)
        mark = getattr(request, _KEEP, None)
        if mark is not None and _storable(response):
            key = _key(request)
            if key is not None:
                _put(token, key, mark, response)
        return response
