"""Never a blank box: loading, error, offline and empty states, the "Ny" marker and the next-report note."""

import json

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import host_page, shadow_text, wait_for_state

RECORD_EVENTS = """<script type="module">
window.events = [];
for (const type of ["lagesbild:loaded", "lagesbild:error"])
  document.addEventListener(type, (e) => window.events.push([type, e.detail.status, !!e.detail.offline]));
</script>"""


HOSTILE = "".join(
    [
        '<img src=x onerror="window.pwned=1">Bild <a href="java&#x09;script:window.pwned=2">skript</a> ',
        '<a href="https://example.se/" onclick="window.pwned=3" title="T">bra</a>',
        "<svg><script>window.pwned=4</script></svg><style>*{color:red}</style>",
        '<b style="color:red">fet</b>',
        '<noscript><p title="</noscript><img src=x onerror=window.pwned=5>"></p></noscript>',
        '<a href="JaVaScRiPt:window.pwned=6">x</a><a href="data:text/html,hi">d</a>',
    ]
)


def open_page(page, cms, intranet, **attributes):
    page.goto(intranet.add("/", host_page(RECORD_EVENTS + cms.script() + cms.widget(**attributes))))


def test_a_server_error_shows_a_swedish_message_and_the_fallback_link(page, cms, intranet, make_report):
    make_report()
    page.route(cms.api, lambda route: route.fulfill(status=500, body="Internal Server Error"))
    open_page(page, cms, intranet)
    wait_for_state(page, "error")
    widget = page.locator("lagesbild-widget")
    expect(widget.locator("[part=message]")).to_have_text("Lägesbilden kunde inte hämtas just nu.")
    fallback = page.get_by_role("link", name="Senaste lägesbilden")
    expect(fallback).to_be_visible()
    assert page.get_by_role("region", name="Lägesbild").is_visible()
    assert page.evaluate("window.events") == [["lagesbild:error", 500, False]]


def test_an_unreachable_server_shows_the_error_state(page, cms, intranet, make_report):
    make_report()
    page.route(cms.api, lambda route: route.abort())
    open_page(page, cms, intranet)
    wait_for_state(page, "error")
    expect(page.get_by_role("link", name="Senaste lägesbilden")).to_be_visible()
    assert page.evaluate("window.events") == [["lagesbild:error", 0, False]]


def test_offline_shows_the_last_good_report_with_its_date(page, cms, intranet, make_report):
    make_report(title="Denna vecka")
    open_page(page, cms, intranet)
    wait_for_state(page, "report")
    page.route(cms.api, lambda route: route.abort("internetdisconnected"))
    page.reload()
    wait_for_state(page, "offline")
    widget = page.locator("lagesbild-widget")
    expect(widget.locator("[part=title]")).to_have_text("Denna vecka")
    note = widget.locator("[part=offline]")
    expect(note).to_contain_text("Kunde inte hämta den senaste lägesbilden. Du ser den som hämtades ")
    expect(note).to_contain_text(" kl. ")
    expect(widget.locator("[part=section]")).to_have_count(1)
    assert page.evaluate("window.events") == [["lagesbild:error", 0, True]]


def test_a_failed_poll_shows_the_offline_note_until_the_server_answers_again(
    page, cms, intranet, make_report
):
    make_report(title="Denna vecka")
    open_page(page, cms, intranet, refresh=1)
    wait_for_state(page, "report")
    page.route(cms.api, lambda route: route.abort())
    wait_for_state(page, "offline")
    widget = page.locator("lagesbild-widget")
    expect(widget.locator("[part=offline]")).to_be_visible()
    expect(widget.locator("[role=status]")).to_contain_text("Kunde inte hämta den senaste lägesbilden.")
    page.unroute(cms.api)
    wait_for_state(page, "report")  # a 304: the same report, current again
    expect(widget.locator("[part=offline]")).to_have_count(0)
    expect(widget.locator("[part=title]")).to_have_text("Denna vecka")


def test_no_report_yet_shows_the_empty_state(page, cms, intranet, series):
    open_page(page, cms, intranet)
    wait_for_state(page, "empty")
    expect(page.locator("lagesbild-widget [part=message]")).to_have_text(
        "Ingen lägesbild är publicerad ännu."
    )
    expect(page.get_by_role("link", name="Senaste lägesbilden")).to_be_visible()
    assert page.evaluate("window.events") == [["lagesbild:loaded", 404, False]]


def test_the_ny_marker_shows_a_report_newer_than_the_one_last_seen(page, cms, intranet, make_report):
    make_report(title="Förra veckan", compiled_at=factories.stockholm(2025, 5, 20))
    open_page(page, cms, intranet)
    wait_for_state(page, "report")
    new = page.locator("lagesbild-widget [part=new]")
    expect(new).to_have_count(0)  # a first visit has nothing to compare with

    make_report(title="Denna vecka", compiled_at=factories.stockholm(2025, 5, 27))
    page.reload()
    expect(page.locator("lagesbild-widget [part=title]")).to_contain_text("Denna vecka")
    expect(new).to_have_text("Ny")

    page.reload()  # seen now
    wait_for_state(page, "report")
    expect(page.locator("lagesbild-widget [part=title]")).to_have_text("Denna vecka")
    expect(new).to_have_count(0)


