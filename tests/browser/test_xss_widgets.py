"""Nothing runs in Chromium: the corpus in `<lagesbild-widget>`, `<faq-widget>` and the iframe pages on
an intranet page of another origin, and pasted into Draftail in the admin.

Each vector sits in every html and url field of a published report (test_sanitize.report_with) and
in every field of an FAQ question; a few reports hold all vectors, shown by widgets and iframes on
one host page. Watched: dialogs (alert, confirm, print), requests to any origin but the CMS and the
intranet, and the live DOM, shadow roots included (tests/site/xss_checks.py's rules).
"""

import json
import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from bs4.exceptions import ParserRejectedMarkup
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from rapport_blocks.models import RapportPage
from tests import factories
from tests.browser.conftest import host_page
from tests.site.xss_checks import (
    FORBIDDEN_ELEMENTS,
    URL_ATTRIBUTES,
    Figures,
    all_vectors,
    batches,
    dangerous_url,
)
from tests.test_sanitize import report_with

PER_REPORT = 125  # vectors per report: four reports, four widgets on one page

# Every element of the document and of every shadow root and same-origin frame: tag, attributes.
LIVE_DOM = """() => {
    const found = [];
    const visit = (root, where) => {
        for (const el of root.querySelectorAll('*')) {
            const attrs = {};
            for (const a of el.attributes) attrs[a.name] = a.value;
            found.push({tag: el.localName, attrs, where, ns: el.namespaceURI});
            if (el.shadowRoot) visit(el.shadowRoot, where + ' > ' + el.localName + '#shadow');
            if (el.localName === 'iframe') {
                try { if (el.contentDocument) visit(el.contentDocument, where + ' > iframe'); } catch (e) {}
            }
        }
    };
    visit(document, 'document');
    return found;
}"""


def live_problems(page, figures: Figures, allowed: Counter) -> list[str]:
    """The live DOM by the oracle's rules; `allowed`: the host page's own script and iframe elements."""
    found, seen = [], Counter()
    for element in page.evaluate(LIVE_DOM):
        tag, attrs, where = element["tag"], element["attrs"], element["where"]
        figures.oracle.checks += 1 + len(attrs)
        if tag in FORBIDDEN_ELEMENTS or element["ns"] != "http://www.w3.org/1999/xhtml":
            signature = (tag, attrs.get("src", ""))
            seen[signature] += 1
            if seen[signature] > allowed[signature]:
                found.append(f"{where}: <{tag} {attrs}>")
        for name, value in attrs.items():
            if name.lower().startswith("on"):
                found.append(f"{where}: <{tag} {name}={value!r:.80}>")
            elif name.lower() in URL_ATTRIBUTES and dangerous_url(value):
                found.append(f"{where}: <{tag} {name}={value!r:.80}>")
    return found


def watch(page, allowed_origins):
    """Dialogs and requests to other origins, as they happen."""
    seen = {"dialogs": [], "requests": []}

    def on_dialog(dialog):
        seen["dialogs"].append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_request(request):
        if not request.url.startswith(tuple(allowed_origins)):
            seen["requests"].append(request.url[:120])

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    return seen


def parses(vector: str) -> bool:
    """Whether Python's html.parser reads the vector: the FAQ's search rows need it, and every way in
    (the admin's Draftail, the import) only ever stores markup it reads; the factory does not check."""
    try:
        BeautifulSoup(f"<p>{vector}</p>", "html.parser")
    except ParserRejectedMarkup:
        return False
    return True


@pytest.fixture
def vectors(xss_vectors_path):
    return all_vectors()


