"""Report, series, FAQ and home pages and the feeds are rendered once per generation, for anonymous GETs only.

frontend_widget/page_cache.py: a publish is served at once (a new generation), a report made private
is gone at once, and a visitor with a session (an editor) never gets, nor leaves, a shared copy.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import make_report, stockholm

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(make_report):
    return make_report(title="Vecka 21", compiled_at=stockholm(2025, 5, 20))


def addresses(series, report):
    return [
        report.url,
        series.url,
        f"{series.url}?year=2025",
        f"{series.url}?year=2025&month=5",
        "/",
        f"/flode/{series.slug}/rss/",
    ]


def queries(client, url) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content


def test_a_second_anonymous_request_is_served_from_the_cache(client, series, report):
    for url in addresses(series, report):
        first_queries, first = queries(client, url)
        again_queries, again = queries(client, url)
        assert first_queries > 0, url
        assert again_queries == 0, url
        assert again == first and b"Vecka 21" in again, url


def test_a_publish_is_served_at_once(client, series, report, commit):
    for url in addresses(series, report):
        assert b"Vecka 22" not in client.get(url).content
    with commit():
        make_report(series=series, title="Vecka 22", compiled_at=stockholm(2025, 5, 27))
    for url in addresses(series, report):
        assert b"Vecka 22" in client.get(url).content, url


def test_a_report_made_private_is_gone_at_once(client, series, report, make_report, commit):
    secret = make_report(title="Hemlig vecka", compiled_at=stockholm(2025, 5, 27))
    for url in addresses(series, report):
        assert b"Hemlig vecka" in client.get(url).content, url
    with commit():
        PageViewRestriction.objects.create(
            page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    for url in addresses(series, report):
        assert b"Hemlig vecka" not in client.get(url).content, url


def test_a_signed_in_editor_is_rendered_for_and_never_shares(client, admin_client, series, report):
    anonymous_queries, anonymous = queries(client, series.url)
    editor_queries, editor = queries(admin_client, series.url)
    assert editor_queries > 0  # not the anonymous copy
    assert b"wagtail-userbar" in editor and b"wagtail-userbar" not in anonymous
    # And the editor's page is not what the next anonymous visitor gets.
    client.cookies.clear()
    _queries, after = queries(client, series.url)
    assert b"wagtail-userbar" not in after
    assert queries(admin_client, series.url)[0] > 0


def test_a_search_or_an_unknown_parameter_is_rendered_per_request(client, series, report):
    for url in (f"{series.url}?q=vecka", f"{series.url}?utm_source=x", f"{series.url}?year=abc"):
        client.get(url)
        assert queries(client, url)[0] > 0, url


def test_a_restricted_series_is_never_kept(client, series, report):
    PageViewRestriction.objects.create(
        page=series, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    first = client.get(series.url)
    assert b"Vecka 21" not in first.content
    with CaptureQueriesContext(connection) as captured:
        again = client.get(series.url)
    assert len(captured) > 0
    assert b"Vecka 21" not in again.content


def test_the_cache_can_be_turned_off(client, series, report, settings):
    settings.LAGESBILD_PAGE_CACHE_SECONDS = 0
    client.get(series.url)
    assert queries(client, series.url)[0] > 0


def test_only_pages_and_feeds_look_for_a_copy(client, series, report, monkeypatch):
    """The API, the iframe pages and the PDF never have a copy here: they do not look for one."""
    from frontend_widget import page_cache

    looked_up = []
    real_get = page_cache._get

    def looking(token, key):
        looked_up.append(key[2])
        return real_get(token, key)

    monkeypatch.setattr(page_cache, "_get", looking)
    for url in ("/api/lagesbild/latest/", f"/api/lagesbild/{report.pk}/", "/embed/lagesbild/latest/"):
        assert client.get(url).status_code == 200, url
    assert looked_up == []
    for url in addresses(series, report):
        client.get(url)
    assert looked_up == [url.split("?")[0] for url in addresses(series, report)]


def test_the_faq_page_is_kept_and_an_edit_or_a_restriction_is_served_at_once(client, faq, commit):
    first_queries, first = queries(client, faq.url)
    again_queries, again = queries(client, faq.url)
    assert first_queries > 0 and again_queries == 0
    assert again == first and "Svar på det medarbetare frågar oftast.".encode() in again
    search = f"{faq.url}?q=pausen"
    client.get(search)
    assert queries(client, search)[0] > 0  # a search is rendered per request
    with commit():
        faq.intro = "<p>Nytt besked från samordningen.</p>"
        faq.save_revision().publish()
    assert "Nytt besked från samordningen.".encode() in client.get(faq.url).content
    with commit():
        PageViewRestriction.objects.create(
            page=faq, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert b"Nytt besked" not in client.get(faq.url).content
