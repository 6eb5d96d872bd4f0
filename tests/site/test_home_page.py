"""The home page leads to the latest live report and lists the series."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import stockholm

pytestmark = pytest.mark.django_db


def test_home_page_leads_to_the_latest_report(client, home, series, make_report):
    make_report(title="Förra veckan", compiled_at=stockholm(2025, 5, 20))
    make_report(title="Den här veckan", compiled_at=stockholm(2025, 5, 27))
    make_report(title="Ej publicerad", compiled_at=stockholm(2025, 6, 3), publish=False)

    page = BeautifulSoup(client.get(home.url).content, "html.parser")
    latest = page.find("section", class_="latest-report")
    assert latest.find("h2").get_text() == "Senaste lägesbilden"
    link = latest.find("a")
    assert (link.get_text(), link["href"]) == ("Den här veckan", "/lagesbild/2025-05-27/")
    assert "Sammanställd: 27 maj 2025 kl. 08:30" in latest.get_text()
    assert "Ej publicerad" not in page.get_text()
    series_links = page.find("section", class_="series-list").find_all("a")
    assert [(a.get_text(), a["href"]) for a in series_links] == [
        ("Lägesbild vårdinformationssystem", "/lagesbild/")
    ]
