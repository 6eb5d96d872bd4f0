"""What is new: "Ny"/"Ändrad" badges, the summary under the date, and changes="only".

Two reports of one series: the second rewords one bullet, adds one and removes one. The change
markers come from the API (`change` per item, `changes` per report: docs/api.md). Until the API
computes them (the editors' week issue), the test adds them to the real API answer exactly as the
contract describes, so what is tested is how the widget shows them.
"""

import json

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import axe_violations, host_page, wait_for_state

BEFORE = "<ul><li>Läget är oförändrat.</li><li>Mötet hålls på tisdag.</li><li>Punkt som tas bort.</li></ul>"
AFTER = (
    "<ul><li>Läget är oförändrat.<ul><li>Ett barn som är kvar.</li><li>Ett nytt barn.</li></ul></li>"
    "<li>Mötet flyttas till onsdag.</li><li>En helt ny punkt.</li></ul>"
)


def two_reports(make_report):
    previous = make_report(
        title="Förra veckan",
        compiled_at=factories.stockholm(2025, 5, 20),
        body=[
            factories.bullets(html=BEFORE),
            factories.links(items=[("Intranätet", "https://intranat.example.se/")]),
        ],
    )
    current = make_report(
        title="Denna vecka",
        compiled_at=factories.stockholm(2025, 5, 27),
        body=[
            factories.bullets(html=AFTER),
            factories.links(
                items=[("Intranätet", "https://intranat.example.se/"), ("Ny sida", "https://example.se/ny")]
            ),
        ],
    )
    return previous, current


def mark_changes(report: dict, previous_id: int, *, child_new: bool = False, link_new: bool = False) -> dict:
    """The contract's markers for the edits in AFTER: bullet 2 reworded, bullet 3 added."""
    bullets = report["sections"][0]["items"]
    for item in bullets:
        item["change"] = None
        for child in item["children"]:
            child["change"] = None
    bullets[1]["change"] = "changed"
    bullets[2]["change"] = "new"
    if child_new:
        bullets[0]["children"][1]["change"] = "new"
    links = report["sections"][1]["items"]
    for link in links:
        link["change"] = None
    if link_new:
        links[1]["change"] = "new"
    report["changes"] = {
        "new": 1 + child_new + link_new,
        "changed": 1,
        "removed": 1,
        "compared_with": previous_id,
    }
    return report


def serve(page, cms, change):
    """Route the API through `change(report_json)`."""

    def handle(route):
        response = route.fetch(
            headers={k: v for k, v in route.request.headers.items() if k != "if-none-match"}
        )
        route.fulfill(response=response, body=json.dumps(change(response.json())))

    page.route(cms.api, handle)


def open_widget(page, cms, intranet, **attributes):
    attributes.setdefault("refresh", 0)
    page.goto(
        intranet.add(
            "/", host_page(cms.script() + cms.widget(**attributes), lang=attributes.get("lang", "sv"))
        )
    )
    wait_for_state(page, "report")
    return page.locator("lagesbild-widget")


def test_badges_sit_on_the_reworded_and_the_added_bullet(page, cms, intranet, make_report):
    previous, _ = two_reports(make_report)
    serve(page, cms, lambda report: mark_changes(report, previous.pk))
    widget = open_widget(page, cms, intranet, detail="full")
    top = widget.locator("[part=section] > ul > li")
    expect(top).to_have_count(3)
    expect(top.nth(0).locator(":scope > [part~=badge]")).to_have_count(0)
    expect(top.nth(1).locator(":scope > [part~=badge]")).to_have_text("Ändrad")
    expect(top.nth(2).locator(":scope > [part~=badge]")).to_have_text("Ny")
    expect(widget.locator("[part~=badge]")).to_have_count(2)
    # Read as text, not a colour only: the words are in the item, and the badge has a border.
    assert top.nth(1).inner_text().startswith("Ändrad")
    expect(top.nth(1).locator("[part~=badge]")).to_have_css("border-top-style", "solid")
    expect(widget.locator("[part=summary]")).to_have_text("1 ny och 1 ändrad punkt sedan förra lägesbilden")


