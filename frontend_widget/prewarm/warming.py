"""The pre-warm's requests: the answers a publication makes new, made before a visitor asks.

Without it the first request after a publish pays for presenting, sanitising, encoding and
compressing the report, and for rendering its page (docs/performance.md: 226 ms directly). The
pre-warm makes the same requests a visitor would, through the site's own WSGI handler (every
middleware, the same views, no network), for each configured origin:

- `/api/lagesbild/latest/` and `?series=<the report's series>`: the delivery's entries, with
  their gzip and brotli bytes, in the shared cache;
- the report's page and its series page, where the public may see them: `page_cache`'s
  renderings (and their encodings) in the shared cache, under this release's key.

So it changes no answer, only when it is computed: the bytes are those the first visitor's request
would have stored (tests/frontend_widget/test_prewarm.py). The requests are a visitor's without
cookies, so the views' own rule decides each answer; a page the public may not see is not asked
for at all. `channel` runs it once per origin and publication, in the task worker.

Origins: `LAGESBILD_PREWARM_ORIGINS` ("https://lagesbild.example.se", as visitors reach it), or by
default the root URL of each Wagtail site. An answer's links and cache key follow the origin, so
an origin no visitor uses warms nothing they get.
"""

from __future__ import annotations

import functools
import io
import logging
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation
from wagtail.models import Site

from rapport_blocks.rules import visibility

from .. import delivery
from ..conf import delivery_settings

logger = logging.getLogger(__name__)

# What the pre-warm's requests say of themselves (in a server's log, through the middleware).
USER_AGENT = "Lagesbild-prewarm"


class PrewarmFailed(RuntimeError):
    """An address answered other than 200; `statuses` says how, so the channel knows whether to retry."""

    def __init__(self, failures: list[tuple[str, int]]):
        self.statuses = [status for _path, status in failures]
        super().__init__(", ".join(f"{path} ({status})" for path, status in failures))


def origins() -> list[str]:
    """Where visitors reach the site: the setting, else every Wagtail site's root URL."""
    configured = delivery_settings.PREWARM_ORIGINS
    if configured:
        return [origin.rstrip("/") for origin in configured]
    return sorted({site.root_url for site in Site.objects.all()})


def paths(page) -> list[str]:
    """The addresses a report's publication makes new, as paths of its site.

    Latest always (a report the public may not see changes it too: it is the one before); the
    report's page and its series page only while the public may see them, since a visitor without
    cookies gets only a login form or a 404 there, which nobody needs warm.
    """
    found = ["/api/lagesbild/latest/"]
    series = page.get_parent()
    if series is not None:
        found.append("/api/lagesbild/latest/?" + urlencode({"series": series.slug}))
    site = page.get_site()
    for target in (page, series):
        if target is None or site is None or not visibility.is_visible(target, site.root_page.path):
            continue
        parts = target.get_url_parts()
        if parts is not None and parts[2]:
            found.append(parts[2])
    return found


@functools.cache
def _handler() -> WSGIHandler:
    return WSGIHandler()


def environ(origin: str, path: str) -> dict:
    """A GET of `path` at `origin` as a visitor without cookies would send it."""
    address = urlsplit(origin)
    location = urlsplit(path)
    secure = address.scheme == "https"
    port = address.port or (443 if secure else 80)
    meta = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": location.path,
        "QUERY_STRING": location.query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": address.hostname,
        "SERVER_PORT": str(port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": address.netloc,
        "HTTP_USER_AGENT": USER_AGENT,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": address.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:  # behind a proxy the scheme comes from its header, as a visitor's request has it
        name, secure_value = proxy_header
        meta[name] = secure_value if secure else address.scheme
    return meta


def get(origin: str, path: str) -> int:
    """One request through the site's handler; its status.

    It may run inside another request (the immediate task backend runs the outbox on the publish's
    commit, in the editor's request): so the caller's language is kept, and the caller's database
    connection is not the inner request's to close, as Django's test client does too; and its
    script prefix is its own.
    """
    status = []
    prefix = get_script_prefix()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with translation.override(translation.get_language()):
            body = _handler()(environ(origin, path), lambda line, headers, exc_info=None: status.append(line))
            try:
                for _chunk in body:
                    pass
            finally:
                close = getattr(body, "close", None)
                if close is not None:
                    close()
    finally:
        set_script_prefix(prefix)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(status[0].split()[0])


def warm(origin: str, page) -> list[str]:
    """Make the answers of `page`'s publication for `origin`; the paths warmed (a 404 is no failure:
    latest with no public report). Raises PrewarmFailed for any other status.

    Reads the generation afresh first: the publish that asked for this started a new one.
    """
    delivery.forget_local()
    done, failed = [], []
    for path in paths(page):
        status = get(origin, path)
        if status == 200:
            done.append(path)
        elif status != 404:  # a 404 is the answer too: nothing public there (yet, or any more)
            failed.append((path, status))
    if failed:
        raise PrewarmFailed(failed)
    return done
