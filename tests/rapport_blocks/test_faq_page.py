"""The FAQ page: contents, disclosure widgets, copy-link anchors, last update, print, JSON-LD, search box."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from tests import factories

pytestmark = pytest.mark.django_db


def soup(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_every_question_is_a_disclosure_with_a_copy_link(client, faq):
    page = soup(client, faq.url)
    items = page.select(".faq-item")
    assert [item["id"] for item in items] == [
        "varfor-har-inforandet-pausats",
        "vad-kostar-pausen",
        "ska-jag-ga-utbildningen-nu",
    ]
    for item in items:
        assert item.select_one("details > summary").get_text(strip=True)
        copy = item.select_one("a.faq-item__copy")
        assert copy["href"] == f"#{item['id']}"  # works without JavaScript
        assert copy["data-copy-url"] == f"http://testserver/fragor-och-svar/#{item['id']}"
        assert copy.get_text(" ", strip=True).startswith("Kopiera länk")


def test_the_contents_link_to_every_question_under_its_category(client, faq):
    toc = soup(client, faq.url).select_one("nav.faq-toc")
    assert [a["href"] for a in toc.select("a")] == [
        "#varfor-har-inforandet-pausats",
        "#vad-kostar-pausen",
        "#ska-jag-ga-utbildningen-nu",
    ]
    assert "Om pausen" in toc.get_text() and "Utbildning" in toc.get_text()


def test_last_updated_is_the_last_publication(client, faq):
    meta = soup(client, faq.url).select_one(".faq-header__meta")
    assert meta.get_text(" ", strip=True).startswith("Senast uppdaterad")
    assert meta.time["datetime"].startswith(faq.last_published_at.astimezone().date().isoformat()[:4])


def test_print_stylesheet_opens_every_answer(client, faq):
    page = soup(client, faq.url)
    css_url = page.find("link", href=re.compile(r"faq\.css"))["href"]
    from django.contrib.staticfiles import finders

    css = open(finders.find("rapport_blocks/css/faq.css"), encoding="utf-8").read()
    assert css_url.endswith("rapport_blocks/css/faq.css")
    print_rules = css[css.index("@media print") :]
    assert "::details-content" in print_rules and "display: block" in print_rules
    script = open(finders.find("rapport_blocks/js/faq.js"), encoding="utf-8").read()
    assert "beforeprint" in script


def test_json_ld_holds_every_visible_question_with_its_answer_text(client, faq):
    page = soup(client, faq.url)
    (script,) = page.head.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
    shown = {
        item.select_one("summary").get_text(strip=True): item.select_one(".faq-item__answer").get_text(
            " ", strip=True
        )
        for item in page.select(".faq-item")
    }
    entities = {entity["name"]: entity for entity in data["mainEntity"]}
    assert set(entities) == set(shown)
    for name, entity in entities.items():
        assert entity["@type"] == "Question" and entity["acceptedAnswer"]["@type"] == "Answer"
        answer_text = BeautifulSoup(entity["acceptedAnswer"]["text"], "html.parser").get_text(" ", strip=True)
        assert answer_text and answer_text in shown[name]


def test_json_ld_cannot_be_broken_out_of(client, make_faq):
    page = make_faq(
        body=[factories.faq_category("K", [factories.faq_question("</script><script>alert(1)</script>?")])]
    )
    html = client.get(page.url).content.decode()
    head = html[: html.index("</head>")]
    assert "<script>alert(1)" not in head
    data = json.loads(BeautifulSoup(html, "html.parser").find("script", type="application/ld+json").string)
    assert data["mainEntity"][0]["name"] == "</script><script>alert(1)</script>?"


def test_the_search_box_links_results_to_the_exact_question(client, faq):
    page = soup(client, faq.url, q="avgifter")
    results = page.select(".faq-results a[href^='#']")
    assert [a["href"] for a in results] == ["#vad-kostar-pausen"]
    assert page.select_one("#faq-q")["value"] == "avgifter"


def test_a_search_without_hits_says_so(client, faq):
    page = soup(client, faq.url, q="parkeringsplatser")
    assert page.select(".faq-results a[href^='#']") == []
    assert "Ingen fråga matchar" in page.select_one(".faq-results").get_text()
