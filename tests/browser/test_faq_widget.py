"""<faq-widget> on an intranet page of another origin: expandable answers, search with ?q=, axe.

The FAQ is a real, published FaqPage; the widget reads it from the FAQ API (`/api/faq/<id>/`,
`?q=` for the matching questions) across origins, as an intranet page would.
"""

import datetime as dt
import re

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import axe_violations, host_page


def publish_faq(make_faq):
    return make_faq(
        title="FAQ om pausen av införandet (demo)",
        slug="faq-om-pausen",
        intro="<p>Svar på vanliga frågor om <b>pausen</b>.</p>",
        body=[
            factories.faq_category(
                "Om pausen",
                [
                    factories.faq_question(
                        "Varför pausas införandet?",
                        '<p>För att <a href="https://example.se/beslut">beslutet</a> kräver mer '
                        "underlag.</p>",
                        reviewed_at=dt.date(2026, 11, 20),
                    ),
                    factories.faq_question(
                        "Hur länge varar pausen?", "<p>Det finns inget bestämt datum.</p>"
                    ),
                ],
            ),
            factories.faq_category(
                "Ekonomi",
                [
                    factories.faq_question(
                        "Vilka avgifter påverkas?",
                        "<ul><li>Licensavgiften</li><li>Driftavgiften</li></ul>",
                        reviewed_at=dt.date(2026, 10, 1),
                    )
                ],
            ),
        ],
    )


def faq_queries(page) -> list:
    """The ?q= of every request to the FAQ API ("" for none)."""
    queries = []
    page.on(
        "request",
        lambda request: (
            "/api/faq/" in request.url
            and queries.append((re.search(r"[?&]q=([^&]*)", request.url) or [None, ""])[1])
        ),
    )
    return queries


def open_faq(page, cms, intranet, faq_page, **attributes):
    attrs = " ".join(name if value is True else f'{name}="{value}"' for name, value in attributes.items())
    snippet = (
        f'<faq-widget src="{cms.url}/api/faq/{faq_page.pk}/" {attrs}>'
        f'<a href="{cms.url}/faq-om-pausen/">Frågor och svar</a></faq-widget>'
    )
    page.goto(intranet.add("/", host_page(cms.script() + snippet)))
    page.wait_for_function("document.querySelector('faq-widget')?.state === 'faq'")
    return page.locator("faq-widget")


def test_the_faq_shows_its_questions_and_opens_an_answer_with_the_keyboard(page, cms, intranet, make_faq):
    faq = open_faq(page, cms, intranet, publish_faq(make_faq))
    expect(page.get_by_role("region", name="FAQ om pausen av införandet (demo)")).to_be_visible()
    expect(faq.locator("[part=category-heading]")).to_have_text(["Om pausen", "Ekonomi"])
    expect(faq.locator("[part=question-summary]")).to_have_count(3)
    answer = faq.locator("[part=answer]").first
    expect(answer).to_be_hidden()

    page.keyboard.press("Tab")
    assert (
        page.evaluate("document.activeElement.shadowRoot.activeElement.textContent")
        == "Varför pausas införandet?"
    )
    page.keyboard.press("Enter")
    expect(answer).to_be_visible()
    expect(answer).to_contain_text("För att beslutet kräver mer underlag.")
    expect(answer.locator("a").first).to_have_attribute("href", "https://example.se/beslut")
    expect(answer.locator("[part=reviewed]")).to_have_text("Senast granskad 20 november 2026")
    expect(answer.locator("img")).to_have_count(0)
    page.keyboard.press("Enter")
    expect(answer).to_be_hidden()
    assert page.console_errors == []


