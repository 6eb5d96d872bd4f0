"""The cached reports every delivery channel serves: ready JSON bytes, an ETag, shared by all workers.

The JSON API, the iframe embed and oEmbed all read reports through this module, so they agree on
what is visible and on when a change shows:

    site = delivery.site_for_request(request)            # no database query when warm
    cached = delivery.latest_report(site, series_slug=None, base_url=delivery.base_url(request))
    cached.etag, cached.last_modified, cached.json_bytes, cached.data

How the cache works (docs/performance.md has the figures and the reasons):

- Entries live in Django's cache framework (`LAGESBILD_CACHE_ALIAS`, the "default" cache: a
  folder all gunicorn workers share, or Redis). Never in one process alone: a publish in one
  worker must show in all of them.
- Every key carries a *generation*, a token kept in that shared cache. Whatever can change what a
  report shows (publish, unpublish, move, delete, privacy, sites, shared snippets, documents; see
  `invalidation`) replaces the token once its transaction commits, which orphans every entry at
  once, in every process, whichever process made the change. A lost token (evicted) just starts a
  new generation.
- Each worker keeps a copy of the token and of the entries it served for at most
  `LAGESBILD_LOCAL_CACHE_SECONDS` (0.5 s), so a warm request touches neither the database nor the
  shared cache. The generation is read before the database, so an entry built from old rows can
  only be stored under an old generation.
- An entry also ends when a page of its site reaches its expiry time (`visibility.next_expiry`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode, urlsplit

from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from wagtail.models import Site

from rapport_blocks.models import RapportIndexPage, RapportPage
from rapport_blocks.rules import visibility
from rapport_blocks.rules.presentation import present, present_list

from . import compression
from .conf import delivery_settings
from .signals import shared_cache_recovered

logger = logging.getLogger(__name__)

# Bump when the JSON contract changes shape (also when fields are added: "2" added `change` and
# `changes`, "3" `pdf_url`): old entries and ETags are then never served again.
CONTRACT_VERSION = "3"
# Bump when CachedReport changes shape: entries another release stored are then never read.
ENTRY_FORMAT = "2"
KEY_PREFIX = f"lagesbild:api:v{CONTRACT_VERSION}.{ENTRY_FORMAT}"
GENERATION_KEY = f"{KEY_PREFIX}:generation"
# Entries are orphaned by the generation; the timeout only bounds how long garbage stays.
ENTRY_TIMEOUT = 7 * 24 * 3600
LOCAL_LIMIT = 512  # entries one worker keeps at most


class UnknownSeries(LookupError):
    """`?series=` names no visible series of the site."""


class PageOutOfRange(LookupError):
    """A list page after the last one."""


@dataclass(frozen=True)
class SiteRef:
    """What the delivery needs of a Wagtail site; small enough to keep in the cache."""

    id: int
    root_path: str
    root_url: str

    @classmethod
    def of(cls, site: Site) -> SiteRef:
        return cls(id=site.pk, root_path=site.root_page.path, root_url=site.root_url)


@dataclass(frozen=True)
class CachedReport:
    """A ready answer: the JSON bytes, their validators, and the data they were made from.

    `data` is what `rapport_blocks.rules.presentation.present` returned (datetimes and dates as Python
    objects), or for a list the page of items; channels that render HTML use it.
    """

    etag: str  # strong, quoted: '"..."'
    last_modified: str  # an HTTP date
    json_bytes: bytes
    data: dict = field(repr=False)
    valid_until: float | None = None  # epoch seconds: a page of the site expires then
    encoded: dict = field(default_factory=dict, repr=False)  # {"gzip": bytes, "br": bytes}: compression

    def is_valid(self, now: float | None = None) -> bool:
        return self.valid_until is None or (now or time.time()) < self.valid_until


# The per-process copy


_lock = threading.Lock()
# epoch: how often this process dropped its copy; a read that spans a drop is done again.
_state = {"generation": None, "checked_at": -math.inf, "entries": {}, "sites": {}, "epoch": 0}


def _cache():
    return caches[delivery_settings.CACHE_ALIAS]


def _shared_get(key):
    """The shared cache's value, or None when it can't be reached: then answers come from the database."""
    try:
        return _cache().get(key)
    except Exception:
        logger.warning("The shared cache could not be read; answering from the database", exc_info=True)
        return None


def _shared_set(key, value, timeout) -> bool:
    try:
        _cache().set(key, value, timeout)
        return True
    except Exception:
        logger.warning("The shared cache could not be written", exc_info=True)
        return False


def _local_seconds() -> float:
    return float(delivery_settings.LOCAL_CACHE_SECONDS)


def _new_generation() -> str:
    return f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"


def forget_local() -> None:
    """Drop this process's copy, so the next request reads the shared cache."""
    with _lock:
        _state.update(generation=None, checked_at=-math.inf, entries={}, sites={}, epoch=_state["epoch"] + 1)


