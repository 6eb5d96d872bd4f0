"""<faq-widget> on an intranet page of another origin: expandable answers, search with ?q=, axe.

The FAQ JSON follows the contract of docs/api.md (`GET /api/faq/<id>/`, `?q=` for the matching
questions). Until the FAQ API is on main, the answers are served by routing the CMS's address,
with the CORS header the API sends to an allowed origin.
"""

import json
import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, host_page

FAQ = {
    "id": 7,
    "title": "FAQ om pausen av införandet (demo)",
    "url": "/faq-om-pausen/",
    "last_published_at": "2026-11-24T07:30:00Z",
    "intro_html": "<p>Svar på vanliga frågor om <b>pausen</b>.</p>",
    "categories": [
        {
            "heading": "Om pausen",
            "questions": [
                {
                    "anchor": "varfor-pausas",
                    "question": "Varför pausas införandet?",
                    "html": '<p>För att <a href="https://example.se/beslut">beslutet</a> kräver mer '
                    "underlag.</p>",
                    "url": "/faq-om-pausen/#varfor-pausas",
                    "reviewed_at": "2026-11-20",
                },
                {
                    "anchor": "hur-lange",
                    "question": "Hur länge varar pausen?",
                    "html": "<p>Det finns inget bestämt datum.</p>",
                    "url": "/faq-om-pausen/#hur-lange",
                    "reviewed_at": None,
                },
            ],
        },
        {
            "heading": "Ekonomi",
            "questions": [
                {
                    "anchor": "avgifter",
                    "question": "Vilka avgifter påverkas?",
                    "html": "<ul><li>Licensavgiften</li><li>Driftavgiften</li></ul>",
                    "url": "/faq-om-pausen/#avgifter",
                    "reviewed_at": "2026-10-01",
                }
            ],
        },
    ],
}


def serve_faq(page, cms, intranet, hostile: bool = False) -> list:
    """The FAQ API at the CMS's address; returns the queries asked.

    `hostile` adds markup that the server's sanitiser would never let through, to show that the
    widget's own allowlist drops it too."""
    queries = []

    def handle(route):
        query = parse_qs(urlsplit(route.request.url).query).get("q", [""])[0]
        queries.append(query)
        data = json.loads(json.dumps(FAQ))
        data["url"] = cms.url + FAQ["url"]
        if hostile:
            data["categories"][0]["questions"][0]["html"] += '<img src=x onerror="window.pwned=1">'
        if query:
            for category in data["categories"]:
                category["questions"] = [
                    q for q in category["questions"] if query.lower() in (q["question"] + q["html"]).lower()
                ]
            data["categories"] = [c for c in data["categories"] if c["questions"]]
        route.fulfill(
            status=200,
            content_type="application/json",
            headers={"Access-Control-Allow-Origin": intranet.origin},
            body=json.dumps(data),
        )

    page.route(re.compile(re.escape(cms.url) + r"/api/faq/7/(\?.*)?$"), handle)
    return queries


def open_faq(page, cms, intranet, **attributes):
    attrs = " ".join(name if value is True else f'{name}="{value}"' for name, value in attributes.items())
    snippet = (
        f'<faq-widget src="{cms.url}/api/faq/7/" {attrs}>'
        f'<a href="{cms.url}/faq-om-pausen/">Frågor och svar</a></faq-widget>'
    )
    page.goto(intranet.add("/", host_page(cms.script() + snippet)))
    page.wait_for_function("document.querySelector('faq-widget')?.state === 'faq'")
    return page.locator("faq-widget")


def test_the_faq_shows_its_questions_and_opens_an_answer_with_the_keyboard(page, cms, intranet):
    serve_faq(page, cms, intranet, hostile=True)
    faq = open_faq(page, cms, intranet)
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
    assert page.evaluate("window.pwned") is None
    assert page.console_errors == []


def test_search_asks_the_api_and_shows_only_the_matching_questions(page, cms, intranet):
    queries = serve_faq(page, cms, intranet)
    faq = open_faq(page, cms, intranet, search=True)
    search = faq.get_by_role("searchbox", name="Sök bland frågorna")
    search.fill("avgift")
    search.press("Enter")
    expect(faq.locator("[part=result-count]")).to_have_text("1 fråga hittades för ”avgift”")
    expect(faq.locator("[part=question-summary]")).to_have_text(["Vilka avgifter påverkas?"])
    expect(faq.locator("[role=status]")).to_have_text("1 fråga hittades för ”avgift”")
    assert queries == ["", "avgift"]
    expect(search).to_be_focused()

    search.fill("finns inte")
    search.press("Enter")
    expect(faq.locator("[part=result-count]")).to_have_text("Inga frågor hittades för ”finns inte”")
    expect(faq.locator("[part=question-summary]")).to_have_count(0)

    search.fill("")
    search.press("Enter")
    expect(faq.locator("[part=question-summary]")).to_have_count(3)
    expect(faq.locator("[part=result-count]")).to_have_count(0)


def test_axe_finds_nothing_in_the_faq_widget(page, cms, intranet, axe_source):
    serve_faq(page, cms, intranet)
    faq = open_faq(page, cms, intranet, search=True)
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


def test_the_faq_works_under_a_strict_csp_with_trusted_types(page, cms, intranet):
    serve_faq(page, cms, intranet)
    policy = (
        f"default-src 'self'; script-src 'self' {cms.url}; style-src 'self' {cms.url}; "
        f"connect-src {cms.url}; require-trusted-types-for 'script'; trusted-types lagesbild"
    )
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    snippet = (
        f'<faq-widget src="{cms.url}/api/faq/7/" search><a href="{cms.url}/">Frågor och svar</a></faq-widget>'
    )
    page.goto(intranet.add("/strict", host_page(cms.script() + snippet), Content_Security_Policy=policy))
    page.wait_for_function("document.querySelector('faq-widget')?.state === 'faq'")
    faq = page.locator("faq-widget")
    faq.locator("[part=question-summary]").first.click()
    # The answer's html went through the inert parser and the allowlist: its link is there.
    expect(faq.locator("[part=answer] a").first).to_have_attribute("href", "https://example.se/beslut")
    expect(faq.locator("[part=region]")).to_have_css("border-top-left-radius", "6px")
    assert page.evaluate("window.pwned") is None
    assert violations == [], violations
