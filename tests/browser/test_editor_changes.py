"""In Chromium: the widget preview shows the draft, and the comparison view passes axe-core.

Logged in as an administrator through a session cookie, on the demo site
with the next report drafted (one bullet reworded, one added, one removed: tests/conftest.py).
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from rapport_blocks.admin.views import comparison_url
from tests.browser.conftest import axe_violations, shadow_text, wait_for_state
from tests.conftest import DEMO_ADDED, DEMO_REMOVED, DEMO_REWORDED

ARTEFACTS = Path(os.environ.get("LAGESBILD_TEST_ARTEFACTS", "test-results"))
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def wagtail_groups(cms):
    """Wagtail's Editors and Moderators groups (from its migrations), which load_demo fills.

    The live server's database is emptied after every test, migration rows included.
    """
    for name in ("Editors", "Moderators"):
        Group.objects.get_or_create(name=name)


@pytest.fixture
def draft(cms, wagtail_groups, settings, demo_next_draft):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    return demo_next_draft


def log_in(context, cms, username):
    """An administrator: roles are tested without a browser (test_compare_view.py)."""
    user = get_user_model().objects.create_superuser(username, password="x-lösen-123")
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": cms.url}])


def test_the_widget_preview_renders_the_drafts_bullets(page, context, cms, draft):
    log_in(context, cms, "redaktor2")
    revision = draft.get_latest_revision()
    url = reverse("wagtailadmin_pages:revisions_view", args=[draft.pk, revision.pk])
    page.goto(f"{cms.url}{url}?mode=widget")

    wide, narrow = "lagesbild-widget[sections=all]", "lagesbild-widget[sections='0']"
    wait_for_state(page, "report", wide)
    wait_for_state(page, "report", narrow)
    text = shadow_text(page, wide)
    assert DEMO_ADDED in text and DEMO_REWORDED[1] in text
    assert DEMO_REMOVED not in text and DEMO_REWORDED[0] not in text
    # The sidebar is the narrow one an intranet gives it, the column wider.
    assert page.locator(narrow).bounding_box()["width"] == 300
    assert page.locator(wide).bounding_box()["width"] > 400
    assert page.console_errors == []
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "widget-preview.png"), full_page=True)


def test_axe_finds_nothing_the_plugin_causes_in_the_comparison_view(page, context, cms, draft, axe_source):
    log_in(context, cms, "granskare2")
    page.goto(cms.url + comparison_url(draft))
    page.get_by_role("heading", name="Ändrade").wait_for()

    page.evaluate(axe_source)
    results = page.evaluate("async (options) => await axe.run(document, options)", WCAG)
    violations = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in results["violations"]]
    assert violations == []
    assert (
        axe_violations(page, axe_source, ".rapport-compare") == []
    )  # best practices too, in the plugin's part
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "compare-view.png"), full_page=True)
