"""Nothing the product serves makes a request to a third party: intranets and GDPR forbid it.

Every public page is loaded in Chromium, and every request it makes (fonts, scripts, images,
stylesheets, fetches) is recorded: all of them go to the CMS's own origin.
"""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import host_page, wait_for_state


class Requests(list):
    """The URLs the page asked for, less those its own Content-Security-Policy refused (never sent)."""

    def __init__(self, page):
        super().__init__()
        page.on("request", lambda request: self.append(request.url))
        page.on("requestfailed", self._refused)

    def _refused(self, request):
        # Chromium names the reason "csp" (blocked before any connection is made).
        if (request.failure or "").lower() in ("csp", "net::err_blocked_by_csp") and request.url in self:
            self.remove(request.url)


@pytest.fixture
def requests_made(page):
    return Requests(page)


def test_no_public_page_asks_another_origin_for_anything(
    page, cms, intranet, series, make_report, requests_made
):
    console = []
    page.on("console", lambda message: console.append(message.text))
    report = make_report(title="Regional rapport")
    own = urlsplit(cms.url).netloc
    addresses = [
        "/",
        series.url,
        report.url,
        "/api/docs/",
        "/embed/lagesbild/latest/",
        "/api/lagesbild/latest/",
    ]
    for address in addresses:
        page.goto(cms.url + address)
        page.wait_for_load_state("networkidle")
    page.goto(cms.url + "/api/docs/")
    page.get_by_text("Lägesbild API").first.wait_for()  # Redoc has rendered: its own requests are made

    # Redoc's own logo (cdn.redoc.ly) is refused by the docs page's policy, and nothing else is.
    csp_errors = [
        text for text in console if "Content Security Policy" in text and "cdn.redoc.ly" not in text
    ]
    others = [
        url
        for url in requests_made
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own
    ]
    assert others == []
    assert len(requests_made) >= len(addresses)
    assert csp_errors == []


def test_the_widget_asks_only_the_cms(page, cms, intranet, make_report, requests_made):
    make_report()
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget())))
    wait_for_state(page, "report")
    hosts = {urlsplit(url).netloc for url in requests_made}
    assert hosts == {urlsplit(cms.url).netloc, urlsplit(intranet.origin).netloc}
