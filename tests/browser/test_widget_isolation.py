"""The host page's CSS does not change the widget, the widget's CSS does not leak, themes do apply."""

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import host_page, wait_for_state

HOSTILE_CSS = """<style>
* { all: revert; color: red !important; font-size: 40px !important; font-family: serif !important;
    line-height: 3 !important; letter-spacing: 2px !important; text-transform: uppercase !important; }
ul { display: none !important; }
li, a, h2, h3, p { background: yellow !important; margin: 30px !important; }
lagesbild-widget { display: inline !important; }
</style>"""
HOST_CONTENT = (
    '<ul id="host-list"><li>Värdsidans punkt</li></ul><p><a id="host-link" href="#">Värdlänk</a></p>'
)
STYLES = ["color", "font-size", "font-family", "line-height", "display", "margin-top", "background-color"]


def render(page, cms, intranet, head=""):
    # The same place on both pages (text is rasterised at sub-pixel offsets), over the same background
    # (the rounded corners let it through).
    box = "position:absolute;top:0;left:0;width:480px;background:#fff"
    body = HOST_CONTENT + cms.script() + f'<div style="{box}">{cms.widget(sections="all")}</div>'
    page.goto(intranet.add("/", host_page(body, head=head)))
    wait_for_state(page, "report")
    page.wait_for_load_state("networkidle")
    widget = page.locator("lagesbild-widget")
    styles = widget.evaluate(
        """(w, names) => [...w.shadowRoot.querySelectorAll('[part=region] *')].map((e) => {
            const style = getComputedStyle(e);
            return [e.localName, ...names.map((name) => style.getPropertyValue(name))];
        })""",
        STYLES,
    )
    return styles, widget.screenshot(animations="disabled")


def host_styles(page):
    return page.evaluate(
        """(names) => ['#host-list', '#host-list li', '#host-link', 'h1'].map((selector) => {
            const style = getComputedStyle(document.querySelector(selector));
            return names.map((name) => style.getPropertyValue(name));
        })""",
        STYLES,
    )


def test_hostile_global_css_leaves_the_widget_unchanged(page, cms, intranet, make_report):
    make_report(
        body=[
            factories.bullets(html="<ul><li>Ett <b>fett</b><ul><li>Inne</li></ul></li><li>Två</li></ul>"),
            factories.text(html='<p>Stycke med <a href="https://example.se/">länk</a>.</p>'),
        ]
    )
    plain_styles, plain_picture = render(page, cms, intranet)
    hostile_styles, hostile_picture = render(page, cms, intranet, head=HOSTILE_CSS)
    assert page.evaluate("getComputedStyle(document.querySelector('#host-list')).display") == "none"
    assert hostile_styles == plain_styles
    assert hostile_picture == plain_picture
    assert page.locator("lagesbild-widget li").first.is_visible()


def test_the_widgets_css_does_not_leak_into_the_host_page(page, cms, intranet, make_report):
    make_report()
    page.goto(intranet.add("/alone", host_page(HOST_CONTENT)))
    alone = host_styles(page)
    render(page, cms, intranet)
    assert host_styles(page) == alone


def test_custom_properties_and_parts_theme_the_widget(page, cms, intranet, make_report):
    make_report(body=[factories.text(html='<p><a href="https://example.se/">länk</a></p>')])
    theme = """<style>
    lagesbild-widget { --lagesbild-link: rgb(0, 100, 0); --lagesbild-bg: rgb(250, 250, 240); }
    lagesbild-widget::part(title) { color: rgb(120, 0, 0); }
    </style>"""
    render(page, cms, intranet, head=theme)
    widget = page.locator("lagesbild-widget")
    expect(widget.locator("[part=section] a")).to_have_css("color", "rgb(0, 100, 0)")
    expect(widget.locator("[part=region]")).to_have_css("background-color", "rgb(250, 250, 240)")
    expect(widget.locator("[part=title]")).to_have_css("color", "rgb(120, 0, 0)")


def test_reduced_motion_stops_the_skeleton_animation(page, cms, intranet, make_report):
    make_report()
    page.route(cms.api, lambda route: None)
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget())))
    wait_for_state(page, "loading")
    bar = page.locator("lagesbild-widget [part=skeleton] i").first
    expect(bar).to_have_css("animation-name", "pulse")
    page.emulate_media(reduced_motion="reduce")
    expect(bar).to_have_css("animation-name", "none")
