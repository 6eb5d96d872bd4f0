"""Editors preview the widget before publishing: the real widget script with this draft's content."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from rapport_blocks.models import RapportPage
from tests.conftest import DEMO_ADDED, DEMO_REWORDED

pytestmark = pytest.mark.django_db

DRAFT_BULLET = "Utkastets nya punkt som ingen läsare har sett än."


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser("redaktor2", "r@example.se", "x-lösen-123"))
    return client


def preview_data(response) -> dict:
    soup = BeautifulSoup(response.content, "html.parser")
    return json.loads(soup.find("script", id="lagesbild-preview-report").string)


def texts(items):
    for item in items:
        yield item["html"]
        yield from texts(item.get("children", []))


def test_reports_offer_the_page_and_the_widget_as_preview_modes():
    assert [str(label) for _mode, label in RapportPage().preview_modes] == ["Sida", "Widget", "E-post"]


def test_without_a_widget_script_or_an_email_channel_there_is_only_the_page(settings):
    settings.RAPPORT_BLOCKS_WIDGET_SCRIPT = ""
    settings.RAPPORT_BLOCKS_EMAIL_PREVIEW = ""
    assert [mode for mode, _label in RapportPage().preview_modes] == [""]


def test_the_preview_of_the_editors_unsaved_form_shows_it_in_the_widget(editor, demo_next_draft):
    """Wagtail's own preview view, as the edit view's preview panel calls it, in mode "widget"."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[demo_next_draft.pk])
    form = nested_form_data(
        {
            "title": demo_next_draft.title,
            "slug": demo_next_draft.slug,
            "compiled_at": "2026-12-01 08:30",
            "next_expected_at": "2026-12-08 08:30",
            "body": streamfield(
                [
                    (
                        "bullets",
                        {
                            "heading": "Sammanfattande lägesbild",
                            "audience": "all",
                            "bullets": rich_text(f"<ul><li>{DRAFT_BULLET}</li></ul>"),
                        },
                    )
                ]
            ),
        }
    )
    posted = editor.post(url, form)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content

    response = editor.get(url, {"mode": "widget"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script type="module">' in html and "/static/frontend_widget/lagesbild-widget.js" in html
    data = preview_data(response)
    assert data["id"] == demo_next_draft.pk
    [section] = data["sections"]
    assert section["items"][0]["html"] == DRAFT_BULLET
    assert section["items"][0]["change"] == "new"  # compared with the published 2026-11-24
    assert data["changes"]["compared_with"] is not None


def test_the_saved_draft_in_widget_mode_carries_its_markers(rf, demo_next_draft, admin_user):
    request = rf.get("/", HTTP_HOST="lagesbild.example.se")
    request.user = admin_user
    response = demo_next_draft.make_preview_request(request, "widget")

    assert response.status_code == 200
    data = preview_data(response)
    bullets = [
        html
        for section in data["sections"]
        if section["type"] == "bullets"
        for html in texts(section["items"])
    ]
    assert DEMO_ADDED in bullets and DEMO_REWORDED[1] in bullets
    assert data["changes"]["new"] == 1 and data["changes"]["changed"] == 1 and data["changes"]["removed"] == 1


def test_the_draft_has_no_public_address(client, editor, demo_next_draft):
    """The widget is handed the data in the page: nothing serves a draft to anyone else."""
    assert client.get(f"/lagesbild-preview/{demo_next_draft.pk}.json").status_code == 404
    assert (
        client.get(f"/api/lagesbild/{demo_next_draft.pk}/", HTTP_HOST="lagesbild.example.se").status_code
        == 404
    )
    anonymous = client.__class__()
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[demo_next_draft.pk])
    assert anonymous.get(url, {"mode": "widget"}).status_code == 302  # to the login