def test_search_asks_the_api_and_shows_only_the_matching_questions(page, cms, intranet, make_faq):
    faq_page = publish_faq(make_faq)
    queries = faq_queries(page)
    faq = open_faq(page, cms, intranet, faq_page, search=True)
    search = faq.get_by_role("searchbox", name="Sök bland frågorna")
    search.fill("avgift")
    search.press("Enter")
    expect(faq.locator("[part=result-count]")).to_have_text("1 fråga hittades för ”avgift”")
    expect(faq.locator("[part=question-summary]")).to_have_text(["Vilka avgifter påverkas?"])
    expect(faq.locator("[role=status]")).to_have_text("1 fråga hittades för ”avgift”")
    assert queries == ["", "avgift"]
    expect(search).to_be_focused()

    search.fill("zebra")
    search.press("Enter")
    expect(faq.locator("[part=result-count]")).to_have_text("Inga frågor hittades för ”zebra”")
    expect(faq.locator("[part=question-summary]")).to_have_count(0)

    search.fill("")
    search.press("Enter")
    expect(faq.locator("[part=question-summary]")).to_have_count(3)
    expect(faq.locator("[part=result-count]")).to_have_count(0)


def test_axe_finds_nothing_in_the_faq_widget(page, cms, intranet, make_faq, axe_source):
    faq = open_faq(page, cms, intranet, publish_faq(make_faq), search=True)
    faq.locator("[part=question-summary]").first.click()
    assert axe_violations(page, axe_source) == []
    faq.get_by_role("searchbox").fill("pausen")
    faq.get_by_role("searchbox").press("Enter")
    expect(faq.locator("[part=result-count]")).to_be_visible()
    assert axe_violations(page, axe_source) == []


def test_an_unreachable_faq_shows_a_message_and_the_fallback_link(page, cms, intranet):
    page.route(re.compile(re.escape(cms.url) + r"/api/faq/7/"), lambda route: route.abort())
    snippet = f'<faq-widget src="{cms.url}/api/faq/7/"><a href="{cms.url}/">Frågor och svar</a></faq-widget>'
    page.goto(intranet.add("/", host_page(cms.script() + snippet)))
    page.wait_for_function("document.querySelector('faq-widget')?.state === 'error'")
    expect(page.locator("faq-widget [part=message]")).to_have_text("Frågorna kunde inte hämtas just nu.")
    expect(page.get_by_role("link", name="Frågor och svar")).to_be_visible()


def test_the_faq_works_under_a_strict_csp_with_trusted_types(page, cms, intranet, make_faq):
    faq_page = publish_faq(make_faq)
    policy = (
        f"default-src 'self'; script-src 'self' {cms.url}; style-src 'self' {cms.url}; "
        f"connect-src {cms.url}; require-trusted-types-for 'script'; trusted-types lagesbild"
    )
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    snippet = (
        f'<faq-widget src="{cms.url}/api/faq/{faq_page.pk}/" search>'
        f'<a href="{cms.url}/">Frågor och svar</a></faq-widget>'
    )
    page.goto(intranet.add("/strict", host_page(cms.script() + snippet), Content_Security_Policy=policy))
    faq = page.locator("faq-widget")
    # Locators, not wait_for_function: the page's CSP refuses Playwright's string evaluation too.
    expect(faq.locator("[part=question-summary]")).to_have_count(3)
    faq.locator("[part=question-summary]").first.click()
    # The answer's html went through the inert parser and the allowlist: its link is there.
    expect(faq.locator("[part=answer] a").first).to_have_attribute("href", "https://example.se/beslut")
    expect(faq.locator("[part=region]")).to_have_css("border-top-left-radius", "6px")
    assert violations == [], violations


def test_a_question_changed_since_its_review_is_marked_updated(page, cms, intranet, make_faq, axe_source):
    faq_page = publish_faq(make_faq)
    body = faq_page.body.raw_data
    first = body[0]["value"]["questions"][0]["value"]
    first["answer"] = "<p>För att beslutet kräver mer underlag om kostnaderna.</p>"
    faq_page.body = list(body)
    faq_page.save_revision().publish()

    faq = open_faq(page, cms, intranet, faq_page)
    expect(faq.locator("[part=question-summary]")).to_have_text(
        ["Uppdaterad Varför pausas införandet?", "Hur länge varar pausen?", "Vilka avgifter påverkas?"]
    )
    badge = faq.locator("[part~=badge-updated]")
    expect(badge).to_have_count(1)
    expect(badge).to_have_css("border-top-style", "solid")  # not colour alone
    assert axe_violations(page, axe_source) == []
