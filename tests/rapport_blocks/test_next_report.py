"""Editors start next week's report from last week's, and a second person approves it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from rapport_blocks.models import RapportPage
from rapport_blocks.next_report import start_next_report
from tests.factories import bullets, make_person, people, stockholm

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def editor_client(client):
    client.force_login(get_user_model().objects.create_superuser("redaktor", "r@example.se", "x-lösen-123"))
    return client


def test_next_report_is_a_draft_copy_with_todays_date_and_no_number(make_report):
    person = make_person("Karin Exempelsson", "beslutsfattare")
    previous = make_report(
        compiled_at=stockholm(2026, 11, 17, 9, 0),
        next_expected_at=stockholm(2026, 11, 24, 9, 0),
        body=[bullets(html="<ul><li>Förra veckans läge</li></ul>"), people(persons=[person])],
    )
    draft = start_next_report(previous, now=stockholm(2026, 11, 24, 8, 31))

    assert draft.pk != previous.pk and draft.get_parent().pk == previous.get_parent().pk
    assert draft.live is False and draft.number is None
    assert draft.slug == "2026-11-24"
    assert draft.compiled_at == stockholm(2026, 11, 24, 8, 31)
    assert draft.next_expected_at == stockholm(2026, 12, 1, 8, 31)
    assert [block.value["heading"] for block in draft.body] == ["Sammanfattning", "Talespersoner"]
    assert list(draft.body[1].value["people"]) == [person]

    draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert draft.number == 2


def test_editor_starts_the_next_report_from_the_series(editor_client, series, make_report):
    make_report(compiled_at=stockholm(2026, 11, 10))
    latest = make_report(compiled_at=stockholm(2026, 11, 17), title="Vecka 47")
    url = reverse("rapport_blocks_next_report", args=[series.pk])

    confirm = editor_client.get(url)
    assert confirm.status_code == 200
    assert "Vecka 47" in confirm.content.decode()
    assert RapportPage.objects.count() == 2  # a GET changes nothing

    response = editor_client.post(url)
    draft = RapportPage.objects.exclude(pk__in=[latest.pk]).order_by("-pk").first()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert draft.title == "Vecka 47" and not draft.live


def test_the_button_is_in_the_series_header(editor_client, series, make_report):
    make_report()
    page = editor_client.get(reverse("wagtailadmin_explore", args=[series.pk])).content.decode()
    assert reverse("rapport_blocks_next_report", args=[series.pk]) in page


def test_a_user_who_cannot_add_reports_is_turned_away(client, series, make_report):
    make_report()
    user = get_user_model().objects.create_user("lasare", "l@example.se", "x-lösen-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(reverse("rapport_blocks_next_report", args=[series.pk]))
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert RapportPage.objects.count() == 1
