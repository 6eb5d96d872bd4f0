"""A returning visitor's widgets stop showing a report or FAQ page once it is hidden.

The visitor keeps one browser context (HTTP cache and localStorage) across two visits to an
intranet page on another origin. Between them the report and the FAQ page are unpublished or made
private, and the API's `max-age` (1 s here instead of 60, with the real `stale-while-revalidate`)
passes. On the second visit every widget shows its empty state and nothing of the hidden pages is
left in the DOM or in localStorage: the widgets revalidate every request (`cache: "no-cache"`), so
Chromium never answers them with the stale copy that `stale-while-revalidate` would allow.

The context is made here rather than by the `context` fixture: Playwright turns Chromium's HTTP
cache off in a context that routes requests, and the cache is what this test is about.
"""

import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from wagtail.models import PageViewRestriction

from tests.browser.conftest import host_page

MAX_AGE = 1
WIDGETS = "[...document.querySelectorAll('lagesbild-widget, faq-widget')]"
READ = f"""() => ({{
  states: {WIDGETS}.map((widget) => widget.localName + ': ' + widget.state),
  text: {WIDGETS}.map((widget) => widget.shadowRoot.textContent).join(' '),
  storage: JSON.stringify({{...localStorage}}),
}})"""


def unpublish(page):
    page.unpublish()


def make_private(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x1")


@pytest.mark.parametrize("hide", [unpublish, make_private], ids=["unpublished", "made private"])
def test_a_returning_visitor_no_longer_sees_a_hidden_report_or_faq(
    browser, cms, intranet, make_report, make_faq, settings, hide
):
    settings.LAGESBILD_CACHE_CONTROL = f"public, max-age={MAX_AGE}, stale-while-revalidate=600"
    report = make_report(title="Lägesbild med hemligheten Krokus")
    faq = make_faq(title="Frågor om hemligheten Krokus", slug="fragor-krokus")
    url = intranet.add(
        "/",
        host_page(
            cms.script()
            + f'<lagesbild-widget src="{cms.api}"></lagesbild-widget>'
            + f'<lagesbild-widget src="{cms.url}/api/lagesbild/{report.pk}/"></lagesbild-widget>'
            + f'<faq-widget src="{cms.url}/api/faq/{faq.pk}/"></faq-widget>'
        ),
    )
    context = browser.new_context(locale="sv-SE")
    try:
        first = context.new_page()
        first.goto(url)
        first.wait_for_function(f"() => {WIDGETS}.every((w) => ['report', 'faq'].includes(w.state))")
        seen = first.evaluate(READ)
        assert "Krokus" in seen["text"] and "Krokus" in seen["storage"]  # the check below can fail
        first.close()

        hide(report)
        hide(faq)
        time.sleep(MAX_AGE + 0.5)  # the browser's copies are stale now, within stale-while-revalidate

        returning = context.new_page()
        returning.goto(url)
        try:
            returning.wait_for_function(f"() => {WIDGETS}.every((w) => w.state == 'empty')", timeout=5_000)
        except PlaywrightTimeout:
            pass  # the assertions say what is shown instead
        returning.wait_for_timeout(200)  # any later answer rendered too
        after = returning.evaluate(READ)
    finally:
        context.close()
    assert after["states"] == ["lagesbild-widget: empty", "lagesbild-widget: empty", "faq-widget: empty"]
    assert "Krokus" not in after["text"]
    assert "Krokus" not in after["storage"]
