"""What the public may see: the one rule every public output asks, in one place.

A page is visible on a site when it is live, not past its expiry time, under no view restriction
(password, login or groups) on itself or any ancestor, below the site's root page, and every page
above it up to that root is live and unexpired too. A report under an unpublished series therefore
has no public URL, although Wagtail itself would still serve it.

Wagtail's own `live()` does not look at `expire_at`: a page stays live until the
`publish_scheduled` command runs. This rule does not wait for that command, so an expired page
disappears at its expiry time even where no cron job runs it (scheduled go-live still needs it).

Three shapes of the same rule:
- `visible_pages(queryset, root_path)`: a page queryset narrowed to what the public may see on a site
  (listings, the API, feeds, search);
- `is_served(page, root_path)`: whether a page may be served at all, leaving view restrictions to
  Wagtail's own password or login form (the page views);
- `PublicTree`: many single pages checked in memory after two queries (link targets inside reports).

A rule of layer 3: it is handed querysets and pages and names no model of the plugin. The
plugin's pages apply it to themselves: `RapportPage.visible_reports(root_path, series=None)`,
`RapportIndexPage.find_series(root_path, slug)`, `FaqPage.visible_questions(query, root_path)`.
"""

import re

from django.db.models import Min, Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

# Reports newest first: compiled_at, then first publication (RapportPage.visible_reports, changes).
ORDER = ("-compiled_at", "-first_published_at", "-pk")
# What a series slug in an address may be (RapportIndexPage.find_series).
SLUG = re.compile(r"[-\w]{1,255}")


def _expired(page, now) -> bool:
    return page.expire_at is not None and page.expire_at <= now


def _hidden_branches(root_path: str, now) -> list[str]:
    """Paths of pages with children under the site root that are not live or have expired."""
    return list(
        Page.objects.filter(path__startswith=root_path, numchild__gt=0)
        .filter(Q(live=False) | Q(expire_at__lte=now))
        .values_list("path", flat=True)
    )


def visible_pages(queryset, root_path: str, now=None):
    """`queryset` (of any page model) narrowed to the pages the public may see on the site at `root_path`."""
    now = now or timezone.now()
    queryset = (
        queryset.filter(path__startswith=root_path)
        .exclude(path=root_path)
        .live()
        .public()
        .exclude(expire_at__lte=now)
    )
    for path in _hidden_branches(root_path, now):
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def is_visible(page, root_path: str, now=None) -> bool:
    """Whether the public may see this one page on the site at `root_path`."""
    return visible_pages(Page.objects.filter(pk=page.pk), root_path, now).exists()


def is_served(page, root_path: str, now=None) -> bool:
    """Whether the page may be served on the site at `root_path`, view restrictions aside.

    Restricted pages are left to Wagtail's own password or login form, which shows their content
    to no one without access; every other output refuses them through `visible_pages`.
    """
    now = now or timezone.now()
    if not page.path.startswith(root_path) or not page.live or _expired(page, now):
        return False
    steplen = Page.steplen
    ancestors = [page.path[:end] for end in range(len(root_path), len(page.path), steplen)]
    return not (
        Page.objects.filter(path__in=ancestors).filter(Q(live=False) | Q(expire_at__lte=now)).exists()
    )


def next_expiry(root_path: str):
    """When the next live page of the site expires, or None: cached answers must not outlive it.

    Any page counts, not only reports: a series, or a page a report links to, changes the answer too.
    """
    now = timezone.now()
    return (
        Page.objects.filter(path__startswith=root_path, live=True, expire_at__gt=now)
        .aggregate(first=Min("expire_at"))
        .get("first")
    )


class PublicTree:
    """The rule for many single pages (link targets): two queries, then answers from memory.

    Not scoped to one site: a link may point to another Wagtail site's page, which is then checked
    against its own branch of the tree. Whether a page is routable on a site at all is for the
    caller (`Page.get_url_parts`).
    """

    def __init__(self, now=None):
        self.now = now or timezone.now()
        self._hidden = None
        self._restricted = None

    def _closed_paths(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if self._hidden is None:
            self._hidden = tuple(
                Page.objects.filter(depth__gt=1, numchild__gt=0)
                .filter(Q(live=False) | Q(expire_at__lte=self.now))
                .values_list("path", flat=True)
            )
            self._restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        return self._hidden, self._restricted

    def shows(self, page) -> bool:
        if page is None or not page.live or _expired(page, self.now):
            return False
        hidden, restricted = self._closed_paths()
        return not (hidden and page.path.startswith(hidden)) and not (
            restricted and page.path.startswith(restricted)
        )
