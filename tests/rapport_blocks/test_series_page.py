"""The series page lists its live, public reports newest first, a page at a time."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from rapport_blocks.models import RapportIndexPage
from tests.factories import stockholm

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def listed(client, series, query="") -> BeautifulSoup:
    response = client.get(series.url + query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".rapport-list a")]


def test_reports_newest_first_with_number_and_swedish_date(client, series, make_report):
    make_report(title="Mitten", compiled_at=stockholm(2025, 5, 20))
    make_report(title="Senaste", compiled_at=stockholm(2025, 5, 27, 8, 30))
    make_report(title="Äldsta", compiled_at=stockholm(2025, 5, 13))

    page = listed(client, series)
    assert [h1.get_text(strip=True) for h1 in page.find_all("h1")] == ["Lägesbild vårdinformationssystem"]
    assert titles(page) == ["Senaste", "Mitten", "Äldsta"]
    newest = page.select_one(".rapport-list li")
    assert newest.find("a")["href"] == "/lagesbild/2025-05-27/"
    assert "Rapport nr 2" in newest.get_text()
    assert newest.find("time").get_text() == "Sammanställd: 27 maj 2025 kl. 08:30"
    assert newest.find("time")["datetime"] == "2025-05-27T08:30:00+02:00"


def test_drafts_and_restricted_reports_are_absent(client, series, make_report):
    make_report(title="Publicerad", compiled_at=stockholm(2025, 5, 13))
    make_report(title="Utkast", compiled_at=stockholm(2025, 5, 20), publish=False)
    restricted = make_report(title="Intern", compiled_at=stockholm(2025, 5, 27))
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")

    page = listed(client, series)
    assert titles(page) == ["Publicerad"]
    assert "Utkast" not in page.get_text()
    assert "Intern" not in page.get_text()


def test_an_unpublished_edit_does_not_show(client, series, make_report):
    report = make_report(title="Publicerad titel")
    report.title = "Ändrad i utkast"
    report.save_revision()
    assert titles(listed(client, series)) == ["Publicerad titel"]


def test_an_empty_series_says_so(client, series):
    assert "Inga rapporter har publicerats i den här serien än." in listed(client, series).get_text()


@pytest.fixture
def five_reports(monkeypatch, series, make_report):
    monkeypatch.setattr(RapportIndexPage, "reports_per_page", 2)
    for day in (6, 13, 20, 27, 3):
        month = 6 if day == 3 else 5
        make_report(title=f"Rapport {month}-{day:02d}", compiled_at=stockholm(2025, month, day))


def test_pagination_pages_through_the_series(client, series, five_reports):
    first = listed(client, series)
    assert titles(first) == ["Rapport 6-03", "Rapport 5-27"]
    nav = first.find("nav", class_="pagination")
    assert nav["aria-label"] == "Sidor med rapporter"
    current = nav.find("a", attrs={"aria-current": "page"})
    assert current.get_text(" ", strip=True) == "Sida 1"
    assert nav.find("a", rel="next")["href"] == "?page=2"
    assert nav.find("a", rel="prev") is None

    second = listed(client, series, "?page=2")
    assert titles(second) == ["Rapport 5-20", "Rapport 5-13"]
    nav = second.find("nav", class_="pagination")
    assert nav.find("a", rel="prev").get_text() == "Nyare rapporter"
    assert nav.find("a", rel="next").get_text() == "Äldre rapporter"

    assert titles(listed(client, series, "?page=3")) == ["Rapport 5-06"]


@pytest.mark.parametrize("query", ["?page=abc", "?page=-1", "?page=0", "?page=99999999999999999999"])
def test_a_bad_page_number_still_shows_a_page(client, series, five_reports, query):
    assert len(titles(listed(client, series, query))) in (1, 2)


def test_the_series_intro_goes_through_the_same_links_and_sanitiser(client, series, home):
    series.intro = f'<p>Se <a linktype="page" id="{home.pk}">start</a>.<script>alert(1)</script></p>'
    series.save_revision().publish()
    intro = listed(client, series).find(class_="rapport-intro")
    assert intro.decode_contents() == '<p>Se <a href="http://testserver/">start</a>.</p>'
