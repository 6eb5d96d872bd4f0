"""The iframe page, the feed and the e-mail send a reader to each section's place on the report page."""

import feedparser
import pytest
from bs4 import BeautifulSoup

from frontend_widget.mailing.message import presented, render_html
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(make_report):
    mailing = factories.bullets("Till ledningen", "<ul><li>Bara i utskicket.</li></ul>")
    mailing["value"]["audience"] = "mailing"
    return make_report(
        body=[
            factories.bullets("Sammanfattande lägesbild", "<ul><li>Läget är lugnt.</li></ul>"),
            mailing,
            factories.bullets("Verksamhetens kommentar", "<ul><li>Systemet används fullt ut.</li></ul>"),
        ]
    )


def page_ids(client, report) -> set:
    soup = BeautifulSoup(client.get(report.url).content, "html.parser")
    return {section["id"] for section in soup.select("section.rapport-section[id]")}


def heading_links(html: str) -> dict:
    headings = BeautifulSoup(html, "html.parser")("h2")
    return {h2.get_text(strip=True): h2.a["href"] if h2.a else None for h2 in headings}


def test_the_iframe_page_links_each_heading_to_its_section(client, report):
    html = client.get("/embed/lagesbild/latest/?sections=all").content.decode()
    url = f"http://testserver{report.url}"
    assert heading_links(html) == {
        "Sammanfattande lägesbild": f"{url}#sammanfattande-lagesbild",
        "Verksamhetens kommentar": f"{url}#verksamhetens-kommentar",
    }
    assert page_ids(client, report) == {"sammanfattande-lagesbild", "verksamhetens-kommentar"}


def test_the_feed_links_each_heading_to_its_section(client, report):
    (entry,) = feedparser.parse(client.get(f"/flode/{report.get_parent().slug}/rss/").content).entries
    url = f"http://testserver{report.url}"
    assert heading_links(entry.description) == {
        "Sammanfattande lägesbild": f"{url}#sammanfattande-lagesbild",
        "Verksamhetens kommentar": f"{url}#verksamhetens-kommentar",
    }


def test_the_email_links_each_public_heading_to_its_section(client, report):
    links = heading_links(render_html(presented(report)))
    url = report.full_url
    assert links == {
        "Sammanfattande lägesbild": f"{url}#sammanfattande-lagesbild",
        "Till ledningen": None,  # not on the site: nowhere to link to
        "Verksamhetens kommentar": f"{url}#verksamhetens-kommentar",
    }
    assert {link.rpartition("#")[2] for link in links.values() if link} == page_ids(client, report)
