"""The whole report at a glance: what changed in the sections a widget does not show.

Two published reports of one series where only the third section changed (one bullet reworded).
The widget of the /widget/ page's sidebar snippet (glance, box reserved), in a 300 px sidebar of
an intranet page on another origin, shows the first section as before and, below it, "Nytt sedan
förra lägesbilden": the changed bullet, marked "Ändrad", under its section's heading, linking to
its place on the report page (its anchor, presentation → anchors).
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import axe_violations, host_page, wait_for_state
from tests.browser.test_widget_layout_shift import RECORD_SHIFTS

THIRD = "Verksamhetens kommentar"
BEFORE = "Beslut om upphandling väntas tidigast under 2027."
AFTER = "Beslut om upphandling väntas under våren 2027."
# A first section long enough that the third is far below the fold of the report page.
FIRST = "<ul>" + "".join(f"<li>Punkt {n} i sammanfattningen, oförändrad.</li>" for n in range(40)) + "</ul>"


def body(comment: str) -> list:
    return [
        factories.bullets("Sammanfattande lägesbild", FIRST),
        factories.bullets("Kommunikativ lägesbild", "<ul><li>Medieintresset är lågt.</li></ul>"),
        factories.bullets(THIRD, f"<ul><li>Dagens system används fullt ut.</li><li>{comment}</li></ul>"),
    ]


@pytest.fixture
def two_reports(make_report):
    make_report(title="Vecka 47", compiled_at=factories.stockholm(2026, 11, 17), body=body(BEFORE))
    return make_report(title="Vecka 48", compiled_at=factories.stockholm(2026, 11, 24), body=body(AFTER))


@pytest.fixture
def sidebar_snippet(page, cms, settings, two_reports) -> str:
    """The sidebar snippet as staff copy it from the /widget/ page (staff only, unless DEBUG)."""
    settings.DEBUG = True
    page.goto(cms.url + "/widget/")
    snippet = page.locator("aside pre code").inner_text()
    settings.DEBUG = False
    assert 'detail="glance"' in snippet and "height:30em" in snippet
    return snippet


def sidebar_page(intranet, snippet: str, head: str = "") -> str:
    """An intranet front page: news beside a 300 px sidebar that holds the snippet."""
    sidebar = (
        '<aside style="width:300px" aria-labelledby="sidebar">'
        f'<h2 id="sidebar">Lägesbild</h2>{snippet}</aside>'
    )
    body = (
        '<div style="display:flex;gap:1em;align-items:flex-start">'
        f'<p style="flex:1">Intranätets nyheter.</p>{sidebar}</div><p id="below">Innehåll under widgeten.</p>'
    )
    return intranet.add("/", host_page(body, head=head))


def test_a_change_in_the_third_section_reaches_the_sidebar_and_opens_at_its_bullet(
    page, cms, intranet, two_reports, sidebar_snippet
):
    page.goto(sidebar_page(intranet, sidebar_snippet))
    wait_for_state(page, "report")
    widget = page.locator("lagesbild-widget")
    expect(widget.locator("[part=section]")).to_have_count(1)  # the first section, as before
    expect(widget.locator("[part=section] [part~=badge]")).to_have_count(0)

    news = widget.locator("[part=news]")
    expect(news.locator("[part=news-heading]")).to_have_text("Nytt sedan förra lägesbilden")
    expect(news.locator("[part=news-section-heading]")).to_have_text([THIRD])
    item = news.locator("[part=news-section] li")
    expect(item).to_have_count(1)
    expect(item).to_have_text(f"Ändrad {AFTER}")
    expect(item.locator("[part~=badge]")).to_have_text("Ändrad")
    expect(widget.locator("[part=summary-link]")).to_have_text("1 ändrad punkt sedan förra lägesbilden")
    assert page.console_errors == []

    link = item.locator("[part=news-link]")
    href = link.get_attribute("href")
    assert href.startswith(cms.url + two_reports.url + "#punkt-"), href
    link.click()
    page.wait_for_url(re.compile(re.escape(cms.url + two_reports.url) + "#punkt-[0-9a-f]{8}$"))
    target = page.locator(":target")
    expect(target).to_have_text(f"Ändrad {AFTER}")
    expect(target).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0, "the page scrolled down to the bullet"
    expect(page.locator(":target").locator("xpath=ancestor::section/h2")).to_have_text(THIRD)


FOCUSED_PART = "() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('part') || ''"


def tab_to(page, part: str) -> None:
    """Press Tab until the widget's element with `part` has the focus (a keyboard user's way there)."""
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_PART) == part:
            return
    raise AssertionError(f"Tab never reached [part={part}]")


def test_the_summary_line_leads_keyboard_users_to_the_part_and_axe_finds_nothing(
    page, cms, intranet, two_reports, sidebar_snippet, axe_source
):
    host = sidebar_page(intranet, sidebar_snippet)
    page.goto(host)
    wait_for_state(page, "report")
    expect(page.locator("lagesbild-widget [part=news]")).to_be_visible()
    assert axe_violations(page, axe_source) == []

    tab_to(page, "summary-link")
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_PART) == "news-heading"
    heading = page.locator("lagesbild-widget [part=news-heading]")
    expect(heading).to_be_in_viewport()
    assert page.url == host, "the host page's address is left alone"
    # The next Tab reaches the item's link, and Enter follows it.
    tab_to(page, "news-link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(cms.url + two_reports.url) + "#punkt-[0-9a-f]{8}$"))
    expect(page.locator(":target")).to_have_text(f"Ändrad {AFTER}")


def test_the_reserved_box_still_shifts_nothing(page, cms, intranet, sidebar_snippet):
    for url in (cms.widget_js, cms.api):
        page.route(url, lambda route: (time.sleep(0.4), route.continue_()))
    page.goto(sidebar_page(intranet, sidebar_snippet, head=RECORD_SHIFTS))
    wait_for_state(page, "report")
    expect(page.locator("lagesbild-widget [part=news]")).to_have_count(1)
    page.wait_for_timeout(1000)
    assert sum(page.evaluate("window.shifts")) == 0


@pytest.mark.parametrize(
    "attributes, shown",
    [
        ({"sections": "all"}, "the third section, marked, among all"),
        ({"sections": "2"}, "the third section only"),
        ({"changes": "only"}, "only the changed bullet, in its section"),
    ],
)
def test_no_part_where_the_change_is_already_shown(page, cms, intranet, two_reports, attributes, shown):
    widget = cms.widget(detail="glance", refresh=0, **attributes)
    page.goto(intranet.add("/", host_page(cms.script() + widget)))
    wait_for_state(page, "report")
    widget = page.locator("lagesbild-widget")
    expect(widget.locator("[part=news]")).to_have_count(0)
    expect(widget.locator("[part=section] [part~=badge]")).to_have_text(["Ändrad"]), shown
    expect(widget.locator("[part=summary]")).to_have_text("1 ändrad punkt sedan förra lägesbilden")
    expect(widget.locator("[part=summary-link]")).to_have_count(0)


def test_no_part_without_changes(page, cms, intranet, make_report):
    make_report(title="Vecka 47", compiled_at=factories.stockholm(2026, 11, 17), body=body(BEFORE))
    make_report(title="Vecka 48", compiled_at=factories.stockholm(2026, 11, 24), body=body(BEFORE))
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget(detail="glance", refresh=0))))
    wait_for_state(page, "report")
    widget = page.locator("lagesbild-widget")
    expect(widget.locator("[part=summary]")).to_have_text(
        "Inga nya eller ändrade punkter sedan förra lägesbilden"
    )
    expect(widget.locator("[part=news]")).to_have_count(0)
