"""The /widget/ page shows the working widget and the working iframe, from the snippets it hands out."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, wait_for_state


def test_the_widget_page_shows_both_embeds_working(page, cms, make_report, settings, axe_source):
    settings.DEBUG = True  # staff only otherwise
    make_report(title="Regional rapport")
    page.goto(cms.url + "/widget/")
    wait_for_state(page, "report", "aside lagesbild-widget")
    wait_for_state(page, "report", "article lagesbild-widget")
    expect(page.locator("lagesbild-widget [part=title]")).to_have_text(
        ["Regional rapport", "Regional rapport"]
    )
    # Side by side: a wide column that shows everything and a narrow sidebar that glances.
    column, sidebar = page.locator("article lagesbild-widget"), page.locator("aside lagesbild-widget")
    assert column.bounding_box()["width"] > 2 * sidebar.bounding_box()["width"]
    assert sidebar.bounding_box()["x"] > column.bounding_box()["x"] + column.bounding_box()["width"]
    expect(page.get_by_role("region", name="Lägesbilden i korthet")).to_be_visible()
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_have_text("Regional rapport")
    iframe = page.locator("iframe")
    expect(iframe).not_to_have_attribute("style", "width:100%;height:480px;border:0")
    assert page.console_errors == []
    assert axe_violations(page, axe_source) == []
