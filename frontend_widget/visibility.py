"""Which reports the public may see on one Wagtail site: the only place the delivery decides that.

A report is visible when it is live, not past its expiry time, under no view restriction
(password, login or groups), below the site's root page, and every page above it (its series,
the home page) is live and unexpired too: a report under an unpublished series has no public URL.

Wagtail's own `live()` does not look at `expire_at`: a page stays live until the
`publish_scheduled` command runs. The delivery does not wait for that command, so an expired page
disappears at its expiry time even where no cron job runs it.
"""

import re

from django.db.models import Min, Q
from django.utils import timezone
from wagtail.models import Page

from rapport_blocks.models import RapportIndexPage, RapportPage

ORDER = ("-compiled_at", "-first_published_at", "-pk")
SLUG = re.compile(r"[-\w]{1,255}")


def _hidden_branches(root_path: str, now) -> list[str]:
    """Paths of pages with children under the site root that are not live or have expired."""
    return list(
        Page.objects.filter(path__startswith=root_path, numchild__gt=0)
        .filter(Q(live=False) | Q(expire_at__lte=now))
        .values_list("path", flat=True)
    )


def _visible(queryset, root_path: str, now):
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


def visible_reports(root_path: str, series: RapportIndexPage | None = None):
    """The site's visible reports, newest first (compiled_at, then first publication)."""
    now = timezone.now()
    reports = _visible(RapportPage.objects.all(), root_path, now)
    if series is not None:
        reports = reports.child_of(series)
    return reports.order_by(*ORDER)


def find_series(root_path: str, slug: str) -> RapportIndexPage | None:
    """The visible series with this slug on the site (the first in tree order if two share it)."""
    if not SLUG.fullmatch(slug):  # also keeps NUL and other junk away from the database
        return None
    now = timezone.now()
    return _visible(RapportIndexPage.objects.filter(slug=slug), root_path, now).order_by("path").first()


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