def test_the_summary_counts_and_speaks_english_too(page, cms, intranet, make_report):
    previous, _ = two_reports(make_report)

    def counts(report):
        report = mark_changes(report, previous.pk)
        report["changes"].update(new=3, changed=2)
        return report

    serve(page, cms, counts)
    widget = open_widget(page, cms, intranet)
    expect(widget.locator("[part=summary]")).to_have_text(
        "3 nya och 2 ändrade punkter sedan förra lägesbilden"
    )
    widget.evaluate("w => { w.lang = 'en' }")
    expect(widget.locator("[part=summary]")).to_have_text(
        "3 new and 2 changed items since the previous report"
    )
    expect(widget.locator("[part~=badge]")).to_have_text(["Changed", "New"])


def test_changes_only_shows_exactly_the_two_items_and_links_the_report(page, cms, intranet, make_report):
    previous, current = two_reports(make_report)
    serve(page, cms, lambda report: mark_changes(report, previous.pk))
    widget = open_widget(page, cms, intranet, changes="only")
    items = widget.locator("[part=section] li")
    expect(items).to_have_count(2)
    expect(items).to_have_text(["Ändrad Mötet flyttas till onsdag.", "Ny En helt ny punkt."])
    expect(widget.locator("[part=section]")).to_have_count(1), "sections without changes are left out"
    expect(widget.locator("[part=link]")).to_have_attribute("href", cms.url + current.url)
    expect(widget.locator("[part=summary]")).to_have_text("1 ny och 1 ändrad punkt sedan förra lägesbilden")


def test_changes_only_with_nothing_changed_says_so_in_one_line(page, cms, intranet, make_report):
    previous, _ = two_reports(make_report)

    def unchanged(report):
        report = mark_changes(report, previous.pk)
        for section in report["sections"][:2]:
            for item in section["items"]:
                item["change"] = None
        report["changes"].update(new=0, changed=0, removed=0)
        return report

    serve(page, cms, unchanged)
    widget = open_widget(page, cms, intranet, changes="only")
    expect(widget.locator("[part=summary]")).to_have_text(
        "Inga nya eller ändrade punkter sedan förra lägesbilden"
    )
    expect(widget.locator("[part=section]")).to_have_count(0)
    expect(widget.locator("[part=link]")).to_be_visible()


def test_the_first_report_of_a_series_has_no_markers(page, cms, intranet, make_report):
    make_report(body=[factories.bullets(html=BEFORE)])

    def first(report):
        for item in report["sections"][0]["items"]:
            item["change"] = None
        report["changes"] = {"new": 0, "changed": 0, "removed": 0, "compared_with": None}
        return report

    serve(page, cms, first)
    widget = open_widget(page, cms, intranet)
    expect(widget.locator("[part=section] li")).to_have_count(3)
    expect(widget.locator("[part=summary]")).to_have_count(0)
    expect(widget.locator("[part~=badge]")).to_have_count(0)


def test_a_new_child_stays_visible_where_its_siblings_fold(page, cms, intranet, make_report):
    previous, _ = two_reports(make_report)
    serve(page, cms, lambda report: mark_changes(report, previous.pk, child_new=True, link_new=True))
    widget = open_widget(page, cms, intranet, detail="glance", sections="all")
    first = widget.locator("[part=section] > ul > li").first
    children = first.locator(":scope > ul > li")
    expect(children.nth(0)).to_be_hidden()
    expect(children.nth(1)).to_be_visible()
    expect(children.nth(1).locator("[part~=badge]")).to_have_text("Ny")
    expect(first.locator(":scope > [part=toggle]")).to_have_text("Visa 1 underpunkt")
    expect(
        widget.locator("[part=section]").nth(1).locator("li").nth(1).locator("[part~=badge]")
    ).to_have_text("Ny")
    expect(widget.locator("[part=summary]")).to_have_text("3 nya och 1 ändrad punkt sedan förra lägesbilden")


def test_axe_finds_nothing_with_badges_and_in_changes_only_mode(page, cms, intranet, make_report, axe_source):
    previous, _ = two_reports(make_report)
    serve(page, cms, lambda report: mark_changes(report, previous.pk, child_new=True, link_new=True))
    open_widget(page, cms, intranet, sections="all", detail="glance")
    assert axe_violations(page, axe_source) == []
    open_widget(page, cms, intranet, changes="only")
    expect(page.locator("lagesbild-widget [part~=badge]").first).to_be_visible()
    assert axe_violations(page, axe_source) == []
