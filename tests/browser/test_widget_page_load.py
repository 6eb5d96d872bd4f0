"""What an intranet page loads for the widgets: one module for both elements, then their JSON.

The size budget (tests/site/test_widget_static.py) is for that one file; this test keeps it the
whole of what a page with both elements asks the CMS for, besides the data.
"""

from urllib.parse import urlsplit

from tests.browser.conftest import WIDGET_PATH, host_page, wait_for_state


def test_both_elements_load_one_module_and_their_data(page, cms, intranet, make_report, make_faq):
    make_report()
    faq = make_faq()
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url)))
    snippet = (
        cms.widget()
        + f'<faq-widget src="{cms.url}/api/faq/{faq.pk}/"><a href="{cms.url}/">FAQ</a></faq-widget>'
    )
    page.goto(intranet.add("/", host_page(cms.script() + snippet)))
    wait_for_state(page, "report")
    page.wait_for_function("document.querySelector('faq-widget')?.state === 'faq'")
    page.wait_for_load_state("networkidle")
    from_cms = sorted({url.path for url in requested if url.netloc == urlsplit(cms.url).netloc})
    assert from_cms == [f"/api/faq/{faq.pk}/", "/api/lagesbild/latest/", WIDGET_PATH]
