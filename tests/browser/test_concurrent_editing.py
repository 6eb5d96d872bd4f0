"""Two editors edit the same report, each in a browser of their own: Wagtail's concurrent-editing
notice tells the one who is behind, and nothing the other saved is overwritten without asking.

Wagtail 8's editing sessions ping the server (WAGTAIL_EDITING_SESSION_PING_INTERVAL, shortened
here to one second); when someone else saves a newer revision, the editor who is behind sees
"<name> sparade en ny version" and, on saving, a dialog that says whose changes would be
overwritten, with the save button again or "Visa senaste versionen" (a screenshot of it goes to
test-results/concurrent-editing-dialog.png).
"""

import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from rapport_blocks.models import RapportPage
from tests.browser.test_editors_week_flow import demo, log_in  # noqa: F401 (the demo fixture)
from tests.conftest import PROJECT_DIR
from tests.site.fault_figures import tally

SAVE = "Spara utkast"
SCREENSHOT = PROJECT_DIR / "test-results" / "concurrent-editing-dialog.png"


@pytest.fixture
def one_request_at_a_time(live_server):
    """The live server's requests in turn: its in-memory SQLite database is one connection shared
    by the server's threads, and two editors' sessions ping it at the same moments (production
    runs PostgreSQL, where they simply run side by side)."""
    httpd = live_server.thread.httpd
    app, lock = httpd.get_app(), threading.Lock()

    def in_turn(environ, start_response):
        with lock:
            return [b"".join(app(environ, start_response))]

    httpd.set_app(in_turn)
    yield lock  # the test's own queries take it too
    httpd.set_app(app)


def editor_page(browser, cms, username, report):
    context = browser.new_context(locale="sv-SE")
    log_in(context, cms, username)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{cms.url}/admin/pages/{report.pk}/edit/")
    return context, page


def test_the_editor_who_is_behind_is_told_and_overwrites_nothing_silently(
    browser,
    cms,
    demo,  # noqa: F811 (the fixture imported above)
    settings,
    request,
    one_request_at_a_time,
):
    database = one_request_at_a_time
    figures = tally(request, "two editors edit the same report")
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 1000
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # the explicit "Spara utkast" of each editor is what is tested
    User = get_user_model()
    User.objects.filter(username="redaktor").update(first_name="Olle", last_name="Ek")
    second = User.objects.create_user("redaktor2", password="x-lösen-1", first_name="Karin", last_name="Berg")
    second.groups.add(Group.objects.get(name="Redaktörer"))
    report = RapportPage.objects.live().order_by("-compiled_at").first()
    title = report.title

    first_context, first = editor_page(browser, cms, "redaktor", report)
    second_context, other = editor_page(browser, cms, "redaktor2", report)
    try:
        # Each sees the other in the editing sessions.
        viewer = first.locator("#w-editing-sessions .w-editing-sessions__session")
        expect(viewer).to_have_count(1, timeout=15_000)
        viewer.hover()
        expect(first.get_by_text("Karin Berg")).to_be_visible()
        expect(first.get_by_text("Tittar just nu")).to_be_visible()
        first.mouse.move(0, 0)  # Wagtail defers updating the list while the pointer is on it

        # Karin saves first.
        other.locator("#id_title").fill(f"{title} (Karins version)")
        other.get_by_role("button", name=SAVE).click()
        expect(other.get_by_text("har blivit uppdaterad")).to_be_visible()
        with database:
            karins = RapportPage.objects.get(pk=report.pk).get_latest_revision()
        assert karins.content["title"] == f"{title} (Karins version)"
        figures.injected()

        # Olle, who loaded the older version, is told, without reloading.
        notice = first.get_by_role("button", name="Karin Berg sparade en ny version")
        expect(notice).to_be_visible(timeout=15_000)

        # Olle edits and saves: a dialog says whose changes would be overwritten; nothing saved yet.
        first.locator("#id_title").fill(f"{title} (Olles version)")
        first.get_by_role("button", name=SAVE).click()
        dialog = first.locator("#w-save-confirmation-dialog")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("Karin Berg sparade en ny version")
        expect(dialog).to_contain_text("Om du fortsätter skrivs ändringarna som Karin Berg gjorde över.")
        expect(dialog.get_by_role("link", name="Visa senaste versionen")).to_be_visible()
        with database:
            assert RapportPage.objects.get(pk=report.pk).get_latest_revision().pk == karins.pk
        first.screenshot(path=str(SCREENSHOT))

        # He decides to proceed: his revision is saved, and Karin's is still in the history.
        dialog.get_by_role("button", name=SAVE).click()
        expect(first.get_by_text("har blivit uppdaterad")).to_be_visible()
        with database:
            stored = RapportPage.objects.get(pk=report.pk)
            assert stored.get_latest_revision().content["title"] == f"{title} (Olles version)"
            assert stored.revisions.filter(pk=karins.pk, content__title=f"{title} (Karins version)").exists()
            assert stored.live_revision_id == report.live_revision_id  # drafts only: nothing published
        history = first.context.new_page()
        history.goto(f"{cms.url}/admin/pages/{report.pk}/history/")
        expect(history.locator("main")).to_contain_text(re.compile("Karin Berg"))
        figures.survived()
    finally:
        first_context.close()
        second_context.close()