def test_widgets_and_iframes_on_another_origin_run_nothing(page, cms, intranet, vectors):
    page.set_default_timeout(60_000)
    figures = Figures("Chromium: widgets and iframe pages on another origin")
    series = factories.make_series(title="Lägesbild test", slug="lagesbild")
    reports = [
        factories.make_report(
            series=series,
            compiled_at=factories.stockholm(2025, 5, 1 + number),
            body=[section for vector in batch for section in report_with(vector)],
        )
        for number, batch in enumerate(batches(vectors, PER_REPORT))
    ]
    faq_vectors = [vector for vector in vectors if parses(vector)]
    faq = factories.make_faq(
        title="Frågor och svar",
        slug="fragor-xss",
        intro=f"<p>{vectors[0]}</p>",
        body=[
            factories.faq_category(
                f"Kategori {vector}",
                [factories.faq_question(f"Fråga {vector}", f"<p>{vector}</p><ul><li>{vector}</li></ul>")],
            )
            for vector in faq_vectors
        ],
    )
    figures.vectors.update(vectors)
    figures.path(
        "factory: report html/url fields", tried=6 * len(vectors), stored=6 * len(vectors), refused=0
    )
    figures.path("factory: FAQ fields", tried=4 * len(faq_vectors), stored=4 * len(faq_vectors), refused=0)

    widgets = "".join(
        cms.widget(src=f"{cms.url}/api/lagesbild/{report.pk}/", sections="all", detail="full", refresh="0",
                   label=f"Rapport {number}")
        for number, report in enumerate(reports)
    )  # fmt: skip
    faq_widget = (
        f'<faq-widget src="{cms.url}/api/faq/{faq.pk}/" search><a href="{cms.url}/">FAQ</a></faq-widget>'
    )
    frames = (
        f'<iframe title="Lägesbild" src="{cms.url}/embed/lagesbild/{reports[0].pk}/"></iframe>'
        f'<iframe title="FAQ" src="{cms.url}/embed/faq/{faq.pk}/"></iframe>'
    )
    seen = watch(page, [cms.url, intranet.origin])
    page.goto(intranet.add("/", host_page(cms.script() + widgets + faq_widget + frames)), timeout=90_000)
    page.wait_for_function(
        "[...document.querySelectorAll('lagesbild-widget')].every((w) => w.state === 'report')"
        " && document.querySelector('faq-widget')?.state === 'faq'",
        timeout=60_000,
    )
    for frame in page.frames[1:]:
        frame.wait_for_load_state()
    # Open every answer and every folded item, so that whatever waits for a toggle gets its chance.
    page.evaluate(
        """() => { for (const w of document.querySelectorAll('faq-widget, lagesbild-widget'))
            for (const d of w.shadowRoot.querySelectorAll('details')) d.open = true; }"""
    )
    page.wait_for_timeout(1500)  # onerror, onload, timers

    allowed = Counter(
        {
            ("form", ""): 1,  # <faq-widget search>'s own search form, in its shadow root
            ("script", cms.widget_js): 1,
            ("iframe", f"{cms.url}/embed/lagesbild/{reports[0].pk}/"): 1,
            ("iframe", f"{cms.url}/embed/faq/{faq.pk}/"): 1,
        }
    )
    problems = live_problems(page, figures, allowed)
    # The iframes are another origin than the host: read them through their own frames.
    for frame in page.frames[1:]:
        # The iframe page's own: <base target=_top> and its one inline frame-loader script.
        frame_allowed = Counter({("base", ""): 1, ("script", ""): 1})
        problems += [f"frame {frame.url}: {p}" for p in live_problems(frame, figures, frame_allowed)]
    shown = page.evaluate(
        "() => [...document.querySelectorAll('lagesbild-widget, faq-widget')]"
        ".map((w) => w.shadowRoot.textContent.length)"
    )
    figures.outputs["widget DOM"] += len(reports)
    figures.outputs["<faq-widget> DOM"] += 1
    figures.outputs["iframe pages in Chromium"] += len(page.frames) - 1
    figures.documents += len(shown) + len(page.frames) - 1
    figures.write()

    assert all(length > 1000 for length in shown), shown  # the reports and the FAQ are really shown
    assert not seen["dialogs"], seen["dialogs"][:10]
    assert not seen["requests"], seen["requests"][:10]
    assert not problems, "\n".join(problems[:40])


def test_vectors_pasted_into_draftail_are_saved_and_published_harmless(page, context, cms, settings, vectors):
    """A batch of vectors pasted as HTML into a text section, saved and published from the admin."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    figures = Figures("Chromium: pasted into Draftail")
    series = factories.make_series(title="Lägesbild test", slug="lagesbild")
    user = get_user_model().objects.create_superuser("redaktor", "redaktor@example.se", "hemligt")
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": cms.url}])
    seen = watch(page, [cms.url])
    page.set_default_timeout(30_000)
    page.goto(f"{cms.url}/admin/pages/add/rapport_blocks/rapportpage/{series.pk}/")
    page.get_by_role("textbox", name=re.compile(r"^Titel")).fill("Regional rapport")
    page.get_by_title("Lägg till ett block").click()
    page.get_by_role("option", name="Textavsnitt").click()
    page.get_by_role("textbox", name=re.compile(r"^Rubrik")).fill("Inklistrat")
    field = page.locator("[data-contentpath='text'] .public-DraftEditor-content")
    field.click()
    clipboard = "".join(f"<p>{vector}</p><p>slut{number}</p>" for number, vector in enumerate(vectors))
    field.evaluate(
        """(target, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', new DOMParser().parseFromString(html, 'text/html').body.textContent);
            const paste = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
            target.dispatchEvent(paste);
        }""",
        clipboard,
    )
    last = f"slut{len(vectors) - 1}"
    expect(page.locator("input[name='body-0-value-text']")).to_have_value(re.compile(last), timeout=30_000)
    if not page.get_by_role("button", name="Publicera").is_visible():
        page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publicera").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/"), timeout=30_000)
    report = RapportPage.objects.live().get()
    figures.vectors.update(vectors)
    figures.path("Chromium: Draftail paste", tried=len(vectors), stored=len(vectors), refused=0)

    answer = json.loads(page.request.get(f"{cms.url}/api/lagesbild/{report.pk}/").text())
    html = answer["sections"][0]["html"]
    assert last in html
    problems = figures.check("API after a Draftail paste", html, fragment=True)
    context.clear_cookies()  # the page as the public sees it (no Wagtail userbar)
    page.goto(f"{cms.url}{report.url}")
    problems += live_problems(page, figures, Counter(
        (el["tag"], el["attrs"].get("src", "")) for el in page.evaluate(LIVE_DOM) if el["tag"] == "script"
        and el["attrs"].get("src", "").startswith("/static/")
    ))  # fmt: skip
    figures.outputs["page in Chromium after a Draftail paste"] += 1
    figures.write()
    assert not seen["dialogs"], seen["dialogs"][:10]
    assert not seen["requests"], seen["requests"][:10]
    assert not problems, "\n".join(problems[:40])
