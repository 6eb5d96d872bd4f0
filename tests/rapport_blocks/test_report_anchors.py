"""Anchors on the report page: every section and item has an id that outlives the week it is unchanged."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from rapport_blocks.rules.presentation import present
from tests.factories import actions, bullets, links, stockholm

pytestmark = pytest.mark.django_db

BASE = "https://lagesbild.example.se"
NESTED = "<ul><li>Läget är lugnt.<ul><li>Inga störningar.</li></ul></li></ul>"


def week(make_report, day, comment, **kwargs):
    return make_report(
        title=f"Vecka {day}",
        compiled_at=stockholm(2026, 11, day),
        body=[
            bullets("Sammanfattande lägesbild", NESTED),
            bullets("Verksamhetens kommentar", f"<ul><li>Systemet används.</li><li>{comment}</li></ul>"),
            actions(
                items=[(dt.date(2026, 11, day), "Veckans artikel", f"https://intranat.example.se/v{day}")]
            ),
            links(items=[("Tidplan", "https://intranat.example.se/tidplan")]),
        ],
        **kwargs,
    )


def anchors(report: dict) -> dict:
    """Each item's text (bullets' html, actions' and links' titles) → its anchor; headings too."""
    found = {section["heading"]: section["anchor"] for section in report["sections"]}

    def walk(items):
        for item in items:
            found[item.get("html") or item["title"]] = item["anchor"]
            walk(item.get("children", []))

    for section in report["sections"]:
        walk(section.get("items", []))
    return found


def test_an_unchanged_item_keeps_its_anchor_and_a_reworded_one_gets_a_new_one(make_report):
    before = present(week(make_report, 17, "Beslut väntas tidigast 2027."), base_url=BASE)
    after = present(week(make_report, 24, "Beslut väntas under våren 2027."), base_url=BASE)
    old, new = anchors(before), anchors(after)
    for text in ("Läget är lugnt.", "Inga störningar.", "Systemet används.", "Tidplan"):
        assert new[text] == old[text], text
    assert new["Verksamhetens kommentar"] == old["Verksamhetens kommentar"] == "verksamhetens-kommentar"
    assert new["Beslut väntas under våren 2027."] not in old.values()
    # A new dated action is another item: its own anchor.
    assert new["Veckans artikel"] != old["Veckans artikel"]
    assert new["Läget är lugnt."].startswith("punkt-")
    assert new["Tidplan"].startswith("lank-") and new["Veckans artikel"].startswith("atgard-")


def test_the_anchors_are_the_same_for_every_address_of_the_site(make_report, series):
    inner = f'<ul><li>Se <a linktype="page" id="{series.pk}">serien</a>.</li></ul>'
    report = make_report(body=[bullets("Sammanfattning", inner)])
    one = present(report, base_url="https://lagesbild.example.se")
    other = present(report, base_url="http://cms.intern:8000")
    first, second = one["sections"][0]["items"][0], other["sections"][0]["items"][0]
    assert first["html"] != second["html"], "the link points back to each address"
    assert first["anchor"] == second["anchor"]


def test_anchors_are_unique_within_a_report(make_report):
    twice = "<ul><li>Samma punkt.</li><li>Samma punkt.</li></ul>"
    body = [bullets("Innehåll", twice), bullets("Innehåll", "<ul><li>Annat.</li></ul>"), bullets("!!!")]
    report = present(make_report(body=body), base_url=BASE)
    sections = report["sections"]
    # "innehall" is the page's own main element (the skip link's target).
    assert [section["anchor"] for section in sections] == ["innehall-2", "innehall-3", "avsnitt"]
    first, second = sections[0]["items"]
    assert second["anchor"] == first["anchor"] + "-2"


def test_mailing_only_sections_never_move_an_anchor_of_the_public_page(make_report):
    mailing = bullets("Sammanfattning", "<ul><li>Läget är lugnt.</li></ul>")
    mailing["value"]["audience"] = "mailing"
    public = bullets("Sammanfattning", "<ul><li>Läget är lugnt.</li></ul>")
    report = make_report(body=[mailing, public])
    for_page = present(report, base_url=BASE)
    for_mail = present(report, base_url=BASE, include_mailing=True)
    assert [s["mailing_only"] for s in for_mail["sections"]] == [True, False]
    assert for_mail["sections"][1]["anchor"] == for_page["sections"][0]["anchor"] == "sammanfattning"
    assert for_mail["sections"][1]["items"][0]["anchor"] == for_page["sections"][0]["items"][0]["anchor"]
    assert for_mail["sections"][0]["anchor"] == "sammanfattning-2"


def test_the_report_page_carries_each_anchor_as_an_id(client, make_report):
    report = week(make_report, 24, "Beslut väntas under våren 2027.")
    presented = present(report, base_url="http://testserver")
    soup = BeautifulSoup(client.get(report.url).content, "html.parser")
    for heading, anchor in ((s["heading"], s["anchor"]) for s in presented["sections"]):
        assert soup.find(id=anchor).name == "section"
        assert soup.find(id=anchor).h2.get_text(strip=True) == heading
    nested = presented["sections"][0]["items"][0]["children"][0]
    assert soup.find(id=nested["anchor"]).name == "li"
    assert soup.find(id=nested["anchor"]).get_text(strip=True) == "Inga störningar."
    action = presented["sections"][2]["items"][0]
    assert "Veckans artikel" in soup.find(id=action["anchor"]).get_text()
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "no id twice on the page"
