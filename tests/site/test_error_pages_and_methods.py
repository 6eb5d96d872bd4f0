"""Swedish 404 and 500 pages of the product's own, and 405 for every method a public address doesn't serve."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_404_page_is_swedish_and_the_sites_own(client, home, settings):
    settings.DEBUG = False
    response = client.get("/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in html and "Till startsidan" in html
    assert '<html lang="sv">' in html and 'class="site-header"' in html
    assert "rapport_blocks/css/rapport.css" in html
    assert "Not Found" not in html


def test_the_500_page_is_swedish_and_needs_no_database(home, settings, monkeypatch):
    settings.DEBUG = False
    from rapport_blocks.rules import archive

    def broken(*args, **kwargs):
        raise RuntimeError("the test breaks the series page")

    series = factories.make_series(home, slug="lagesbild")
    monkeypatch.setattr(archive, "reports", broken)
    client = Client(raise_request_exception=False)
    response = client.get(series.url)
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Något gick fel</h1>" in html and "försök igen om en stund" in html
    assert "Server Error" not in html and "https://" not in html and "http://" not in html


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"])
def test_public_pages_and_feeds_answer_405_to_what_they_do_not_serve(client, series, make_report, method):
    report = make_report()
    for path in (
        "/",
        series.url,
        report.url,
        f"/flode/{series.slug}/rss/",
        f"/flode/{series.slug}/atom/",
        "/healthz",
    ):
        response = client.generic(method, path)
        assert response.status_code == 405, (method, path, response.status_code)
        assert response["Allow"] == "GET, HEAD"
    assert client.get(f"/flode/{series.slug}/rss/").status_code == 200
    assert client.head(series.url).status_code == 200