def test_the_next_report_and_a_late_one(page, cms, intranet, make_report):
    make_report(next_expected_at=factories.stockholm(2025, 6, 3))
    open_page(page, cms, intranet)
    wait_for_state(page, "report")
    late = page.locator("lagesbild-widget [part=overdue]")
    expect(late).to_have_text("Nästa lägesbild väntades 3 juni 2025 kl. 08:30 men har inte publicerats ännu.")
    expect(late).to_be_visible()

    page.clock.set_fixed_time("2025-06-01T12:00:00Z")
    page.reload()
    wait_for_state(page, "report")
    expect(page.locator("lagesbild-widget [part=next]")).to_have_text(
        "Nästa lägesbild väntas 3 juni 2025 kl. 08:30."
    )
    expect(late).to_have_count(0)


def test_the_late_note_appears_when_the_time_passes_on_an_open_page(page, cms, intranet, make_report):
    make_report(next_expected_at=factories.stockholm(2025, 6, 3))
    page.clock.install(time="2025-06-03T06:00:00Z")  # 08:00 in Stockholm: half an hour to go
    open_page(page, cms, intranet, refresh=0)
    wait_for_state(page, "report")
    widget = page.locator("lagesbild-widget")
    expect(widget.locator("[part=next]")).to_have_text("Nästa lägesbild väntas 3 juni 2025 kl. 08:30.")
    page.clock.run_for("40:00")
    expect(widget.locator("[part=overdue]")).to_be_visible()
    expect(widget.locator("[part=next]")).to_have_count(0)


def test_a_replaced_fetch_and_hostile_markup_inserts_only_the_allowlist(page, cms, intranet):
    """Shadow DOM is no boundary: markup the server let through by mistake is checked again."""
    report = {
        "id": 1,
        "title": "Rapport",
        "compiled_at": "2025-05-27T08:30:00+02:00",
        "url": "javascript:alert(1)",
        "next_expected_at": None,
        "sections": [
            {
                "type": "bullets",
                "heading": "Punkter",
                "items": [
                    {
                        "html": HOSTILE,
                        "children": [
                            {"html": '<iframe src="javascript:window.pwned=7"></iframe>barn', "children": []}
                        ],
                    }
                ],
            },
            {
                "type": "links",
                "heading": "Länkar",
                "items": [{"title": "L", "url": " javascript:window.pwned=8"}],
            },
        ],
    }
    body = json.dumps(json.dumps(report)).replace("</", "<\\/")  # no "</script>" inside the script
    swap = f"""<script type="module">
    import {{ LagesbildWidget }} from "{cms.widget_js}";
    LagesbildWidget.fetch = async () => new Response({body}, {{status: 200}});
    const widget = document.createElement("lagesbild-widget");
    widget.setAttribute("src", "{cms.api}");
    widget.setAttribute("sections", "all");
    document.querySelector("main").append(widget);
    </script>"""
    page.goto(intranet.add("/", host_page(swap)))
    wait_for_state(page, "report")
    page.wait_for_timeout(300)
    widget = page.locator("lagesbild-widget")
    # The disclosure button and its wiring are the widget's own; everything else came from the html.
    own = "[part=section] *:not([part=toggle])"
    tags = widget.evaluate(
        f"w => [...new Set([...w.shadowRoot.querySelectorAll('{own}')].map(e => e.localName))]"
    )
    assert set(tags) == {"h3", "ul", "li", "a", "b"}, tags
    hrefs = widget.evaluate("w => [...w.shadowRoot.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert hrefs == ["https://example.se/"]
    attributes = widget.evaluate(
        f"""w => [...w.shadowRoot.querySelectorAll('{own}')].flatMap(
            e => e.getAttributeNames().map(name => [e.localName, name, e.getAttribute(name)]))"""
    )
    wiring = [("li", "class", "folded"), ("ul", "id", "children-0-0")]
    assert {name for tag, name, value in attributes if (tag, name, value) not in wiring} <= {
        "part",
        "href",
        "title",
    }, attributes
    assert page.evaluate("window.pwned") is None
    assert "window.pwned" not in shadow_text(page)
    expect(widget.locator("[part=link]")).to_have_count(0)  # the report's javascript: URL gives no link
    text_without_the_disclosure = "li => [...li.childNodes].filter((n) => n.localName !== 'button')"
    assert widget.locator("li").first.evaluate(
        text_without_the_disclosure + ".map((n) => n.textContent).join('')"
    ) == ("Bild skript brafetxdbarn")
