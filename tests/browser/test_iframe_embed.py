"""The iframe snippet on an intranet page: framed only by allowed origins, sized by postMessage."""

from django.template.loader import render_to_string
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import host_page


def iframe_snippet(cms) -> str:
    """The snippet the /widget/ page hands out, pointing at this CMS."""
    return render_to_string(
        "frontend_widget/widget_iframe_snippet.html", {"frame_url": cms.url + "/embed/lagesbild/latest/"}
    )


def test_the_loader_sizes_the_frame_to_its_content(page, cms, intranet, make_report):
    make_report(body=[factories.bullets(html="<ul>" + "<li>En punkt</li>" * 40 + "</ul>")])
    page.goto(intranet.add("/", host_page(iframe_snippet(cms))))
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_have_text("Regional rapport")
    iframe = page.locator("iframe")
    assert "allow-same-origin" not in iframe.get_attribute("sandbox")
    content = frame.locator("html").evaluate("html => Math.ceil(html.getBoundingClientRect().height)")
    assert content > 480
    expect(iframe).to_have_attribute("style", f"width: 100%; height: {content}px; border: 0px;")
    assert iframe.get_attribute("src").endswith(
        "?origin=" + intranet.origin.replace(":", "%3A").replace("/", "%2F")
    )


def test_only_a_number_reaches_the_parent_and_only_an_allowed_origin(page, cms, intranet, make_report):
    make_report()
    record = (
        "<script>window.messages = []; addEventListener('message', (e) => messages.push(e.data))</script>"
    )
    frame_url = f"{cms.url}/embed/lagesbild/latest/?origin={intranet.origin}"
    page.goto(intranet.add("/", host_page(f'{record}<iframe src="{frame_url}" title="Lägesbild"></iframe>')))
    page.wait_for_function("window.messages.length > 0")
    assert all(isinstance(message, int) for message in page.evaluate("window.messages"))

    elsewhere = f"{cms.url}/embed/lagesbild/latest/?origin=http://evil.example"
    page.goto(intranet.add("/other", host_page(f'{record}<iframe src="{elsewhere}" title="L"></iframe>')))
    expect(page.frame_locator("iframe").locator("h1")).to_have_text("Regional rapport")
    page.wait_for_timeout(500)
    assert page.evaluate("window.messages") == []


def test_a_page_of_an_origin_that_is_not_allowed_cannot_frame_it(page, cms, intranet, make_report, settings):
    make_report()
    settings.CORS_ALLOWED_ORIGINS = []
    blocked = []
    page.on("console", lambda message: "frame-ancestors" in message.text and blocked.append(message.text))
    page.goto(intranet.add("/", host_page(iframe_snippet(cms))))
    page.wait_for_timeout(1000)
    assert [frame.url for frame in page.frames[1:]] == ["chrome-error://chromewebdata/"]
    assert blocked


def test_the_oembed_html_sizes_its_frame_as_the_snippet_does(page, cms, intranet, make_report):
    report = make_report(body=[factories.bullets(html="<ul>" + "<li>En punkt</li>" * 40 + "</ul>")])
    snippet = page.request.get(f"{cms.url}/api/oembed/?url={cms.url}{report.url}").json()["html"]
    page.goto(intranet.add("/", host_page(snippet)))
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_have_text("Regional rapport")
    iframe = page.locator("iframe")
    assert iframe.get_attribute("src").endswith(
        "?origin=" + intranet.origin.replace(":", "%3A").replace("/", "%2F")
    )
    content = frame.locator("html").evaluate("html => Math.ceil(html.getBoundingClientRect().height)")
    assert content > 480
    expect(iframe).to_have_css("height", f"{content}px")
