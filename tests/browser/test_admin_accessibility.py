"""The editors' admin screens in Chromium: axe-core (WCAG 2.0/2.1 A and AA) finds no violation.

What axe found before and how it was fixed: docs/accessibility-admin.md. Nothing is excluded, so a
new violation, ours or Wagtail's, fails here. Screenshots at 1280 px and 375 px are kept in
test-results/admin/ for people to look at.
"""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from rapport_blocks.models import OutboxDelivery, RapportPage
from tests import factories
from tests.browser.conftest import screenshots as browser_screenshots
from tests.conftest import PROJECT_DIR

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = PROJECT_DIR / "test-results" / "admin"


def wcag_violations(page, axe_source) -> list:
    page.evaluate(axe_source)
    results = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG,
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]],
        }
        for violation in results["violations"]
    ]


def screenshots(page, name):
    browser_screenshots(page, SCREENSHOTS, name)


@pytest.fixture
def admin(page, context, cms):
    """A logged-in editor (Wagtail's Editors group) and a series with a published report and a draft."""
    series = factories.make_series(title="Lägesbild vårdinformationssystem", slug="lagesbild")
    published = factories.make_report(
        series=series,
        compiled_at=factories.stockholm(2026, 11, 17),
        next_expected_at=factories.stockholm(2026, 11, 24),
        body=[
            factories.bullets(html="<ul><li>Läget är stabilt<ul><li>Ett barn</li></ul></li></ul>"),
            factories.actions(items=[(dt.date(2026, 11, 16), "Chefsbrev", "#")]),
            factories.links(),
            factories.people(persons=[factories.make_person("Karin Exempelsson", "kommunikationschef")]),
            factories.text(),
        ],
    )
    draft = factories.make_report(
        series=series,
        compiled_at=factories.stockholm(2026, 11, 24),
        publish=False,
        body=published.body.raw_data,
    )
    user = get_user_model().objects.create_superuser("redaktor", "redaktor@example.se", "hemligt")
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": cms.url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    return {"series": series, "draft": draft}


def test_axe_on_the_dashboard(page, cms, admin, axe_source):
    page.goto(f"{cms.url}/admin/")
    expect(page.get_by_role("link", name="Starta nästa lägesbild")).to_be_visible()
    screenshots(page, "dashboard")
    assert wcag_violations(page, axe_source) == []


def test_axe_on_the_listing(page, cms, admin, axe_source):
    page.goto(f"{cms.url}/admin/lagesbilder/")
    expect(page.get_by_role("link", name=re.compile("nr 1 · 17 november 2026"))).to_be_visible()
    screenshots(page, "listing")
    assert wcag_violations(page, axe_source) == []


def test_axe_on_a_reports_edit_view(page, cms, admin, axe_source):
    page.goto(f"{cms.url}/admin/pages/{admin['draft'].pk}/edit/")
    expect(page.locator(".rapport-checks")).to_be_visible()
    expect(page.locator(".public-DraftEditor-content").first).to_be_visible()
    screenshots(page, "edit")
    assert wcag_violations(page, axe_source) == []


def test_axe_on_the_next_report_confirmation(page, cms, admin, axe_source):
    page.goto(f"{cms.url}/admin/rapporter/{admin['series'].pk}/nasta/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Starta nästa lägesbild")
    screenshots(page, "next-report")
    assert wcag_violations(page, axe_source) == []


def test_axe_on_the_demo_reports_edit_view(page, context, cms, axe_source, monkeypatch):
    """The demo's real sections (shared link collection, spokespersons, nested bullets) in the form."""
    # The live server's database is flushed between tests, Wagtail's migrated groups with it.
    for name in ("Redaktörer", "Granskare"):
        Group.objects.get_or_create(name=name)
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-lösenord-123")
    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": cms.url}])
    report = RapportPage.objects.order_by("-compiled_at").first()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{cms.url}/admin/pages/{report.pk}/edit/")
    expect(page.locator(".public-DraftEditor-content").first).to_be_visible()
    screenshots(page, "edit-demo")
    assert wcag_violations(page, axe_source) == []


def test_axe_on_a_reports_utskick_page(page, cms, admin, axe_source, settings):
    """The outbox's page: an event with the e-mail's addresses, one sent and one failed with "Skicka
    igen", the PDF channel's render, failed and due again after the backoff, and the pre-warm's
    origin, done."""
    from frontend_widget.conf import DEFAULTS

    settings.LAGESBILD_CHANNELS = list(DEFAULTS["CHANNELS"])  # the pre-warm's group too
    report = RapportPage.objects.live().child_of(admin["series"]).get()
    event = factories.email_log(
        report,
        {"target": "chef@example.se", "status": "sent", "attempts": 1},
        {"target": "full@example.se", "status": "failed", "attempts": 14, "last_error": "550 Mailbox full"},
    )
    OutboxDelivery.objects.update_or_create(
        event=event,
        channel="pdf",
        target="",
        defaults={
            "status": "failed",
            "attempts": 2,
            "last_error": "OSError: [Errno 28] No space left on device",
            "next_attempt_at": dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.UTC),
        },
    )
    OutboxDelivery.objects.update_or_create(
        event=event,
        channel="prewarm",
        target="https://lagesbild.example.se",
        defaults={"status": "sent", "attempts": 1, "sent_at": dt.datetime(2026, 11, 17, 9, 0, tzinfo=dt.UTC)},
    )
    page.goto(f"{cms.url}/admin/utskick/rapport/{report.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utskick")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Första publiceringen")
    expect(page.get_by_role("button", name="Skicka igen till full@example.se")).to_be_visible()
    expect(page.get_by_role("heading", name="PDF", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Skapa PDF:en igen")).to_be_visible()
    expect(page.get_by_role("cell", name="Lägesbildens PDF (arkiveras)", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Förvärmning av de publika svaren", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="https://lagesbild.example.se", exact=True)).to_be_visible()
    screenshots(page, "utskick")
    assert wcag_violations(page, axe_source) == []