def _shared_generation() -> str:
    token = _shared_get(GENERATION_KEY)
    if token is None:
        try:
            _cache().add(GENERATION_KEY, _new_generation(), timeout=None)
        except Exception:
            pass
        # Unreachable: a token of this worker's own; its copies live a second, then it asks again.
        token = _shared_get(GENERATION_KEY) or _new_generation()
    return token


def generation() -> str:
    """The current generation: from this process's copy when it is fresh, else the shared cache."""
    now = time.monotonic()
    current = _state["generation"]
    if current is not None and now - _state["checked_at"] < _local_seconds():
        return current
    epoch = _state["epoch"]
    token = _shared_generation()
    if _state["epoch"] != epoch:
        # A new generation started during the read (the shared cache came back from an outage, or
        # another thread's invalidate): what was read may be the old token.
        token = _shared_generation()
    with _lock:
        if token != _state["generation"]:
            _state.update(entries={}, sites={})
        _state.update(generation=token, checked_at=now)
    return token


def invalidate() -> None:
    """Start a new generation: every cached answer, in every process, is built anew.

    Call it after the change is committed (`invalidation` does, through transaction.on_commit):
    a request between the bump and the commit would otherwise cache the old rows again.
    """
    _cache().set(GENERATION_KEY, _new_generation(), timeout=None)
    forget_local()


@receiver(shared_cache_recovered)
def _shared_cache_recovered(sender, **kwargs):
    """A change made while the shared cache was down could not start a new generation: start one now."""
    try:
        invalidate()
    except Exception:
        logger.warning("Could not start a new generation after the shared cache came back", exc_info=True)


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    if setting in ("CACHES", "LAGESBILD_CACHE_ALIAS") or setting.startswith("LAGESBILD_"):
        forget_local()


# Sites and base URLs


def _origin(request) -> tuple[str, str, str]:
    """(base URL, hostname, port) of the request, worked out once: get_host() checks ALLOWED_HOSTS.

    The hostname is lower case without a trailing dot (Django's split_domain_port), as ALLOWED_HOSTS
    and Wagtail's site matching read it; the Host's port is kept only where this server listens
    on it (a development or test server), never the default port of the scheme.
    """
    origin = getattr(request, "_lagesbild_origin", None)
    if origin is None:
        hostname, host_port = split_domain_port(request.get_host())
        port = request.get_port()
        listening = host_port == str(port) and host_port != DEFAULT_PORTS[request.scheme]
        host = f"{hostname}:{host_port}" if listening else hostname
        origin = (f"{request.scheme}://{host}", hostname, port)
        request._lagesbild_origin = origin
    return origin


DEFAULT_PORTS = {"http": "80", "https": "443"}


def base_url(request) -> str:
    """Where links in the answer point: the site's one configured origin (its root URL).

    A request for one of the site's hostnames gets the Site's root URL whatever variant of the Host
    it sent (a port, upper case, a trailing dot all pass ALLOWED_HOSTS): links never follow the
    variant, and, since the base URL is part of every cache key, the variants share one entry.
    A host no Site names (the default site's fallback), or a port this server really listens on
    that the Site does not name (a test server beside a Site on port 80), keeps its own origin.
    """
    request_base, hostname, _port = _origin(request)
    site = site_for_request(request)
    if site is None:
        return request_base
    root = urlsplit(site.root_url)
    request_port = urlsplit(request_base).port
    if root.hostname == hostname and (request_port is None or request_port == root.port):
        return site.root_url.rstrip("/")
    return request_base


def site_for_request(request) -> SiteRef | None:
    """The request's Wagtail site, as `Site.find_for_request` decides it, without a query when warm."""
    _base, hostname, port = _origin(request)
    token = generation()
    local_key = (token, hostname, port)
    sites = _state["sites"]
    if local_key in sites:
        return sites[local_key] or None  # False: known to belong to no site
    shared_key = _key(token, "site", hostname, port)
    ref = _shared_get(shared_key)
    if ref is None:
        site = Site.find_for_request(request)
        ref = SiteRef.of(site) if site is not None else False
        _shared_set(shared_key, ref, ENTRY_TIMEOUT)
    if len(sites) < LOCAL_LIMIT:
        sites[local_key] = ref
    return ref or None


def site_ref(site: Site | SiteRef) -> SiteRef:
    return site if isinstance(site, SiteRef) else SiteRef.of(site)


# Entries


def _key(*parts) -> str:
    raw = "\x1f".join(str(part) for part in parts)
    return f"{KEY_PREFIX}:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"


