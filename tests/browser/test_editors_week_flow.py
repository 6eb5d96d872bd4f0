"""The editors' week in Chromium, as the demo's two people do it (issue 8).

The editor (Redaktörer, not a superuser) starts the next report from the dashboard, rewords one
bullet, adds one and removes one in Draftail, looks at the widget preview and submits; the
approver (Granskare) approves from the dashboard row. Then the published page, the API and the
widget on an intranet page (another origin) all mark what changed. Screenshots of each step are
kept in test-results/editors-week/.
"""

import io
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from rapport_blocks.models import RapportIndexPage, RapportPage
from tests.browser.conftest import host_page, load_json, wait_for_state

ARTEFACTS = Path(os.environ.get("LAGESBILD_TEST_ARTEFACTS", "test-results")) / "editors-week"
SECTION = "Kommunikativ lägesbild"
REWORDED = (
    "Medieintresset är fortsatt lågt; två frågor från lokalmedia har besvarats under veckan.",
    "Medieintresset är fortsatt lågt; tre frågor från lokalmedia har besvarats under veckan.",
)
UNTOUCHED = "Medarbetare frågar främst om utbildning, och svaren har lagts in bland vanliga frågor och svar."
REMOVED = "Lägesbilden publiceras varje tisdag på intranätet."
ADDED = "Ett nyhetsbrev till alla chefer skickas ut på fredag."


def wagtail_roles() -> None:
    """Wagtail's Editors and Moderators groups and its default workflow, as its migrations make them.

    The live server's database is emptied after every test, migration rows included; load_demo
    then gives them their Swedish names and its users.
    """
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    roles = {
        "Editors": ["add_page", "change_page"],
        "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    }
    groups = {}
    for name, codenames in roles.items():
        group = groups[name] = Group.objects.get_or_create(name=name)[0]
        group.permissions.add(access)
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    if not Workflow.objects.exists():
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([groups["Moderators"]])
        workflow = Workflow.objects.create(name="Moderators approval")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=root)


@pytest.fixture
def demo(cms, settings, monkeypatch):
    """The demo site served by the live server, with its editor and approver."""
    # Wagtail 8 autosaves while the test types; the explicit "Spara utkast" is what is tested.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    wagtail_roles()
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-lösenord-123")
    url = urlsplit(cms.url)
    call_command("load_demo", host=url.hostname, port=url.port, stdout=io.StringIO())
    return RapportIndexPage.objects.get(slug="lagesbild")


def log_in(context, cms, username: str):
    """A demo user's session in this browser context (the login form is tested without a browser)."""
    user = get_user_model().objects.get(username=username)
    assert not user.is_superuser
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": cms.url}])


