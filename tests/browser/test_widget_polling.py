"""The widget re-fetches every `refresh` seconds with If-None-Match: new reports show, 304s change nothing."""

import time

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import host_page, wait_for_state

COUNT_EVENTS = """<script type="module">
window.loaded = 0;
document.addEventListener("lagesbild:loaded", () => { window.loaded += 1 });
</script>"""


def api_responses(page, cms) -> list:
    seen = []
    page.on(
        "response",
        lambda response: (
            response.url.startswith(cms.api)
            and response.request.method == "GET"
            and seen.append((response.status, response.request.headers.get("if-none-match")))
        ),
    )
    return seen


def test_a_304_changes_nothing(page, cms, intranet, make_report):
    make_report(title="Denna vecka")
    responses = api_responses(page, cms)
    page.goto(intranet.add("/", host_page(COUNT_EVENTS + cms.script() + cms.widget(refresh=1))))
    wait_for_state(page, "report")
    widget = page.locator("lagesbild-widget")
    widget.evaluate("w => { w.shadowRoot.querySelector('[part=title]').dataset.marker = 'kept' }")

    deadline = time.monotonic() + 8
    while not any(status == 304 for status, _ in responses) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    # The tag of the answer for the intranet's origin (each origin's answer has its own ETag).
    etag = page.request.get(cms.api, headers={"Origin": intranet.origin}).headers["etag"]
    assert (304, etag) in responses, responses
    assert responses[0] == (200, None)
    # The same elements, no second loaded event: nothing was rebuilt.
    assert widget.evaluate("w => w.shadowRoot.querySelector('[part=title]').dataset.marker") == "kept"
    assert page.evaluate("window.loaded") == 1, responses


def test_a_newly_published_report_appears_and_is_announced(page, cms, intranet, make_report):
    make_report(title="Förra veckan", compiled_at=factories.stockholm(2025, 5, 20))
    page.goto(
        intranet.add(
            "/",
            host_page('<button id="host">Värdsidans knapp</button>' + cms.script() + cms.widget(refresh=1)),
        )
    )
    wait_for_state(page, "report")
    widget = page.locator("lagesbild-widget")
    expect(widget.locator("[part=new]")).to_have_count(0)
    page.focus("#host")

    make_report(title="Denna vecka", compiled_at=factories.stockholm(2025, 5, 27))
    expect(widget.locator("[part=title]")).to_contain_text("Denna vecka", timeout=8000)
    expect(widget.locator("[part=new]")).to_have_text("Ny")
    expect(widget.locator("[role=status]")).to_have_text("Ny lägesbild: Denna vecka")
    assert widget.locator("[role=status]").get_attribute("aria-live") == "polite"
    assert page.evaluate("document.activeElement.id") == "host", "the update does not move focus"


def test_refresh_zero_turns_polling_off(page, cms, intranet, make_report):
    make_report()
    responses = api_responses(page, cms)
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget(refresh=0))))
    wait_for_state(page, "report")
    page.wait_for_timeout(2500)
    assert len(responses) == 1


def test_changing_refresh_starts_polling(page, cms, intranet, make_report):
    make_report()
    responses = api_responses(page, cms)
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget(refresh=0))))
    wait_for_state(page, "report")
    page.locator("lagesbild-widget").evaluate("w => { w.refresh = 1 }")
    page.wait_for_timeout(2500)
    assert len(responses) >= 2
    assert all(status == 304 for status, _ in responses[1:])