def json_bytes(data) -> bytes:
    """The contract's encoding: UTF-8, compact, ISO 8601 datetimes with offset, YYYY-MM-DD dates."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


def _entry(data: dict, modified: datetime | None, root_path: str) -> CachedReport:
    body = json_bytes(data)
    expiry = visibility.next_expiry(root_path)
    return CachedReport(
        etag=f'"{CONTRACT_VERSION}-{hashlib.blake2b(body, digest_size=16).hexdigest()}"',
        last_modified=http_date((modified or timezone.now()).timestamp()),
        json_bytes=body,
        data=data,
        valid_until=expiry.timestamp() if expiry else None,
        encoded=compression.encode(body),
    )


class _Missing:
    """The cached answer "there is no report", for latest/ only (a handful of keys).

    One object per process: the shared cache pickles it, and __reduce__ brings back the same one,
    so `is` compares it after a round trip through Redis or a file.
    """

    def __reduce__(self):
        return "_MISSING"

    def __repr__(self):
        return "<no report>"


_MISSING = _Missing()


def _cached(parts: tuple, build, *, remember_missing: bool = False) -> CachedReport | None:
    token = generation()  # before any database read: see the module docstring
    local_key = (token, *parts)
    entries = _state["entries"]
    entry = entries.get(local_key)
    now = time.time()
    if entry is not None and (entry is _MISSING or entry.is_valid(now)):
        return None if entry is _MISSING else entry
    shared_key = _key(token, *parts)
    entry = _shared_get(shared_key)
    if entry is None or (entry is not _MISSING and not entry.is_valid(now)):
        entry = build()
        if entry is None:
            if not remember_missing:
                return None
            entry = _MISSING
        timeout = ENTRY_TIMEOUT
        if entry is not _MISSING and entry.valid_until:
            timeout = max(1, min(timeout, math.ceil(entry.valid_until - now)))
        _shared_set(shared_key, entry, timeout)
    if len(entries) < LOCAL_LIMIT:
        entries[local_key] = entry
    return None if entry is _MISSING else entry


def _series_or_raise(site: SiteRef, series_slug: str | None):
    if not series_slug:
        return None
    series = RapportIndexPage.find_series(site.root_path, series_slug)
    if series is None:
        raise UnknownSeries(series_slug)
    return series


def _report_entry(report, site: SiteRef, base: str) -> CachedReport:
    return _entry(present(report, base_url=base), report.last_published_at, site.root_path)


def latest_report(site: Site | SiteRef, series_slug: str | None = None, *, base_url: str | None = None):
    """The newest visible report of the site (or of one series), or None when there is none.

    Raises UnknownSeries when `series_slug` names no visible series. `base_url` defaults to the
    site's root URL; the API passes the origin of the request.
    """
    site = site_ref(site)
    base = base_url or site.root_url
    series_slug = series_slug or ""

    def build():
        series = _series_or_raise(site, series_slug)
        report = RapportPage.visible_reports(site.root_path, series).first()
        return _report_entry(report, site, base) if report is not None else None

    # An unknown series raises in build(), so only known series ever take a key.
    return _cached(("latest", site.id, base, series_slug), build, remember_missing=True)


def report_by_id(site: Site | SiteRef, report_id: int, *, base_url: str | None = None):
    """One visible report of the site by its page id, or None."""
    site = site_ref(site)
    base = base_url or site.root_url

    def build():
        report = RapportPage.visible_reports(site.root_path).filter(pk=report_id).first()
        return _report_entry(report, site, base) if report is not None else None

    return _cached(("report", site.id, base, int(report_id)), build)


def report_at(site: Site | SiteRef, path: str):
    """The visible report at `path` ("/series/2026-11-24/", below the site's root) for the site's
    own root URL, or None: the PDF's address is the page's, and its fast path starts here."""
    site = site_ref(site)

    def build():
        from wagtail.models import Page

        root_url_path = Page.objects.filter(path=site.root_path).values_list("url_path", flat=True).first()
        if root_url_path is None or not path.startswith("/"):
            return None
        url_path = root_url_path.rstrip("/") + path
        report = RapportPage.visible_reports(site.root_path).filter(url_path=url_path).first()
        return _report_entry(report, site, site.root_url) if report is not None else None

    return _cached(("report-at", site.id, path), build)


def report_list(
    site: Site | SiteRef, *, series_slug: str | None = None, page: int = 1, base_url: str | None = None
) -> CachedReport:
    """One page of the site's visible reports, newest first: {count, next, previous, results}.

    Raises UnknownSeries, and PageOutOfRange for a page after the last (page 1 always exists).
    """
    site = site_ref(site)
    base = base_url or site.root_url
    series_slug = series_slug or ""
    size = max(1, int(delivery_settings.API_PAGE_SIZE))

    def build():
        series = _series_or_raise(site, series_slug)
        reports = RapportPage.visible_reports(site.root_path, series)
        count = reports.count()
        if page > 1 and (page - 1) * size >= count:
            raise PageOutOfRange(page)
        chosen = list(reports[(page - 1) * size : page * size])
        data = {
            "count": count,
            "next": _list_url(base, series_slug, page + 1) if page * size < count else None,
            "previous": _list_url(base, series_slug, page - 1) if page > 1 else None,
            "results": present_list(chosen, base_url=base, site_id=site.id),
        }
        modified = max(
            (report.last_published_at for report in chosen if report.last_published_at), default=None
        )
        return _entry(data, modified, site.root_path)

    return _cached(("list", site.id, base, series_slug, page), build)


def _list_url(base: str, series_slug: str, page: int) -> str:
    query = {"series": series_slug} if series_slug else {}
    if page > 1:
        query["page"] = page
    url = base + reverse("lagesbild_api:report-list")
    return f"{url}?{urlencode(query)}" if query else url
