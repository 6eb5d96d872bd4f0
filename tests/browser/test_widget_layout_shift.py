"""No layout jump: a first-ever load (nothing stored) does not move the host page's content.

The documented snippet reserves the widget's box on the host page (docs/widget.md, "No layout
jump"); the widget then fits its content into that box. Measured the way browsers report it: the
sum of `layout-shift` entries from a PerformanceObserver (Cumulative Layout Shift).
"""

import time

from tests import factories
from tests.browser.conftest import host_page, wait_for_state

RECORD_SHIFTS = """<script>
window.shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts.push(entry.value);
}).observe({ type: "layout-shift", buffered: true });
</script>"""

MANY_BULLETS = (
    "<ul>"
    + "".join(f"<li>Punkt {n} med en del text<ul><li>Barn {n}</li></ul></li>" for n in range(12))
    + "</ul>"
)


def layout_shift(page, cms, intranet, widget: str) -> float:
    # The script and the API answer come late, as on a busy intranet: the page paints first.
    for url in (cms.widget_js, cms.api):
        page.route(url, lambda route: (time.sleep(0.4), route.continue_()))
    body = (
        '<div style="display:flex;gap:1em;align-items:flex-start">'
        f'<aside style="width:300px">{widget}</aside>'
        '<p style="flex:1">Nyheter</p></div><p id="below">Innehåll under widgeten.</p>'
    )
    page.goto(intranet.add("/", host_page(cms.script() + body, head=RECORD_SHIFTS)))
    wait_for_state(page, "report")
    page.wait_for_timeout(1000)
    return sum(page.evaluate("window.shifts"))


def test_a_first_load_with_the_reserved_box_shifts_nothing(page, cms, intranet, make_report):
    make_report(body=[factories.bullets(html=MANY_BULLETS)], next_expected_at=factories.stockholm(2099, 1, 1))
    widget = cms.widget(style="display:block;height:32em")
    assert layout_shift(page, cms, intranet, widget) == 0
    box = page.locator("lagesbild-widget").bounding_box()
    assert abs(box["height"] - 32 * 16) <= 1, "the widget keeps the reserved height"
    region = page.locator("lagesbild-widget [part=region]")
    assert region.evaluate("r => r.scrollHeight > r.clientHeight"), "the longer report scrolls inside the box"


def test_without_the_reserved_box_the_page_would_jump(page, cms, intranet, make_report):
    """The measurement can fail: the same page without the snippet's reservation shifts."""
    make_report(body=[factories.bullets(html=MANY_BULLETS)])
    assert layout_shift(page, cms, intranet, cms.widget()) > 0