def shot(page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def text_point(field, text: str, *, word: str | None = None) -> dict:
    """Where on screen `text` (or its `word`) is in a Draftail field: a user clicks there."""
    return field.evaluate(
        """(root, [text, word]) => {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const start = node.data.indexOf(text);
                if (start < 0) continue;
                const range = document.createRange();
                if (word) {
                    const at = node.data.indexOf(word, start);
                    range.setStart(node, at);
                    range.setEnd(node, at + word.length);
                } else {
                    range.setStart(node, start + text.length);
                    range.setEnd(node, start + text.length);
                }
                const rect = range.getClientRects()[0] || range.getBoundingClientRect();
                return {x: word ? rect.left + rect.width / 2 : rect.right - 1, y: rect.top + rect.height / 2};
            }
            throw new Error('not in the field: ' + text);
        }""",
        [text, word],
    )


def test_the_editors_week_from_the_dashboard_to_the_intranet(browser, page, context, cms, demo, intranet):
    previous = RapportPage.objects.live().order_by("-compiled_at").first()

    # 1. The editor reaches a new draft from the dashboard: counted clicks.
    log_in(context, cms, "redaktor")
    clicks = 0
    page.goto(f"{cms.url}/admin/")
    panel = page.locator(f"#lagesbild-{demo.pk}-section")
    expect(panel).to_contain_text("Senast publicerad")
    shot(page, "1-editor-dashboard")
    panel.get_by_role("link", name="Starta nästa lägesbild").click()
    clicks += 1
    expect(page.locator("main")).to_contain_text(previous.get_admin_display_title())
    shot(page, "2-confirm-next-report")
    page.locator("main").get_by_role("button", name="Starta nästa lägesbild").click()
    clicks += 1
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(page.get_by_text("Ett utkast till nästa lägesbild skapades")).to_be_visible()
    assert clicks <= 3  # two: the panel's button and the confirmation; the edit view follows
    draft = RapportPage.objects.filter(live=False).get()
    assert draft.pk != previous.pk

    # 2. In Draftail: reword one bullet, remove one, add one; save the draft.
    field = page.locator(".public-DraftEditor-content", has_text=UNTOUCHED)
    field.scroll_into_view_if_needed()
    where = text_point(field, REWORDED[0], word="två")
    page.mouse.dblclick(where["x"], where["y"])
    page.keyboard.type("tre")
    expect(field).to_contain_text(REWORDED[1])
    # The last bullet goes: select from the end of the one before it to its own end, and erase.
    start, stop = text_point(field, UNTOUCHED), text_point(field, REMOVED)
    page.mouse.click(start["x"], start["y"])
    page.keyboard.press("End")
    page.keyboard.down("Shift")
    page.mouse.click(stop["x"], stop["y"])
    page.keyboard.up("Shift")
    page.keyboard.press("Shift+End")
    page.keyboard.press("Backspace")
    expect(field).not_to_contain_text(REMOVED)
    page.keyboard.press("Enter")
    page.keyboard.type(ADDED)
    hidden = field.locator("xpath=ancestor::*[@data-contentpath='bullets'][1]").locator("input[type=hidden]")
    expect(hidden).to_have_value(re.compile(re.escape(ADDED)))
    shot(page, "3-edited-bullets")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_text("har blivit uppdaterad")).to_be_visible()
    saved = RapportPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    html = next(
        block.value["bullets"].source for block in saved.body if block.value.get("heading") == SECTION
    )
    assert REWORDED[1] in html and ADDED in html and UNTOUCHED in html
    assert REWORDED[0] not in html and REMOVED not in html

    # 3. The widget preview shows the draft's bullets; then the editor submits.
    page.locator("[data-side-panel-toggle='preview']").click()
    # The page mode loads first; the mode is switched once it shows (Wagtail swaps its iframe).
    expect(page.frame_locator("#w-preview-iframe").last.get_by_text(ADDED)).to_be_visible(timeout=20_000)
    page.locator("#id_preview_mode").select_option("widget")
    preview = page.frame_locator("#w-preview-iframe").last
    wide = preview.locator("lagesbild-widget[sections=all]")
    expect(wide.get_by_text(ADDED)).to_be_visible(timeout=20_000)
    expect(wide.get_by_text(REWORDED[1])).to_be_visible()
    expect(wide.get_by_text(REMOVED)).to_have_count(0)
    shot(page, "4-widget-preview")
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Lämna in till Granskning").click()
    expect(page.get_by_text("har blivit inlämnad")).to_be_visible()
    shot(page, "5-submitted")
    draft.refresh_from_db()
    assert draft.workflow_in_progress and not draft.live

    # 4. The approver, in a browser of their own, approves from the dashboard row.
    approver_context = browser.new_context(locale="sv-SE")
    try:
        log_in(approver_context, cms, "granskare")
        approver = approver_context.new_page()
        approver.set_default_timeout(10_000)
        approver.goto(f"{cms.url}/admin/")
        row = approver.locator(".rapport-dashboard__approve")
        row.get_by_role("button", name=re.compile("^Godkänn och publicera")).click()
        expect(approver.get_by_text("godkändes och publicerades")).to_be_visible()
        shot(approver, "6-approved")
    finally:
        approver_context.close()
    draft.refresh_from_db()
    assert draft.live

    # 5. The published page, the API and the widget on the intranet mark what changed.
    page.goto(draft.full_url)
    section = page.locator("section, div", has=page.get_by_role("heading", name=SECTION)).last
    expect(section.locator("li", has_text=ADDED).locator(".rapport-change--new")).to_have_text("Ny")
    expect(section.locator("li", has_text=REWORDED[1]).locator(".rapport-change--changed")).to_have_text(
        "Ändrad"
    )
    assert section.locator("li", has_text=UNTOUCHED).locator(".rapport-change").count() == 0
    assert page.locator(".rapport-change--new").count() == 1
    assert page.locator(".rapport-change--changed").count() == 1
    shot(page, "7-published-page")

    report = load_json(page, cms.api)
    assert report["changes"] == {"new": 1, "changed": 1, "removed": 1, "compared_with": previous.pk}
    marked = [
        (item.get("html") or item.get("title") or item.get("text"), item["change"])
        for item in walk(report)
        if item.get("change")
    ]
    assert len(marked) == 2, marked
    assert {change for _text, change in marked} == {"new", "changed"}
    assert [change for text, change in marked if ADDED in text] == ["new"]
    assert [change for text, change in marked if REWORDED[1] in text] == ["changed"]

    page.goto(intranet.add("/", host_page(cms.script() + cms.widget(sections="all"))))
    wait_for_state(page, "report")
    widget = page.locator("lagesbild-widget")
    # The widget builds its own DOM, but with the page's class names: one stylesheet reads both.
    expect(widget.locator(".rapport-section", has_text=ADDED)).to_have_count(1)
    expect(widget.locator(".rapport-change--new")).to_have_count(1)
    expect(widget.locator(".rapport-change--changed")).to_have_count(1)
    expect(widget.locator("li", has_text=ADDED).locator(".rapport-change--new")).to_have_text("Ny")
    expect(widget.locator("li", has_text=REWORDED[1]).locator(".rapport-change--changed")).to_have_text(
        "Ändrad"
    )
    shot(page, "8-intranet-widget")
    assert page.console_errors == []


def walk(data):
    """Every item (bullet at any level, action, link) of the API's report."""
    for section in data["sections"]:
        for key in ("bullets", "items", "actions", "links"):
            yield from _items(section.get(key) or [])


def _items(items):
    for item in items:
        if isinstance(item, dict):
            yield item
            yield from _items(item.get("children") or [])
