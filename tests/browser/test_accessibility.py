"""WCAG 2.1 AA where the widget lives: keyboard, landmarks, focus, and axe-core with zero violations."""

from playwright.sync_api import expect

from rapport_blocks.importing import import_report
from tests import factories
from tests.browser.conftest import axe_violations, host_page, wait_for_state


def sample_report(series, sample_path):
    text = sample_path.read_text(encoding="utf-8")
    return import_report(text, filename=sample_path.name, series_slug=series.slug, publish=True).page


def test_keyboard_alone_reaches_the_report_link_with_a_visible_focus(page, cms, intranet, make_report):
    make_report()
    body = '<p><a href="#before">Före widgeten</a></p>' + cms.script() + cms.widget()
    page.goto(intranet.add("/", host_page(body)))
    wait_for_state(page, "report")
    focused = (
        "() => { const w = document.activeElement; return w?.shadowRoot?.activeElement?.textContent || '' }"
    )
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(focused) == "Läs hela rapporten":
            break
    assert page.evaluate(focused) == "Läs hela rapporten"
    link = page.locator("lagesbild-widget [part=link]")
    expect(link).to_have_css("outline-style", "solid")
    expect(link).to_have_css("outline-width", "3px")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lagesbild/**")


def test_the_widget_is_a_named_region_with_real_headings_and_lists(page, cms, intranet, make_report):
    make_report(title="Regional rapport")
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget())))
    wait_for_state(page, "report")
    region = page.get_by_role("region", name="Regional rapport")
    expect(region).to_be_visible()
    expect(region.get_by_role("heading", level=2, name="Regional rapport")).to_be_visible()
    expect(region.get_by_role("heading", level=3)).to_have_count(1)
    expect(region.get_by_role("list").first).to_be_visible()


def test_axe_finds_nothing_in_the_widget(page, cms, intranet, series, sample_path, axe_source):
    sample_report(series, sample_path)
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget(sections="all"))))
    wait_for_state(page, "report")
    assert axe_violations(page, axe_source) == []


def test_axe_finds_nothing_in_the_widgets_error_state(page, cms, intranet, make_report, axe_source):
    page.route(cms.api, lambda route: route.fulfill(status=500))
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget())))
    wait_for_state(page, "error")
    assert axe_violations(page, axe_source) == []


def test_axe_finds_nothing_with_the_new_marker_and_the_late_and_offline_notes(
    page, cms, intranet, make_report, axe_source
):
    make_report(title="Förra veckan", compiled_at=factories.stockholm(2025, 5, 20))
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget())))
    wait_for_state(page, "report")
    make_report(next_expected_at=factories.stockholm(2025, 6, 3))
    page.reload()
    expect(page.locator("lagesbild-widget [part=new]")).to_be_visible()
    expect(page.locator("lagesbild-widget [part=overdue]")).to_be_visible()
    assert axe_violations(page, axe_source) == []
    page.route(cms.api, lambda route: route.abort())
    page.reload()
    wait_for_state(page, "offline")
    assert axe_violations(page, axe_source) == []


def test_axe_finds_nothing_in_the_iframe_page(page, cms, series, sample_path, axe_source):
    sample_report(series, sample_path)
    page.goto(cms.url + "/embed/lagesbild/latest/?sections=all")
    expect(page.locator("h1")).to_be_visible()
    assert axe_violations(page, axe_source) == []


def test_axe_finds_nothing_on_the_report_page(page, cms, series, sample_path, axe_source):
    report = sample_report(series, sample_path)
    page.goto(cms.url + report.url)
    expect(page.locator("h1")).to_have_text(report.title)
    assert axe_violations(page, axe_source) == []
