"""The pre-warm: after a publish commits, the answers its first visitors ask for are made at once.

Without it the first request after a publish pays for presenting, sanitising, encoding and
compressing the report, and for rendering its page (docs/performance.md: 226 ms directly). The
pre-warm makes the same requests a visitor would, through the site's own WSGI handler (every
middleware, the same views, no network), for each configured origin:

- `/api/lagesbild/latest/` and `?series=<the report's series>`: the delivery's entries, with
  their gzip and brotli bytes, in the shared cache;
- the report's page and its series page: `page_cache`'s renderings (and their encodings) in the
  shared cache, under this release's key.

So it changes no answer, only when it is computed: the bytes are those the first visitor's request
would have stored (tests/frontend_widget/test_prewarm.py). It runs as a channel of the outbox (one
delivery per origin, retried, visible in "Utskick"), in the task worker; where the task backend is
the immediate one, on the publish's commit. When the worker is down nothing is pre-warmed and the
first request renders, as without it.

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
from wagtail.models import Site

from . import delivery
from .conf import delivery_settings

logger = logging.getLogger(__name__)

# What the pre-warm's requests say of themselves (in a server's log, through the middleware).
USER_AGENT = "Lagesbild-prewarm"


class PrewarmFailed(RuntimeError):
    """An address answered other than 200: the outbox retries the delivery."""


def origins() -> list[str]:
    """Where visitors reach the site: the setting, else every Wagtail site's root URL."""
    configured = delivery_settings.PREWARM_ORIGINS
    if configured:
        return [origin.rstrip("/") for origin in configured]
    return sorted({site.root_url for site in Site.objects.all()})


def paths(page) -> list[str]:
    """The addresses a report's publication makes new, as paths of its site."""
    found = ["/api/lagesbild/latest/"]
    series = page.get_parent()
    if series is not None:
        found.append("/api/lagesbild/latest/?" + urlencode({"series": series.slug}))
    for target in (page, series):
        if target is None:
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
    """One request through the site's handler; its status."""
    status = []
    body = _handler()(environ(origin, path), lambda line, headers, exc_info=None: status.append(line))
    try:
        for _chunk in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return int(status[0].split()[0])


def warm(origin: str, page) -> list[str]:
    """Make the answers of `page`'s publication for `origin`; the paths done. Raises PrewarmFailed.

    Reads the generation afresh first: the publish that asked for this started a new one.
    """
    delivery.forget_local()
    done, failed = [], []
    for path in paths(page):
        status = get(origin, path)
        (done if status == 200 else failed).append(f"{path} ({status})" if status != 200 else path)
    if failed:
        raise PrewarmFailed(", ".join(failed))
    return done
