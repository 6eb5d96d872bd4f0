"""Purging the front cache (Varnish, nginx, a CDN) whenever the cached reports start a new generation.

With a front cache in front of several instances, the API can tell shared caches to keep answers
long (`s-maxage`) only if something removes them the moment they change. Wagtail's
`wagtail.contrib.frontend_cache` gives the backends (HTTP PURGE for Varnish and nginx, Cloudflare,
CloudFront, Azure CDN and Front Door), configured in `WAGTAILFRONTENDCACHE`, which cms/settings.py
builds from the environment (docs/deployment.md). This module decides *what* to purge and *when*.

What: on every new generation, for every site, the fixed addresses that show "the latest" or a
list (`ADDRESS_PROVIDERS`: the latest report with each `?series=`, the list, the embed of the
latest, the series pages, the home page; the FAQ list and every FAQ page's addresses), and the
addresses of the changed pages (a report's API detail, page and embed; a moved page's old address
too). A change whose reach is unknown (a person, a link collection, a document, a site) purges
every report's addresses. Other channels add their fixed addresses with `register_addresses`, as
the feeds and the FAQ do below.

When: after the commit *and* after the generation switched, twice: at once, and again when every
worker's own copy of the old generation has run out (`LAGESBILD_LOCAL_CACHE_SECONDS`). A front cache
that refetched in between could otherwise store an old answer from a worker that had not yet seen
the switch, and keep it for the whole `s-maxage`. Purges run in a background thread: a slow CDN API
must not hold up the editor's publish.

Wagtail's own app (`wagtail.contrib.frontend_cache` in INSTALLED_APPS) is not installed: its signal
handlers purge a page when it is published, before the generation switches, which is the race
above; every address they would purge is purged here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Page, Site

from .conf import delivery_settings

logger = logging.getLogger(__name__)

EVERYTHING = "everything"  # a change whose reach is unknown

# (site) -> paths under the site's root URL ("/api/...", may hold a query string)
AddressProvider = Callable[[Site], Iterable[str]]
ADDRESS_PROVIDERS: list[AddressProvider] = []

_pending_lock = threading.Lock()
_pending: set = set()


def register_addresses(provider: AddressProvider) -> AddressProvider:
    """Add addresses to purge on every new generation (usable as a decorator).

    `provider(site)` returns paths of that site, such as "/feeds/lagesbild.xml" or
    "/api/faq/?series=x"; they are purged in every configured front cache.
    """
    ADDRESS_PROVIDERS.append(provider)
    return provider


def backends() -> dict:
    return get_backends()


def is_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


# What changed


def note(instance=None, **kwargs) -> None:
    """Record what a change touched (invalidation calls it with every signal) and purge on commit."""
    if not is_configured():
        return
    changed = _changed_pages(instance, kwargs)
    with _pending_lock:
        _pending.update(changed)
    transaction.on_commit(flush)


def _changed_pages(instance, kwargs) -> set:
    from wagtail.models import PageViewRestriction

    if isinstance(instance, Page):
        changed = {("page", instance.pk, instance.url_path)}
        before = kwargs.get("url_path_before")
        if before:  # a move: the old address shows the page too, until purged
            changed.add(("page", instance.pk, before))
            changed |= {("page", None, before + rest) for rest in _descendant_rests(instance)}
        return changed
    if isinstance(instance, PageViewRestriction):
        page = instance.page
        return {("page", p.pk, p.url_path) for p in [page, *Page.objects.descendant_of(page)]}
    return {EVERYTHING}


def _descendant_rests(page) -> list[str]:
    return [p.url_path[len(page.url_path) :] for p in Page.objects.descendant_of(page).only("url_path")]


# Which addresses


def _site_path(site: Site, url_path: str) -> str | None:
    root = site.root_page.url_path
    return "/" + url_path[len(root) :] if url_path.startswith(root) else None


def _report_paths(page_id: int) -> list[str]:
    return [
        reverse("lagesbild_api:report-detail", args=[page_id]),
        reverse("lagesbild-embed-report", args=[page_id]),
    ]


@register_addresses
def delivery_addresses(site: Site) -> list[str]:
    """The delivery's fixed addresses: the latest, the list and the embed, for all and each series."""
    from rapport_blocks.models import RapportIndexPage

    latest = reverse("lagesbild_api:report-latest")
    listing = reverse("lagesbild_api:report-list")
    embed = reverse("lagesbild-embed-latest")
    paths = [latest, listing, embed, "/"]
    for series in RapportIndexPage.objects.descendant_of(site.root_page).only("slug", "url_path"):
        query = "?" + urlencode({"series": series.slug})
        paths += [latest + query, listing + query, embed + query]
        path = _site_path(site, series.url_path)
        if path:
            paths.append(path)
    return paths


