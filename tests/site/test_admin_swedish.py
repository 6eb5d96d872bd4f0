"""The editor's and the approver's screens read in Swedish, with none of the English the testers met."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from rapport_blocks.models import RapportIndexPage, RapportPage

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Password",
    "Saved",
    "Autosave is paused",
    "There are validation errors",
    "Pin toolbar",
    "Link text",
    "Compare",
    "Moderators approval",
    "Submit to",
    "Editors",
    "Moderators",
]
ATTRIBUTES = ("title", "aria-label", "placeholder", "value", "alt", "data-w-tooltip-content-value")


def what_users_see(response) -> str:
    """Visible text and the attributes people read (tooltips, labels, placeholders, button values)."""
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    words = [soup.get_text(" ", strip=True)]
    words += [str(tag[name]) for tag in soup.find_all(True) for name in ATTRIBUTES if tag.has_attr(name)]
    return " ".join(words)


def assert_swedish(response, *expected):
    assert response.status_code == 200
    seen = what_users_see(response)
    assert [word for word in ENGLISH if word in seen] == []
    assert " of " not in seen  # "1-2 of 2 sidor"
    for word in expected:
        assert word in seen


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-lösenord-123")
    call_command("load_demo", stdout=io.StringIO())
    return RapportIndexPage.objects.get(slug="lagesbild")


def edit_data(report, **extra):
    return nested_form_data(
        {
            "title": report.title,
            "slug": report.slug,
            "compiled_at": "2026-12-01 08:30",
            "next_expected_at": "2026-12-08 08:30",
            "body": streamfield(
                [
                    (
                        "bullets",
                        {
                            "heading": "Läget",
                            "audience": "all",
                            "bullets": rich_text("<ul><li>Driften är stabil</li></ul>"),
                        },
                    )
                ]
            ),
            **extra,
        }
    )


def test_the_editors_flow_reads_in_swedish(client, demo):
    assert_swedish(client.get(reverse("wagtailadmin_login")), "Lösenord")
    assert client.login(
        request=RequestFactory().get("/admin/login/"), username="redaktor", password="demo-lösenord-123"
    )

    assert_swedish(client.get(reverse("wagtailadmin_home")), "Starta nästa lägesbild")
    assert_swedish(client.get(reverse("rapport_blocks_reports:index")), "Sammanställd", "Nästa väntas")

    started = client.post(reverse("rapport_blocks:next_report", args=[demo.pk]), follow=True)
    assert_swedish(started, "Ett utkast till nästa lägesbild skapades", "Lämna in till Granskning")
    draft = RapportPage.objects.filter(live=False).order_by("-pk").first()

    # A draft save with a mistake, then the preview of a correct one.
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    refused = client.post(url, edit_data(draft, next_expected_at="2026-11-01 08:30"))
    assert_swedish(refused, "Nästa lägesbild måste väntas efter")
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    assert client.post(preview_url, edit_data(draft)).json()["is_valid"]
    assert_swedish(client.get(preview_url), "Sammanställd: 1 december 2026 kl. 08:30")

    submitted = client.post(url, edit_data(draft, **{"action-submit": "1"}), follow=True)
    assert_swedish(submitted, "har blivit inlämnad")
    draft.refresh_from_db()
    assert draft.workflow_in_progress

    # The approver approves from the dashboard and is told so.
    client.logout()
    assert client.login(
        request=RequestFactory().get("/admin/login/"), username="granskare", password="demo-lösenord-123"
    )
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert_swedish(dashboard, "Väntar på godkännande", "Godkänn och publicera")
    form = BeautifulSoup(dashboard.content, "html.parser").find("form", class_="rapport-dashboard__approve")
    approved = client.post(
        form["action"], {"next": form.find("input", attrs={"name": "next"})["value"]}, follow=True
    )
    assert_swedish(approved, "godkändes och publicerades")
    draft.refresh_from_db()
    assert draft.live


def test_wagtails_javascript_strings_and_link_dialogue_are_swedish(client, demo):
    assert client.login(
        request=RequestFactory().get("/admin/login/"), username="redaktor", password="demo-lösenord-123"
    )
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert "F\\u00e4st verktygsf\\u00e4ltet" in catalogue or "Fäst verktygsfältet" in catalogue
    dialogue = client.get(reverse("wagtailadmin_choose_page_external_link")).json()["html"]
    assert "Länktext" in dialogue and "Link text" not in dialogue
