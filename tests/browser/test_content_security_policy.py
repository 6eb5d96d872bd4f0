"""The site works under its own Content-Security-Policy: not one violation in Chromium's console.

The editor's flow in Wagtail admin (the login form, dashboard, page explorer, a report's edit view
with Draftail and the StreamField, the preview in its page, widget and e-mail modes, the
comparison view, the Lägesbilder listing, an FAQ page's edit view and "FAQ att granska"), the
administrator's screens (snippets, distribution lists, the e-mail log) and every kind of public
page. Each document must carry the policy (an answer without one could not violate it), and every
violation is reported: Chromium's console message and a `securitypolicyviolation` listener in
every frame, the preview's included. The number of documents checked is written to
test-results/csp-pages.json (docs/security.md).
"""

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rapport_blocks.models import DistributionList, FaqPage, Person, RapportPage
from tests.browser.test_editors_week_flow import demo, wagtail_roles  # noqa: F401 (fixtures)

RESULTS = Path(os.environ.get("LAGESBILD_TEST_ARTEFACTS", "test-results")) / "csp-pages.json"
PASSWORD = "demo-lösenord-123"  # the demo fixture's DEMO_ADMIN_PASSWORD
LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
    console.error(`CSP violation: ${event.effectiveDirective} refused ${event.blockedURI || 'inline'}`
        + ` in ${event.documentURI} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
});
"""
checked: dict[str, list] = {"admin": [], "public": []}


class Watch:
    """Every CSP message and every document (main frame or not) the browser loads, with its policy."""

    def __init__(self, context):
        self.violations = []
        self.documents = []
        context.add_init_script(LISTENER)
        context.on("console", self._console)
        context.on("response", self._response)

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            self.violations.append(text)

    def _response(self, response):
        if response.request.resource_type == "document":
            policy = response.headers.get("content-security-policy")
            self.documents.append((response.url, response.status, policy))

    def visit(self, page, url: str, kind: str):
        response = page.goto(url)
        assert response.headers.get("content-security-policy"), f"{url} has no policy"
        page.wait_for_load_state("networkidle")
        checked[kind].append(url)
        return response


@pytest.fixture(scope="module", autouse=True)
def _record():
    yield
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({kind: len(urls) for kind, urls in checked.items()}, indent=2) + "\n")


@pytest.fixture
def watch(context):
    return Watch(context)


def log_in(page, watch, cms, username: str):
    """Through the real login form: its page is checked too."""
    watch.visit(page, f"{cms.url}/admin/login/", "admin")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    checked["admin"].append(page.url)


def test_the_editors_flow_in_the_admin_violates_nothing(page, context, cms, demo, watch):  # noqa: F811
    report = RapportPage.objects.live().order_by("-compiled_at").first()
    faq = FaqPage.objects.live().first()
    log_in(page, watch, cms, "redaktor")
    watch.visit(page, f"{cms.url}/admin/pages/", "admin")
    watch.visit(page, f"{cms.url}/admin/pages/{demo.pk}/", "admin")
    watch.visit(page, f"{cms.url}/admin/lagesbilder/", "admin")
    watch.visit(page, f"{cms.url}/admin/lagesbild/{report.pk}/jamfor/", "admin")

    # The edit view: type in Draftail, fold and unfold a StreamField block, save.
    watch.visit(page, f"{cms.url}/admin/pages/{report.pk}/edit/", "admin")
    field = page.locator(".public-DraftEditor-content").first
    field.click()
    page.keyboard.press("End")
    page.keyboard.type(" Tillagt i testet.")
    toggle = page.locator("[data-panel-toggle]").nth(1)
    toggle.click()
    toggle.click()
    # Wagtail's own inline scripts ran here (its date pickers, choosers): why the admin's policy
    # allows 'unsafe-inline' for scripts.
    inline = page.locator("script:not([src]):not([type])").count()
    assert inline > 0
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_text("har blivit uppdaterad")).to_be_visible()
    checked["admin"].append(page.url)

    # The preview in each mode, in Wagtail's side panel (an iframe under the admin's policy).
    page.locator("[data-side-panel-toggle='preview']").click()
    expect(page.frame_locator("#w-preview-iframe").last.locator("main")).to_be_visible(timeout=20_000)
    for mode, shows in (("widget", "lagesbild-widget"), ("email", "body")):
        options = page.locator("#id_preview_mode option").evaluate_all("os => os.map(o => o.value)")
        if mode not in options:
            mode = next(value for value in options if value.startswith(mode[:2]))
        page.locator("#id_preview_mode").select_option(mode)
        expect(page.frame_locator("#w-preview-iframe").last.locator(shows).first).to_be_attached(
            timeout=20_000
        )
        page.wait_for_timeout(500)
        checked["admin"].append(f"{page.url}#preview-{mode}")

    # The FAQ.
    watch.visit(page, f"{cms.url}/admin/pages/{faq.pk}/edit/", "admin")
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type(" Mer.")
    watch.visit(page, f"{cms.url}/admin/faq/att-granska/", "admin")

    documents_with_a_policy = [url for url, _status, policy in watch.documents if policy]
    assert len(documents_with_a_policy) >= 10
    assert watch.violations == []


def test_the_administrators_screens_violate_nothing(page, context, cms, demo, watch):  # noqa: F811
    report = RapportPage.objects.live().order_by("-compiled_at").first()
    log_in(page, watch, cms, "admin")
    person = Person.objects.first()
    distribution = DistributionList.objects.first()
    for path in (
        "/admin/snippets/",
        "/admin/snippets/rapport_blocks/person/",
        f"/admin/snippets/rapport_blocks/person/edit/{person.pk}/",
        "/admin/snippets/rapport_blocks/linkcollection/",
        "/admin/snippets/rapport_blocks/distributionlist/",
        f"/admin/snippets/rapport_blocks/distributionlist/edit/{distribution.pk}/",
        f"/admin/utskick/rapport/{report.pk}/",
        f"/admin/pages/{report.pk}/history/",
        "/admin/users/",
        "/admin/reports/",
    ):
        watch.visit(page, cms.url + path, "admin")
    assert watch.violations == []


def test_every_kind_of_public_page_violates_nothing(page, context, cms, demo, watch, settings):  # noqa: F811
    report = RapportPage.objects.live().order_by("-compiled_at").first()
    faq = FaqPage.objects.live().first()
    for path in (
        "/",
        demo.url,
        demo.url + "?q=vaccin",
        report.url,
        faq.url,
        faq.url + "?q=vaccin",
        "/finns-inte/",
        "/embed/lagesbild/latest/?sections=all",
        f"/embed/faq/{faq.pk}/",
    ):
        watch.visit(page, cms.url + path, "public")

    # /widget/ as staff sees it (DEBUG off): the widget and the iframe at work on the page.
    settings.DEBUG = False
    log_in(page, watch, cms, "admin")
    watch.visit(page, cms.url + "/widget/", "public")
    expect(page.locator("lagesbild-widget").first).to_have_js_property("state", "report", timeout=20_000)
    expect(page.frame_locator("iframe").first.locator("h1")).to_be_visible()
    # A signed-in editor sees Wagtail's user bar on the public pages.
    watch.visit(page, cms.url + report.url, "public")
    expect(page.locator("wagtail-userbar")).to_be_attached()

    # /api/docs/: Redoc shows its maker's logo from cdn.redoc.ly, which the docs page's own policy
    # refuses (no third-party request); that refusal is the one expected message.
    watch.visit(page, cms.url + "/api/docs/", "public")
    page.get_by_text("Lägesbild API").first.wait_for()
    page.wait_for_timeout(500)
    refused_logo = [text for text in watch.violations if "cdn.redoc.ly" in text]
    assert refused_logo, "the watch sees the one refusal there is (else it would see none at all)"
    assert watch.violations == refused_logo
