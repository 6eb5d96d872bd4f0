"""The report page shows readers what changed since the previous report: "Ny" and "Ändrad" in words."""

import pytest
from bs4 import BeautifulSoup

from tests.conftest import DEMO_HOST

pytestmark = pytest.mark.django_db


def page_html(client, page):
    response = client.get(page.url, HTTP_HOST=DEMO_HOST, secure=True)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def item_with(soup, text):
    return next(li for li in soup.select(".rapport-section li") if text in li.get_text())


def badge(li):
    # The item's own badge, not one of a sub-bullet's.
    found = li.find("span", class_="rapport-change", recursive=False)
    return found.get_text(strip=True) if found else None


def test_new_and_changed_items_carry_a_badge_in_words(client, demo_reports):
    soup = page_html(client, demo_reports["2026-11-24"])

    assert badge(item_with(soup, "Synpunkterna från vården är avgörande")) == "Ny"
    assert badge(item_with(soup, "Beslut om upphandling väntas under våren 2027.")) == "Ändrad"
    assert badge(item_with(soup, "Medieintresset är fortsatt lågt; två frågor")) == "Ändrad"
    assert badge(item_with(soup, "Samordningsgruppen ska säkerställa")) is None
    # An action is marked like any bullet; unchanged nested bullets are not.
    assert badge(item_with(soup, "Det här tycker vården om journalsystemet")) == "Ny"
    assert badge(item_with(soup, "Fem frågor om upphandlingen")) is None
    assert badge(item_with(soup, "administration och uppföljning.")) is None
    summary = soup.select_one(".rapport-header__changes").get_text(" ", strip=True)
    assert summary == "Sedan förra lägesbilden: 2 nya, 3 ändrade, 1 borttagen."


def test_the_badge_is_read_before_the_item_and_is_not_colour_only(client, demo_reports):
    soup = page_html(client, demo_reports["2026-11-24"])
    li = item_with(soup, "Synpunkterna från vården är avgörande")

    assert li.get_text(" ", strip=True).startswith("Ny Synpunkterna från vården")
    span = li.find("span", class_="rapport-change")
    assert "visually-hidden" not in span.get("class") and span.get("aria-hidden") is None


def test_the_first_report_has_no_badges_and_no_summary(client, demo_reports):
    soup = page_html(client, demo_reports["2026-11-17"])

    assert soup.select(".rapport-change") == []
    assert soup.select_one(".rapport-header__changes") is None


def test_the_embed_shows_the_markers_too(client, demo_reports):
    response = client.get(
        f"/embed/lagesbild/{demo_reports['2026-11-24'].pk}/?sections=all", HTTP_HOST=DEMO_HOST, secure=True
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    li = next(li for li in soup.select("li") if "Synpunkterna från vården är" in li.get_text())
    assert li.find("span", class_="rapport-change").get_text() == "Ny"
    assert [span.get_text() for span in soup.select("span.rapport-change")].count("Ändrad") == 3
