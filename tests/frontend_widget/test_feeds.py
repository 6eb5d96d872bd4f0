"""RSS and Atom per series: valid, full content, visible reports only, control characters survive."""

import feedparser
import pytest

from tests import factories
from tests.factories import stockholm

pytestmark = pytest.mark.django_db


def mailing(heading="Ledningens bedömning", html="<p>Hemlig budgetfråga.</p>"):
    section = factories.text(heading=heading, html=html)
    section["value"]["audience"] = "mailing"
    return section


@pytest.fixture
def reports(series):
    older = factories.make_report(
        series=series,
        title="Vecka\x0c 21",
        compiled_at=stockholm(2025, 5, 20),
        body=[
            factories.bullets(
                heading="Sammanfattning\x0b i vecka 21",
                html="<ul><li>Första punkten<ul><li>Under\x01punkt med styrtecken</li></ul></li></ul>",
            )
        ],
    )
    newer = factories.make_report(
        series=series,
        title="Vecka 22",
        compiled_at=stockholm(2025, 5, 27),
        body=[
            factories.bullets(heading="Läget", html="<ul><li>Allt <b>går</b> bra</li><li>Två</li></ul>"),
            factories.text(heading="Om rapporten", html="<p>Varje vecka.</p>"),
            mailing(),
        ],
    )
    draft = factories.make_report(
        series=series, title="Utkast", compiled_at=stockholm(2025, 6, 3), publish=False
    )
    return older, newer, draft


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_feed_parses_without_errors_and_holds_every_visible_report_in_full(client, series, reports, kind):
    response = client.get(f"/flode/{series.slug}/{kind}/")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == ["Vecka 22 – 27 maj 2025", "Vecka 21 – 20 maj 2025"]
    newest, oldest = parsed.entries
    content = newest.content[0].value if kind == "atom" else newest.description
    for text in ("Läget", "Allt <b>går</b> bra", "Två", "Om rapporten", "Varje vecka."):
        assert text in content
    assert "Ledningens bedömning" not in response.content.decode()
    assert "Hemlig budgetfråga" not in response.content.decode()
    oldest_content = oldest.content[0].value if kind == "atom" else oldest.description
    # The sanitiser writes "?" for the control character in the bullet; the heading's is dropped.
    assert "Under?punkt med styrtecken" in oldest_content
    assert "Sammanfattning i vecka 21" in oldest_content
    assert newest.link.endswith(f"/{series.slug}/2025-05-27/")
    if kind == "atom":
        assert newest.updated_parsed is not None and newest.published_parsed is not None


def test_the_series_page_and_report_pages_carry_discovery_links(client, series, reports):
    for url in (series.url, reports[1].url):
        html = client.get(url).content.decode()
        assert f'type="application/rss+xml" href="http://testserver/flode/{series.slug}/rss/"' in html
        assert f'type="application/atom+xml" href="http://testserver/flode/{series.slug}/atom/"' in html


def test_feeds_follow_the_visibility_rule(client, series, reports, commit):
    from wagtail.models import PageViewRestriction

    older, newer, _draft = reports
    with commit():
        PageViewRestriction.objects.create(page=newer, restriction_type="password", password="hemligt")
    parsed = feedparser.parse(client.get(f"/flode/{series.slug}/rss/").content)
    assert [entry.title for entry in parsed.entries] == ["Vecka 21 – 20 maj 2025"]

    with commit():
        series.unpublish()
    assert client.get(f"/flode/{series.slug}/rss/").status_code == 404
    assert client.get("/flode/finns-inte/atom/").status_code == 404


def test_a_publish_shows_in_a_feed_that_was_already_read(client, series, reports, commit):
    client.get(f"/flode/{series.slug}/atom/")  # warm the cache
    _older, _newer, draft = reports
    with commit():
        draft.save_revision().publish()
    parsed = feedparser.parse(client.get(f"/flode/{series.slug}/atom/").content)
    assert parsed.entries[0].title == "Utkast – 3 juni 2025"
    with commit():
        draft.refresh_from_db()
        draft.unpublish()
    parsed = feedparser.parse(client.get(f"/flode/{series.slug}/atom/").content)
    assert [entry.title for entry in parsed.entries][0] == "Vecka 22 – 27 maj 2025"
