"""Costs that do not grow with the archive: as many queries with 5,000 reports as with one.

One site, built once for the module (`archive`) and measured three times, every address asked
cold (no cached answer anywhere):

1. **one report**: exactly one visible report (the demo series that `generate_reports` reads its
   sections from is unpublished) and an FAQ page with one question;
2. **full**: 63 reports over three series, so that every series' first page, feed and latest
   report are as full as they will ever be;
3. **5,000 reports** and 200 FAQ questions.

From 2 to 3 nothing may change: the list endpoint, the latest endpoint, the series page with its
filters and pagination, the home page, the feeds and the FAQ outputs make exactly as many queries
with 5,000 reports as with 63. From 1 to 2 two differences are legitimate and pinned exactly:

- a latest report with a previous one is compared with it (the change markers): the latest
  endpoint, its embed and the home page present the previous report's content too, and cost
  exactly what `presentation.present` of that report costs more, nothing else;
- a feed presents each of its entries in full (once per publication, shared with the API's
  cached answers): one entry with one report, `FEED_SIZE` (20) from 20 reports on, never more.

Timing belongs in bench/ (`make bench` times the same addresses with 1 and 5,000 reports).
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from cms.management.commands.generate_reports import FAQ_TITLE, TITLE
from cms.management.commands.load_demo import SERIES_SLUG as DEMO_SERIES
from frontend_widget import delivery
from frontend_widget.feeds import FEED_SIZE
from rapport_blocks.models import FaqPage, RapportIndexPage, RapportPage
from rapport_blocks.rules import presentation

# In `make test-postgres` too: the counts are pinned on both databases. Timing is bench/scale.py's.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

REPORTS = 5000
QUESTIONS = 200
SERIES = 3
FULL = SERIES * (FEED_SIZE + 1)  # every series has a full feed and a previous report for its latest
IT = "lagesbild-it"
COMPARED = {"latest", "latest of a series", "latest embed", "home page"}
FEEDS = {"rss", "atom"}


def generate(count: int, questions: int = 0) -> None:
    call_command(
        "generate_reports",
        count,
        "--series",
        str(SERIES),
        "--faq-questions",
        str(questions),
        "--force",
        stdout=io.StringIO(),
    )
    analysed()


def analysed() -> None:
    """PostgreSQL plans by its statistics, and autovacuum never gathers them for rows not committed.

    Without them, PostgreSQL planned the 5,000 reports' page queries as if the tables were empty
    and each took seconds. ANALYZE may run inside the test's transaction and counts its own rows.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def cold(url: str, client) -> tuple[int, object]:
    delivery.forget_local()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def addresses(page: int = 1) -> dict[str, str]:
    series = RapportIndexPage.objects.get(slug=IT)
    faq = FaqPage.objects.get(title=FAQ_TITLE)
    newest = series.latest_report()
    year, month = newest.compiled_at.year, newest.compiled_at.month
    more = f"page={page}&" if page > 1 else ""
    return {
        "latest": "/api/lagesbild/latest/",
        "latest of a series": f"/api/lagesbild/latest/?series={IT}",
        "latest embed": "/embed/lagesbild/latest/",
        "list": f"/api/lagesbild/?{more}",
        "list of a series": f"/api/lagesbild/?{more}series={IT}",
        "series page": f"{series.url}?{more}",
        "series page, year": f"{series.url}?{more}year={year}",
        "series page, month": f"{series.url}?{more}year={year}&month={month}",
        "series page, search": f"{series.url}?{more}q=journalsystem",
        "home page": "/",
        "rss": f"/flode/{IT}/rss/",
        "atom": f"/flode/{IT}/atom/",
        "faq list": "/api/faq/",
        "faq": f"/api/faq/{faq.pk}/",
        "faq search": f"/api/faq/{faq.pk}/?q=pausen",
        "faq page": faq.url,
        "faq page search": f"{faq.url}?q=pausen",
        "faq embed": f"/embed/faq/{faq.pk}/",
    }


def measure(client) -> dict[str, int]:
    return {name: cold(url, client)[0] for name, url in addresses().items()}


