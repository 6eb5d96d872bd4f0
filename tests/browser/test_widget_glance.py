"""Glance mode: in a narrow box each section shows its top-level items; children fold behind a button."""

from playwright.sync_api import expect

from rapport_blocks.importing import import_report
from tests.browser.conftest import axe_violations, host_page, wait_for_state

SIDEBAR = (
    '<div style="display:flex;gap:1em"><p style="flex:1">Intranätets nyheter.</p>'
    '<aside style="width:300px" aria-label="Lägesbild">{}</aside></div>'
)


def publish_sample(series, sample_path):
    text = sample_path.read_text(encoding="utf-8")
    return import_report(text, filename=sample_path.name, series_slug=series.slug, publish=True).page


def first_section_height(page, selector="lagesbild-widget") -> float:
    return page.locator(selector).locator("[part=section]").first.bounding_box()["height"]


def test_the_sample_in_a_300px_sidebar_folds_to_half_its_height_or_less(
    page, cms, intranet, series, sample_path
):
    publish_sample(series, sample_path)
    body = SIDEBAR.format(cms.widget(id="glance") + cms.widget(id="full", detail="full"))
    page.goto(intranet.add("/", host_page(cms.script() + body)))
    wait_for_state(page, "report", "#glance")
    wait_for_state(page, "report", "#full")
    glance, full = first_section_height(page, "#glance"), first_section_height(page, "#full")
    assert glance <= full / 2, (glance, full)

    # Every top-level item shows with its own text; only the children fold away.
    top = page.locator("#glance [part=section]").first.locator(":scope > ul > li")
    expect(top).to_have_count(4)
    for index in range(4):
        expect(top.nth(index)).to_be_visible()
    expect(top.nth(0).locator("li").first).to_be_hidden()
    expect(page.locator("#full [part=toggle]").first).to_be_hidden()


def test_keyboard_expands_an_items_children_and_collapsing_keeps_focus_on_its_button(
    page, cms, intranet, series, sample_path
):
    publish_sample(series, sample_path)
    page.goto(intranet.add("/", host_page(cms.script() + SIDEBAR.format(cms.widget()))))
    wait_for_state(page, "report")
    widget = page.locator("lagesbild-widget")
    button = widget.get_by_role("button", name="Visa 2 underpunkter")
    expect(button).to_have_attribute("aria-expanded", "false")
    first_item = widget.locator("[part=section] > ul > li").first
    children = first_item.locator(":scope > ul > li")
    expect(children.first).to_be_hidden()

    # Tab from the page to the first disclosure button, then Enter.
    focused = "() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('part') || ''"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(focused) == "toggle":
            break
    assert page.evaluate("() => document.activeElement.shadowRoot.activeElement.textContent") == (
        "Visa 2 underpunkter"
    ), "the first item's button comes first"
    page.keyboard.press("Enter")
    first_button = first_item.locator(":scope > [part=toggle]")
    expect(first_button).to_have_attribute("aria-expanded", "true")
    expect(first_button).to_have_text("Dölj 2 underpunkter")
    expect(children).to_have_count(2)
    for index in range(2):
        expect(children.nth(index)).to_be_visible()
    assert first_button.get_attribute("aria-controls") == first_item.locator(":scope > ul").get_attribute(
        "id"
    )

    page.keyboard.press("Space")
    expect(first_button).to_have_attribute("aria-expanded", "false")
    expect(children.first).to_be_hidden()
    assert page.evaluate(focused) == "toggle", "focus stays on the button"


def test_detail_forces_either_mode_whatever_the_width(page, cms, intranet, series, sample_path):
    publish_sample(series, sample_path)
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget(detail="glance"))))
    wait_for_state(page, "report")
    widget = page.locator("lagesbild-widget")
    assert widget.bounding_box()["width"] > 600, "a wide column"
    expect(widget.locator("[part=toggle]").first).to_be_visible()
    widget.evaluate("w => { w.detail = 'full' }")
    expect(widget.locator("[part=toggle]").first).to_be_hidden()
    expect(widget.locator("[part=section] li li").first).to_be_visible()
    assert widget.get_attribute("detail") == "full"
    widget.evaluate("w => { w.detail = 'nonsense' }")
    assert widget.get_attribute("detail") is None and widget.evaluate("w => w.detail") == "auto"
    expect(widget.locator("[part=toggle]").first).to_be_hidden(), "auto in a wide column: everything shows"


def test_a_narrowing_box_switches_to_glance_without_a_reload(page, cms, intranet, series, sample_path):
    publish_sample(series, sample_path)
    page.goto(intranet.add("/", host_page(cms.script() + '<div id="box">' + cms.widget() + "</div>")))
    wait_for_state(page, "report")
    toggle = page.locator("lagesbild-widget [part=toggle]").first
    expect(toggle).to_be_hidden()
    page.locator("#box").evaluate("box => { box.style.width = '300px' }")
    expect(toggle).to_be_visible()


def test_axe_finds_nothing_in_glance_and_full_mode(page, cms, intranet, series, sample_path, axe_source):
    publish_sample(series, sample_path)
    # Two widgets of one report: the label tells their landmarks apart.
    glance = cms.widget(sections="all", id="glance", label="Lägesbilden i korthet")
    body = SIDEBAR.format(glance) + cms.widget(sections="all", detail="full", id="full", heading_level=3)
    page.goto(intranet.add("/", host_page(cms.script() + body)))
    wait_for_state(page, "report", "#glance")
    wait_for_state(page, "report", "#full")
    expect(page.locator("#glance [part=toggle]").first).to_be_visible()
    assert axe_violations(page, axe_source) == []
    page.locator("#glance [part=toggle]").first.click()
    assert axe_violations(page, axe_source) == []
