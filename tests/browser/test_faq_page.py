"""The FAQ page in Chromium: keyboard disclosure, a link opening its answer, printing, axe-core."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations


def test_axe_finds_nothing_on_the_faq_page_with_search_results(page, cms, faq, axe_source):
    page.goto(cms.url + faq.url + "?q=avgifter")
    expect(page.locator("h1")).to_have_text(faq.title)
    expect(page.locator(".faq-results__list a")).to_have_count(1)
    page.locator("details").first.evaluate("details => details.open = true")
    assert axe_violations(page, axe_source) == []


def test_the_keyboard_opens_an_answer(page, cms, faq):
    page.goto(cms.url + faq.url)
    answer = page.get_by_text("Styrgruppen vill först rätta felen")
    expect(answer).to_be_hidden()
    summary = page.locator("#varfor-har-inforandet-pausats summary")
    summary.focus()
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    expect(answer).to_be_visible()
    page.keyboard.press("Tab")  # the next control is the question's "Kopiera länk"
    expect(page.locator("#varfor-har-inforandet-pausats .faq-item__copy")).to_be_focused()


def test_a_link_to_a_question_opens_its_answer(page, cms, faq):
    page.goto(cms.url + faq.url + "#ska-jag-ga-utbildningen-nu")
    expect(page.get_by_text("Återbud lämnas till din chef.")).to_be_visible()
    page.get_by_role("link", name="Vad kostar pausen?").first.click()
    expect(page.get_by_text("Avgifterna till leverantören")).to_be_visible()


def test_copy_link_copies_the_questions_address(page, context, cms, faq):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=cms.url)
    page.goto(cms.url + faq.url)
    page.locator("#vad-kostar-pausen .faq-item__copy").click()
    expect(page.locator("#faq-status")).to_have_text("Länken är kopierad.")
    assert page.evaluate("navigator.clipboard.readText()") == cms.url + faq.url + "#vad-kostar-pausen"


def test_printing_shows_every_answer(page, cms, faq):
    page.goto(cms.url + faq.url)
    page.emulate_media(media="print")
    for text in ("Styrgruppen vill först rätta felen", "Avgifterna till leverantören", "Återbud lämnas"):
        expect(page.get_by_text(text)).to_be_visible()
    expect(page.locator(".faq-search")).to_be_hidden()


def test_the_faq_page_and_its_frame_ask_no_third_party(page, cms, faq):
    from urllib.parse import urlsplit

    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for address in (faq.url + "?q=avgift", f"/embed/faq/{faq.pk}/", f"/api/faq/{faq.pk}/"):
        page.goto(cms.url + address)
        page.wait_for_load_state("networkidle")
    own = urlsplit(cms.url).netloc
    assert [url for url in requested if urlsplit(url).netloc != own] == []
    assert any(url.endswith("rapport_blocks/js/faq.js") for url in requested)
    assert page.console_errors == []