def presentation_queries() -> int:
    """The queries of presenting the newest report (cold), its comparison with the previous one included."""
    newest = RapportPage.objects.get(title=f"{TITLE}1")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        presentation.present(newest, base_url="http://testserver")
    return len(queries)


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """{"one", "full", "many"}: the cold queries of every address; the site stays for the tests."""
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path_factory.mktemp("scale-cache")),
        }
    }
    with django_db_blocker.unblock(), override_settings(CACHES=caches), transaction.atomic():
        client = Client()
        generate(1, questions=1)
        # The demo (loaded by generate_reports for its sections) leaves the public site.
        RapportIndexPage.objects.get(slug=DEMO_SERIES).unpublish()
        for faq in FaqPage.objects.exclude(title=FAQ_TITLE):
            faq.unpublish()
        figures = {"one": measure(client), "presentation, one": presentation_queries()}
        generate(FULL - 1)
        figures["full"] = measure(client)
        figures["presentation, full"] = presentation_queries()
        generate(REPORTS - FULL, questions=QUESTIONS)
        figures["many"] = measure(client)
        figures["many, page 2"] = {
            name: cold(url, client)[0] for name, url in addresses(page=2).items() if "page=2" in url
        }
        yield figures
        transaction.set_rollback(True)


def test_the_command_refuses_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate_reports", 3)
    assert not RapportPage.objects.filter(title__startswith=TITLE).exists()


def test_the_archive_is_5000_real_reports_and_200_questions(archive, client):
    generated = RapportPage.objects.filter(title__startswith=TITLE)
    assert generated.live().count() == REPORTS
    per_series = {
        series.slug: generated.child_of(series).count()
        for series in RapportIndexPage.objects.exclude(slug=DEMO_SERIES)
    }
    assert per_series == {"lagesbild-it": 1667, "lagesbild-vard": 1667, "lagesbild-beredskap": 1666}
    assert generated.values("compiled_at").distinct().count() > REPORTS / SERIES
    assert (
        len({tuple(block.block_type for block in report.body) for report in generated.order_by("?")[:50]}) > 1
    )
    faq = FaqPage.objects.get(title=FAQ_TITLE)
    assert sum(len(category.value["questions"]) for category in faq.body) == QUESTIONS
    # The bulk path wrote a sound tree and published pages, as Wagtail's own would.
    assert RapportPage.find_problems() == ([], [], [], [], [])
    for report in generated.order_by("?")[:3]:
        report.full_clean()
        assert report.live_revision_id == report.latest_revision_id
        assert list(report.live_revision.as_object().body.raw_data) == list(report.body.raw_data)
        assert not report.has_unpublished_changes
        _queries, page = cold(report.url, client)
        assert report.title.encode() in page.content
        _queries, api = cold(f"/api/lagesbild/{report.pk}/", client)
        assert api.json()["title"] == report.title
        assert api.json()["number"] == report.number
    # Generated reports are in the search index: the series page finds them.
    series = RapportIndexPage.objects.get(slug=IT)
    hits = RapportPage.objects.child_of(series).search("journalsystem", order_by_relevance=False)
    assert hits.count() > FEED_SIZE


def test_queries_do_not_grow_with_the_archive(archive):
    assert archive["many"] == archive["full"]
    for name, queries in archive["many, page 2"].items():
        assert queries == archive["many"][name], name


def test_a_one_report_site_differs_only_by_the_comparison_and_the_feed_size(archive):
    one, full = archive["one"], archive["full"]
    comparison = archive["presentation, full"] - archive["presentation, one"]
    assert comparison > 0
    for name in one:
        if name in COMPARED:
            assert full[name] == one[name] + comparison, name
        elif name not in FEEDS:
            assert full[name] == one[name], name


def test_a_feed_costs_by_its_entries_not_by_the_archive(archive, client):
    """One entry with one report, FEED_SIZE from then on, however many reports follow."""
    for name in FEEDS:
        assert archive["one"][name] < archive["full"][name] == archive["many"][name]
    _queries, feed = cold(f"/flode/{IT}/rss/", client)
    assert feed.content.count(b"<item>") == FEED_SIZE


def test_a_warm_page_or_feed_makes_no_query_with_5000_reports(archive, client):
    """The series page and its filters, the home page and the feeds: rendered once per generation."""
    cached = {"series page", "series page, year", "series page, month", "home page", "rss", "atom"}
    for name, url in addresses().items():
        if name not in cached:
            continue
        _queries, first = cold(url, client)
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
        assert len(queries) == 0, name
        assert again.content == first.content, name
