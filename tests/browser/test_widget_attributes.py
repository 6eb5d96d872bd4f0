"""Each attribute of <lagesbild-widget>, set in the markup and changed live, with its property."""

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import host_page, wait_for_state

FOUR_BULLETS = "<ul><li>Ett<ul><li>Ett a</li></ul></li><li>Två</li><li>Tre</li><li>Fyra</li></ul>"


def open_widget(page, cms, intranet, **attributes):
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget(**attributes))))
    wait_for_state(page, "report")
    return page.locator("lagesbild-widget")


def set_property(widget, name, value):
    widget.evaluate("(w, [name, value]) => { w[name] = value }", [name, value])


def test_src_changes_the_report_live_and_is_required(page, cms, intranet, make_report):
    older = make_report(title="Förra veckan", compiled_at=factories.stockholm(2025, 5, 20))
    make_report(title="Denna vecka", compiled_at=factories.stockholm(2025, 5, 27))
    widget = open_widget(page, cms, intranet)
    expect(widget.locator("[part=title]")).to_have_text("Denna vecka")

    set_property(widget, "src", f"{cms.url}/api/lagesbild/{older.pk}/")
    expect(widget.locator("[part=title]")).to_have_text("Förra veckan")
    assert widget.get_attribute("src") == f"{cms.url}/api/lagesbild/{older.pk}/"

    widget.evaluate("w => w.removeAttribute('src')")
    wait_for_state(page, "error")
    expect(widget.locator("[part=message]")).to_have_text("Lägesbilden kunde inte hämtas just nu.")


def test_series_chooses_the_series(page, cms, intranet, make_report, home):
    make_report(title="Vårdinformation")
    other = factories.make_series(home, title="Lägesbild ambulans", slug="ambulans")
    factories.make_report(series=other, title="Ambulans", compiled_at=factories.stockholm(2025, 5, 1))
    widget = open_widget(page, cms, intranet, series="ambulans")
    expect(widget.locator("[part=title]")).to_have_text("Ambulans")

    set_property(widget, "series", "lagesbild")
    expect(widget.locator("[part=title]")).to_have_text("Vårdinformation")
    assert widget.get_attribute("series") == "lagesbild"


def test_sections_default_to_the_first_and_take_indexes_or_all(page, cms, intranet, make_report):
    make_report(body=[factories.bullets(heading=f"Avsnitt {n}") for n in range(4)])
    widget = open_widget(page, cms, intranet)
    headings = widget.locator("[part=section-heading]")
    expect(headings).to_have_text(["Avsnitt 0"])

    set_property(widget, "sections", "1, 3")
    expect(headings).to_have_text(["Avsnitt 1", "Avsnitt 3"])
    assert widget.get_attribute("sections") == "1, 3"

    widget.evaluate("w => w.setAttribute('sections', 'all')")
    expect(headings).to_have_text([f"Avsnitt {n}" for n in range(4)])

    widget.evaluate("w => w.setAttribute('sections', 'nonsense 99')")
    expect(headings).to_have_text(["Avsnitt 0"])


def test_max_items_limits_the_top_level_items(page, cms, intranet, make_report):
    make_report(body=[factories.bullets(html=FOUR_BULLETS)])
    widget = open_widget(page, cms, intranet, max_items=2)
    top = widget.locator("[part=section] > ul > li")
    expect(top).to_have_count(2)
    expect(widget.locator("[part=section] > ul > li > ul > li")).to_have_text(["Ett a"])

    set_property(widget, "maxItems", 3)
    expect(top).to_have_count(3)
    assert widget.get_attribute("max-items") == "3"
    assert widget.evaluate("w => w.maxItems") == 3

    set_property(widget, "maxItems", None)
    expect(top).to_have_count(4)
    assert widget.get_attribute("max-items") is None


def test_lang_switches_the_widgets_words_and_dates(page, cms, intranet, make_report):
    make_report(next_expected_at=factories.stockholm(2099, 6, 3))
    widget = open_widget(page, cms, intranet, lang="en")
    expect(widget.locator("[part=meta]")).to_have_text("Compiled 27 May 2025 at 08:30")
    expect(widget.locator("[part=link]")).to_have_text("Read the full report")
    expect(widget.locator("[part=next]")).to_have_text("The next report is expected 3 June 2099 at 08:30.")

    set_property(widget, "lang", "sv")
    expect(widget.locator("[part=meta]")).to_have_text("Sammanställd 27 maj 2025 kl. 08:30")
    expect(widget.locator("[part=next]")).to_have_text("Nästa lägesbild väntas 3 juni 2099 kl. 08:30.")


def test_heading_level_fits_the_host_pages_outline(page, cms, intranet, make_report):
    make_report()
    widget = open_widget(page, cms, intranet)
    tags = (
        "w => [...w.shadowRoot.querySelectorAll('[part=title], [part=section-heading]')].map(e => e.tagName)"
    )
    assert widget.evaluate(tags) == ["H2", "H3"]

    widget.evaluate("w => w.setAttribute('heading-level', '4')")
    expect(widget.locator("h4[part=title]")).to_have_count(1)
    assert widget.evaluate(tags) == ["H4", "H5"]

    set_property(widget, "headingLevel", 6)
    expect(widget.locator("h6[part=title]")).to_have_count(1)
    assert widget.evaluate(tags) == ["H6", "H6"]
    assert widget.get_attribute("heading-level") == "6"


def test_compact_tightens_the_layout(page, cms, intranet, make_report):
    make_report()
    widget = open_widget(page, cms, intranet)
    region = widget.locator("[part=region]")
    roomy = region.evaluate("r => [getComputedStyle(r).fontSize, getComputedStyle(r).paddingTop]")
    roomy_height = region.bounding_box()["height"]

    set_property(widget, "compact", True)
    assert widget.get_attribute("compact") == ""
    expect(region).to_have_css("font-size", "14px")
    compact = region.evaluate("r => [getComputedStyle(r).fontSize, getComputedStyle(r).paddingTop]")
    assert roomy == ["16px", "16px"]
    assert compact == ["14px", "7px"]
    assert region.bounding_box()["height"] < roomy_height

    set_property(widget, "compact", False)
    expect(region).to_have_css("font-size", "16px")
    assert widget.get_attribute("compact") is None


def test_refresh_property_reflects_the_attribute(page, cms, intranet, make_report):
    make_report()
    widget = open_widget(page, cms, intranet)
    assert widget.evaluate("w => w.refresh") == 300
    set_property(widget, "refresh", 0)
    assert widget.get_attribute("refresh") == "0"
    assert widget.evaluate("w => w.refresh") == 0
