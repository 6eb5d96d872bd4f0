"""The series page as an archive: every visible report, newest first, by year and month, searchable.

Only what `RapportPage.visible_reports` (the one visibility rule) lists ever appears, also in
search, and the previous and next links of a report page skip whatever the public may not see.
Search runs in Wagtail's search backend over the reports' indexed text, which holds only the
sections for everyone (`RapportPage.public_body_text`), so an "Endast utskick" section is never a hit.

A rule (layer 3): it asks the series and report pages it is handed for their visible reports and
names no model of the plugin.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils.dates import MONTHS
from wagtail.models import Site

MAX_QUERY = 200
_WORD = re.compile(r"\w+")


def search_words(query: str) -> str:
    """The query's words, space-separated: what the search backend receives.

    Quotes, brackets, `*`, `-` and the like are the full-text engines' syntax, and a visitor types
    them as text: SQLite's FTS5 refuses an unbalanced `"` (wagtail/wagtail#13227) and PostgreSQL a
    NUL. Words only, so `NEAR(` or `a"b` are searched as the plain words they are.
    """
    return " ".join(_WORD.findall(query))


@dataclass
class Filters:
    year: int | None = None
    month: int | None = None
    query: str = ""

    @classmethod
    def from_request(cls, request) -> "Filters":
        year = _int(request.GET.get("year"), 1900, 9999)
        month = _int(request.GET.get("month"), 1, 12) if year else None
        query = "".join(char for char in request.GET.get("q", "") if char.isprintable())
        return cls(year=year, month=month, query=" ".join(query.split())[:MAX_QUERY])

    def is_active(self) -> bool:
        return bool(self.year or self.query)

    def as_query(self) -> str:
        """The filters as a query string for paging links ("year=2025&month=5&")."""
        params = {"year": self.year, "month": self.month, "q": self.query}
        text = urlencode({key: value for key, value in params.items() if value})
        return f"{text}&" if text else ""


def _int(value, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def root_path(page, request=None) -> str:
    site = Site.find_for_request(request) if request is not None else None
    site = site or page.get_site()
    return site.root_page.path if site else page.path[: page.steplen]


def reports(series, root: str, filters: Filters):
    """The visible reports of the series that match the filters, newest first."""
    found = series.reports(root)
    if filters.year:
        found = found.filter(compiled_at__year=filters.year)
        if filters.month:
            found = found.filter(compiled_at__month=filters.month)
    if filters.query:
        # Search the series in the index, then keep the hits the visibility rule allows: the
        # search backends filter only on indexed fields, the rule needs the whole tree.
        # Ids only, unranked: the hits are listed newest first anyway, and SQLite's ranking (a
        # subquery per row) took seconds in a series of 1,667 reports (bench/scale.py).
        words = search_words(filters.query)
        if not words:  # nothing but punctuation: nothing can match
            return found.none()
        hits = found.model.objects.child_of(series).only("pk")
        hits = hits.search(words, operator="and", order_by_relevance=False)
        found = found.filter(pk__in=_hit_ids(hits))
    return found


def _hit_ids(hits):
    """The hits' ids as a subquery where the backend searches in the database.

    Wagtail's database backends (SQLite's FTS5, PostgreSQL's full-text search and the fallback)
    hold their hits as a queryset: as a subquery, a word found in 5,000 reports is counted and
    paged in the database, where a list of ids made 5,000 model instances and a query with 5,000
    parameters (bench/scale.py: 5.7x the time of 63 reports). Any other backend (Elasticsearch)
    answers with a list.
    """
    queryset = getattr(hits, "get_queryset", None)
    if callable(queryset):
        queryset = queryset()
        if isinstance(queryset, QuerySet):
            return queryset.values("pk")
    return [hit.pk for hit in hits]


def years(series, root: str) -> list[int]:
    """The years that have visible reports, newest first (for the year filter)."""
    moments = series.reports(root).dates("compiled_at", "year", order="DESC")
    return [moment.year for moment in moments]


def months() -> list[tuple[int, str]]:
    return list(MONTHS.items())


@dataclass
class Neighbours:
    previous: object = None  # the next older visible report
    next: object = None  # the next newer one


def neighbours(report, root: str) -> Neighbours:
    """The visible reports before and after this one in its series (none at either end)."""
    series = report.get_parent()
    if series is None:
        return Neighbours()
    ordered = list(type(report).visible_reports(root, series).values_list("pk", flat=True))
    if report.pk not in ordered:
        return Neighbours()
    at = ordered.index(report.pk)
    wanted = {
        "next": ordered[at - 1] if at > 0 else None,
        "previous": ordered[at + 1] if at + 1 < len(ordered) else None,
    }
    found = {page.pk: page for page in type(report).objects.filter(pk__in=[p for p in wanted.values() if p])}
    return Neighbours(previous=found.get(wanted["previous"]), next=found.get(wanted["next"]))
