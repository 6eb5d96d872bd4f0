"""The dashboard's front door: one panel per series the user works on, as an editor or an approver sees it."""

import datetime as dt
from importlib import metadata

import django
import pytest
import wagtail
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

import rapport_blocks
from tests.factories import stockholm

pytestmark = pytest.mark.django_db


def member(username, group):
    user = get_user_model().objects.create_user(username, password="x-lösen-123", first_name=username.title())
    user.groups.add(Group.objects.get(name=group))
    return user


def panel(client, user, series):
    client.force_login(user)
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    return soup.find(id=f"lagesbild-{series.pk}-section")


@pytest.fixture
def week(series, make_report):
    """A published report, a draft in progress and one submitted for approval."""
    editor = member("redaktor", "Editors")
    make_report(compiled_at=stockholm(2026, 11, 17), next_expected_at=stockholm(2026, 11, 24))
    draft = make_report(compiled_at=stockholm(2026, 11, 24), publish=False)
    submitted = make_report(compiled_at=stockholm(2026, 11, 25), publish=False)
    submitted.get_workflow().start(submitted, editor)
    return {"editor": editor, "draft": draft, "submitted": submitted}


def test_the_editor_sees_the_latest_report_the_button_and_the_drafts(client, series, week):
    found = panel(client, week["editor"], series)
    text = found.get_text(" ", strip=True)
    assert "Senast publicerad: nr 1 · 17 november 2026" in text
    start = next(a for a in found.find_all("a") if a.get_text(strip=True) == "Starta nästa lägesbild")
    assert start["href"] == reverse("rapport_blocks:next_report", args=[series.pk])
    assert "button-primary" in start["class"]
    assert "Pågående utkast" in text and "utkast · 24 november 2026" in text
    assert "Väntar på godkännande" in text and "utkast · 25 november 2026" in text
    assert "inlämnad av Redaktor" in text
    # An editor cannot approve.
    assert found.find("form", class_="rapport-dashboard__approve") is None
    # Overdue: 24 November was promised and nothing newer is live.
    assert "Nästa lägesbild är försenad: den väntades 24 november 2026 kl. 08:30" in text
    listing = found.find("a", string="Alla lägesbilder i serien")["href"]
    assert listing == f"{reverse('rapport_blocks_reports:index')}?series={series.pk}"


def test_the_approver_approves_from_the_dashboard_and_is_told_so(client, series, week):
    approver = member("granskare", "Moderators")
    found = panel(client, approver, series)
    form = found.find("form", class_="rapport-dashboard__approve")
    task_state = week["submitted"].current_workflow_task_state
    assert form["action"] == reverse(
        "wagtailadmin_pages:workflow_action", args=[week["submitted"].pk, "approve", task_state.pk]
    )
    assert "Godkänn och publicera" in form.get_text()

    response = client.post(
        form["action"], {"next": form.find("input", attrs={"name": "next"})["value"]}, follow=True
    )
    week["submitted"].refresh_from_db()
    assert week["submitted"].live and week["submitted"].number == 2
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "”nr 2 · 25 november 2026” godkändes och publicerades." in text
    # The approved report is the latest now, and the series is no longer overdue.
    found = BeautifulSoup(response.content, "html.parser").find(id=f"lagesbild-{series.pk}-section")
    assert "Senast publicerad: nr 2 · 25 november 2026" in found.get_text(" ", strip=True)


def test_someone_with_no_access_to_the_series_sees_no_panel(client, series, week):
    outsider = get_user_model().objects.create_user("utomstaende", password="x-lösen-123")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert panel(client, outsider, series) is None


def test_a_scheduled_report_is_listed_with_its_time(client, series, week):
    scheduled = week["draft"]
    revision = scheduled.get_latest_revision()
    revision.approved_go_live_at = timezone.now() + dt.timedelta(days=2)
    revision.save()
    admin = get_user_model().objects.create_superuser("admin", "a@example.se", "x-lösen-123")
    text = panel(client, admin, series).get_text(" ", strip=True)
    assert "Schemalagda" in text and "utkast · 24 november 2026 publiceras" in text


def test_every_admin_user_sees_the_version_the_site_runs(client):
    """The one version (rapport_blocks.__version__, as the installed package's metadata says it)."""
    editor = member("redaktor", "Editors")
    client.force_login(editor)
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    found = soup.find(id="lagesbild-version-section")
    assert found.find(class_="w-panel__heading").get_text(" ", strip=True) == "Om Lägesbild"
    text = found.find(class_="rapport-dashboard__version").get_text(" ", strip=True)
    assert text == (
        f"Lägesbild version {metadata.version('lagesbild')} , på Wagtail {wagtail.__version__} "
        f"och Django {django.get_version()}."
    )
    assert found.find("strong").get_text() == rapport_blocks.__version__
