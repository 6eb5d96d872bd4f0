"""An editor signs in with the organisation's provider, starts next week's report, signs out (issue 25).

The provider is real (npm's `oidc-provider` under Node, tests/oidc.py) on 127.0.0.1, the CMS the
live server on localhost: Chromium goes from Wagtail's login page to the provider's and back,
as an editor would. A second person, in no group the site maps, is refused with a Swedish message
and nothing is created for them. Screenshots in test-results/sign-in/.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from cms.models import ProviderIdentity
from rapport_blocks.models import RapportPage
from tests import oidc
from tests.browser.test_editors_week_flow import demo  # noqa: F401 (the demo site and its groups)

ARTEFACTS = Path(os.environ.get("LAGESBILD_TEST_ARTEFACTS", "test-results")) / "sign-in"


@pytest.fixture
def provider(tmp_path, cms, settings):
    running = oidc.start(tmp_path, cms.url)
    running.settings(settings)
    running.add("anna", oidc.person([oidc.EDITORS], name="Anna Andersson"))
    running.add("ulla", oidc.person(["lagesbild-lasare"], name="Ulla Utan"))
    yield running
    running.stop()


@pytest.fixture
def only_here(context):
    """Nothing but this machine: whatever a page asks of another host is refused and noted."""
    asked = []

    def route(route):
        if urlsplit(route.request.url).hostname not in ("127.0.0.1", "localhost"):
            asked.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", route)
    return asked


def shot(page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def sign_in_at_provider(page, cms, login: str):
    page.goto(f"{cms.url}/admin/login/")
    shot(page, f"{login}-1-login-page")
    page.get_by_role("link", name="Logga in med Testregionen").click()
    expect(page.get_by_role("heading", name="Logga in hos testleverantören")).to_be_visible()
    page.get_by_label("Användarnamn").fill(login)
    page.get_by_label("Lösenord").fill(oidc.PASSWORD)
    shot(page, f"{login}-2-provider")
    page.get_by_role("button", name="Logga in").click()


def test_an_editor_signs_in_starts_next_weeks_report_and_signs_out(
    page,
    cms,
    demo,  # noqa: F811
    provider,
    only_here,
):
    previous = RapportPage.objects.live().order_by("-compiled_at").first()

    sign_in_at_provider(page, cms, "anna")
    expect(page).to_have_url(f"{cms.url}/admin/")
    panel = page.locator(f"#lagesbild-{demo.pk}-section")
    expect(panel).to_contain_text("Senast publicerad")
    shot(page, "anna-3-dashboard")
    user = get_user_model().objects.get(provider_identity__subject="anna")
    assert set(user.groups.values_list("name", flat=True)) == {"Redaktörer"}
    assert not user.is_superuser

    panel.get_by_role("link", name="Starta nästa lägesbild").click()
    page.locator("main").get_by_role("button", name="Starta nästa lägesbild").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(page.locator("main").get_by_role("status")).to_contain_text(
        "Ett utkast till nästa lägesbild skapades"
    )
    draft = RapportPage.objects.filter(live=False).get()
    assert draft.pk != previous.pk and draft.owner == user
    shot(page, "anna-4-draft")

    # Signing out: Wagtail's account menu, then the provider's own "Logga ut", then the login page.
    page.get_by_role("button", name=re.compile("^Anna")).click()  # the account menu, by first name
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", name="Logga ut")).to_be_visible()
    assert page.url.startswith(provider.issuer + "/session/end")
    page.get_by_role("button", name="Logga ut från testleverantören").click()
    expect(page).to_have_url(f"{cms.url}/admin/login/")
    expect(page.get_by_role("link", name="Logga in med Testregionen")).to_be_visible()
    shot(page, "anna-5-signed-out")
    page.goto(f"{cms.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/"))
    assert only_here == []


def test_a_person_without_the_group_is_refused_in_swedish_and_nothing_is_created(
    page,
    cms,
    demo,  # noqa: F811
    provider,
    only_here,
):
    users = get_user_model().objects.count()
    sign_in_at_provider(page, cms, "ulla")
    expect(page).to_have_url(f"{cms.url}/admin/login/")
    expect(page.locator(".messages")).to_contain_text(
        "Du är inloggad hos Testregionen men finns inte i någon grupp som får arbeta i Lägesbild. "
        "Be din administratör att lägga till dig."
    )
    shot(page, "ulla-refused")
    assert get_user_model().objects.count() == users
    assert not ProviderIdentity.objects.exists()
    page.goto(f"{cms.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    assert only_here == []
