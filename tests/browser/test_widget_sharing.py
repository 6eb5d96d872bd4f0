"""Several widgets on one page share one request per src and one poll timer."""

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import host_page, wait_for_state


def api_requests(page, cms) -> list:
    seen = []
    page.on("request", lambda request: request.url.startswith(cms.api) and seen.append(request.url))
    return seen


def test_two_widgets_with_the_same_src_make_one_request(page, cms, intranet, make_report):
    make_report(title="Denna vecka")
    requests = api_requests(page, cms)
    body = cms.widget(id="sidebar", detail="glance") + cms.widget(id="column", sections="all", changes="only")
    page.goto(intranet.add("/", host_page(cms.script() + body)))
    wait_for_state(page, "report", "#sidebar")
    wait_for_state(page, "report", "#column")
    page.wait_for_timeout(500)
    assert requests == [cms.api]
    expect(page.locator("#sidebar [part=title]")).to_have_text("Denna vecka")
    expect(page.locator("#column [part=title]")).to_have_text("Denna vecka")

    # A widget added later shows the shared report at once, without asking again.
    page.evaluate(f"""() => {{
        const widget = document.createElement("lagesbild-widget");
        widget.id = "later";
        widget.src = "{cms.api}";
        document.querySelector("main").append(widget);
    }}""")
    wait_for_state(page, "report", "#later")
    assert requests == [cms.api]


def test_different_sources_make_one_request_each(page, cms, intranet, make_report, home):
    make_report(title="Vårdinformation")
    other = factories.make_series(title="Ambulans", slug="ambulans")
    factories.make_report(series=other, title="Ambulans vecka 22")
    requests = api_requests(page, cms)
    body = cms.widget(id="a") + cms.widget(id="b", series="ambulans") + cms.widget(id="c", series="ambulans")
    page.goto(intranet.add("/", host_page(cms.script() + body)))
    for selector in ("#a", "#b", "#c"):
        wait_for_state(page, "report", selector)
    page.wait_for_timeout(500)
    assert sorted(requests) == [cms.api, cms.api + "?series=ambulans"]
    expect(page.locator("#c [part=title]")).to_have_text("Ambulans vecka 22")


def test_polling_widgets_share_one_timer(page, cms, intranet, make_report):
    make_report(title="Förra veckan", compiled_at=factories.stockholm(2025, 5, 20))
    requests = api_requests(page, cms)
    body = cms.widget(id="a", refresh=1) + cms.widget(id="b", refresh=1) + cms.widget(id="c", refresh=1)
    page.goto(intranet.add("/", host_page(cms.script() + body)))
    wait_for_state(page, "report", "#c")
    page.wait_for_timeout(3500)
    # Three widgets polling on their own would ask about three times a second.
    assert 2 <= len(requests) <= 5, requests
    make_report(title="Denna vecka", compiled_at=factories.stockholm(2025, 5, 27))
    for selector in ("#a", "#b", "#c"):
        expect(page.locator(f"{selector} [part=title]")).to_contain_text("Denna vecka", timeout=8000)
