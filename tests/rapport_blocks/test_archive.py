"""The series page as an archive: paging, year and month filters, search (å/ä/ö), previous/next."""

import re

import pytest
from wagtail.models import PageViewRestriction

from rapport_blocks.models import RapportIndexPage
from tests import factories
from tests.factories import stockholm

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def titles(response) -> list[str]:
    return re.findall(r'class="rapport-list__title" href="[^"]*">([^<]*)</a>', response.content.decode())


def mailing(heading, html):
    section = factories.text(heading=heading, html=html)
    section["value"]["audience"] = "mailing"
    return section


@pytest.fixture
def archive(series):
    """Six reports over two years, a draft and a restricted one that must never show."""
    made = {}
    for title, moment, words in [
        ("Rapport januari 2025", stockholm(2025, 1, 14), "Vårdcentralerna startar"),
        ("Rapport maj 2025 a", stockholm(2025, 5, 6), "Inloggningen är långsam"),
        ("Rapport maj 2025 b", stockholm(2025, 5, 27), "Öppettiderna ändras"),
        ("Rapport december 2025", stockholm(2025, 12, 30), "Julens bemanning"),
        ("Rapport januari 2026", stockholm(2026, 1, 5), "Återstart efter helgerna"),
        ("Rapport maj 2026", stockholm(2026, 5, 12), "Utbildning för ändringar i journalen"),
    ]:
        made[title] = factories.make_report(
            series=series,
            title=title,
            compiled_at=moment,
            body=[
                factories.bullets(html=f"<ul><li>{words}</li></ul>"),
                mailing("Till ledningen", "<p>Sekretessord</p>"),
            ],
        )
    factories.make_report(
        series=series, title="Utkast juni 2026", compiled_at=stockholm(2026, 6, 2), publish=False
    )
    hidden = factories.make_report(series=series, title="Låst rapport", compiled_at=stockholm(2026, 6, 9))
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    return made


def test_newest_first_and_paged(client, series, archive, monkeypatch):
    monkeypatch.setattr(RapportIndexPage, "reports_per_page", 4)
    first = client.get(series.url)
    assert titles(first) == [
        "Rapport maj 2026",
        "Rapport januari 2026",
        "Rapport december 2025",
        "Rapport maj 2025 b",
    ]
    second = client.get(series.url + "?page=2")
    assert titles(second) == ["Rapport maj 2025 a", "Rapport januari 2025"]
    assert "Utkast" not in first.content.decode() + second.content.decode()
    assert "Låst rapport" not in first.content.decode() + second.content.decode()


def test_year_and_month_filters_and_paging_keeps_them(client, series, archive, monkeypatch, settings):
    # The page size changes mid-test, as no running site's does: a host's page cache (the demo's
    # frontend_widget) would keep the page rendered before the change.
    settings.LAGESBILD_PAGE_CACHE_SECONDS = 0
    assert titles(client.get(series.url + "?year=2025")) == [
        "Rapport december 2025",
        "Rapport maj 2025 b",
        "Rapport maj 2025 a",
        "Rapport januari 2025",
    ]
    assert titles(client.get(series.url + "?year=2025&month=5")) == [
        "Rapport maj 2025 b",
        "Rapport maj 2025 a",
    ]
    assert titles(client.get(series.url + "?year=2026&month=2")) == []
    # Nonsense is no filter, not an error.
    assert len(titles(client.get(series.url + "?year=abc&month=13"))) == 6
    monkeypatch.setattr(RapportIndexPage, "reports_per_page", 1)
    page = client.get(series.url + "?year=2025&month=5")
    assert 'href="?year=2025&amp;month=5&amp;page=2"' in page.content.decode()
    assert titles(client.get(series.url + "?year=2025&month=5&page=2")) == ["Rapport maj 2025 a"]
    html = client.get(series.url).content.decode()
    assert '<option value="2026">2026</option>' in html and '<option value="2025">2025</option>' in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("vårdcentralerna", ["Rapport januari 2025"]),
        ("långsam", ["Rapport maj 2025 a"]),
        ("Öppettiderna", ["Rapport maj 2025 b"]),
        ("återstart", ["Rapport januari 2026"]),
        ("ändringar journalen", ["Rapport maj 2026"]),
        ("Sekretessord", []),  # an "Endast utskick" section is not searchable
        ("Låst", []),  # nor a restricted report, nor a draft
        ("Utkast", []),
    ],
)
def test_search_finds_visible_reports_by_their_public_content(client, series, archive, query, expected):
    assert titles(client.get(series.url, {"q": query})) == expected


def test_search_and_month_together(client, series, archive):
    assert titles(client.get(series.url, {"q": "rapport", "year": "2025", "month": "5"})) == [
        "Rapport maj 2025 b",
        "Rapport maj 2025 a",
    ]


def neighbour_links(response) -> dict:
    html = response.content.decode()
    return {
        rel: re.search(rf'rel="{rel}">([^<]*)</a>', html).group(1) if f'rel="{rel}"' in html else None
        for rel in ("prev", "next")
    }


def test_previous_and_next_links_at_both_ends_and_in_the_middle(client, archive):
    newest = client.get(archive["Rapport maj 2026"].url)
    assert neighbour_links(newest) == {
        "prev": "Föregående: Rapport januari 2026, 5 januari 2026",
        "next": None,
    }
    oldest = client.get(archive["Rapport januari 2025"].url)
    assert neighbour_links(oldest) == {"prev": None, "next": "Nästa: Rapport maj 2025 a, 6 maj 2025"}
    middle = client.get(archive["Rapport december 2025"].url)
    assert neighbour_links(middle) == {
        "prev": "Föregående: Rapport maj 2025 b, 27 maj 2025",
        "next": "Nästa: Rapport januari 2026, 5 januari 2026",
    }