@register_addresses
def feed_addresses(site: Site) -> list[str]:
    """Each series' RSS and Atom feed: a publish, an unpublish or a privacy change alters them."""
    from rapport_blocks.models import RapportIndexPage

    paths = []
    for slug in RapportIndexPage.objects.descendant_of(site.root_page).values_list("slug", flat=True):
        paths += [reverse("lagesbild-feed-rss", args=[slug]), reverse("lagesbild-feed-atom", args=[slug])]
    return paths


@register_addresses
def faq_addresses(site: Site) -> list[str]:
    """The FAQ's addresses: the list, and each FAQ page's API detail, embed and page.

    Few pages, so all of them on every generation: a change anywhere can alter an answer that
    links to it. (Searches, `?q=`, are purged with their path in Varnish; a CDN keeps them until
    its s-maxage.)
    """
    from rapport_blocks.models import FaqPage

    paths = [reverse("lagesbild_api:faq-list")]
    for faq in FaqPage.objects.descendant_of(site.root_page).only("pk", "url_path"):
        paths += [
            reverse("lagesbild_api:faq-detail", args=[faq.pk]),
            reverse("lagesbild-embed-faq", args=[faq.pk]),
        ]
        path = _site_path(site, faq.url_path)
        if path:
            paths.append(path)
    return paths


def addresses(changed: set) -> list[str]:
    """Full URLs to purge for the changes in `changed`, for every site."""
    from rapport_blocks.models import RapportPage

    pages = {item for item in changed if item != EVERYTHING}
    if EVERYTHING in changed:
        pages |= {
            ("page", pk, url_path) for pk, url_path in RapportPage.objects.values_list("pk", "url_path")
        }
    urls = []
    for site in Site.objects.select_related("root_page"):
        root = site.root_url.rstrip("/")
        paths = []
        for provider in ADDRESS_PROVIDERS:
            try:
                paths.extend(provider(site))
            except Exception:
                logger.exception("Front cache purge: the address provider %r failed", provider)
        for _kind, pk, url_path in pages:
            path = _site_path(site, url_path)
            if path is not None:
                paths.append(path)
                if pk is not None:
                    paths.extend(_report_paths(pk))
        urls.extend(root + path for path in dict.fromkeys(paths))
    return urls


# Purging


def flush() -> None:
    """Purge what the committed changes touched: now, and once every worker has seen the new generation."""
    with _pending_lock:
        changed = set(_pending)
        _pending.clear()
    if not changed:
        return
    try:
        urls = addresses(changed)
    except Exception:  # a purge must never undo the editor's change
        logger.exception("Front cache purge: could not work out the addresses")
        return
    delay = float(delivery_settings.LOCAL_CACHE_SECONDS) + 0.1
    thread = threading.Thread(target=_purge_twice, args=(urls, delay), name="lagesbild-purge")
    thread.start()  # not a daemon: a management command waits for its purges before it exits


def _purge_twice(urls: list[str], delay: float) -> None:
    purge_urls(urls)
    threading.Event().wait(delay)
    purge_urls(urls)


def purge_urls(urls: list[str]) -> None:
    from urllib.parse import urlsplit

    for name, backend in backends().items():
        chosen = [url for url in urls if backend.invalidates_hostname(urlsplit(url).hostname or "")]
        try:
            backend.purge_batch(chosen)
        except Exception:
            logger.exception("Front cache purge: backend %s failed", name)
