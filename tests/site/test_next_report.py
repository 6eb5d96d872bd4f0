"""Editors start next week's report from last week's, and a second person approves it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from rapport_blocks.admin.next_report import start_next_report
from rapport_blocks.models import RapportPage
from tests.factories import bullets, make_person, people, stockholm

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def editor_client(client):
    client.force_login(get_user_model().objects.create_superuser("redaktor", "r@example.se", "x-lösen-123"))
    return client


def test_next_report_is_a_draft_copy_dated_as_promised_and_with_no_number(make_report):
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
    # The previous report promised 09:00 and that is still ahead: the new one is dated so.
    assert draft.compiled_at == stockholm(2026, 11, 24, 9, 0)
    assert draft.next_expected_at == stockholm(2026, 12, 1, 9, 0)
    assert [block.value["heading"] for block in draft.body] == ["Sammanfattning", "Talespersoner"]
    assert list(draft.body[1].value["people"]) == [person]

    draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert draft.number == 2


def test_editor_starts_the_next_report_from_the_series(editor_client, series, make_report):
    make_report(compiled_at=stockholm(2026, 11, 10))
    latest = make_report(compiled_at=stockholm(2026, 11, 17), title="Vecka 47")
    url = reverse("rapport_blocks:next_report", args=[series.pk])

    confirm = editor_client.get(url)
    assert confirm.status_code == 200
    assert "nr 2 · 17 november 2026 (publicerad)" in confirm.content.decode()
    assert RapportPage.objects.count() == 2  # a GET changes nothing

    response = editor_client.post(url)
    draft = RapportPage.objects.exclude(pk__in=[latest.pk]).order_by("-pk").first()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert draft.title == "Vecka 47" and not draft.live


def test_the_button_is_in_the_series_header(editor_client, series, make_report):
    make_report()
    page = editor_client.get(reverse("wagtailadmin_explore", args=[series.pk])).content.decode()
    assert reverse("rapport_blocks:next_report", args=[series.pk]) in page


def test_a_user_who_cannot_add_reports_is_turned_away(client, series, make_report):
    make_report()
    user = get_user_model().objects.create_user("lasare", "l@example.se", "x-lösen-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(reverse("rapport_blocks:next_report", args=[series.pk]))
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert RapportPage.objects.count() == 1


def submit(page, user):
    """The draft goes to Wagtail's moderation workflow, as "Lämna in" does."""
    return page.get_workflow().start(page, user)


def test_the_default_source_is_the_latest_published_report_not_a_newer_draft(
    editor_client, series, make_report
):
    published = make_report(
        compiled_at=stockholm(2026, 11, 17), body=[bullets(html="<ul><li>Det publicerade läget</li></ul>")]
    )
    # The published report has a newer, unapproved edit of its own ...
    edited = published.get_latest_revision_as_object()
    edited.body = [bullets(html="<ul><li>Skräp i ett utkast</li></ul>")]
    edited.save_revision()
    # ... and the series has a newer draft under moderation.
    junk = make_report(compiled_at=stockholm(2026, 11, 20), publish=False, title="Skräputkast")
    submit(junk, get_user_model().objects.get(username="redaktor"))

    url = reverse("rapport_blocks:next_report", args=[series.pk])
    # The moderated draft is newer than the published report: it *is* the next report, so it is offered.
    confirm = editor_client.get(url).content.decode()
    assert "Nästa lägesbild är redan påbörjad: ”utkast · 20 november 2026 (i granskning)”" in confirm
    assert editor_client.post(url)["Location"] == reverse("wagtailadmin_pages:edit", args=[junk.pk])
    RapportPage.objects.filter(pk=junk.pk).delete()

    confirm = editor_client.get(url).content.decode()
    assert "skapas från <strong>nr 1 · 17 november 2026 (publicerad + utkast)</strong>" in confirm

    response = editor_client.post(url)
    draft = RapportPage.objects.exclude(pk=published.pk).get()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert "Det publicerade läget" in draft.body[0].value["bullets"].source
    assert "Skräp" not in str(draft.body.raw_data)


def test_a_draft_is_the_source_only_when_the_editor_chooses_it(editor_client, series, make_report):
    make_report(compiled_at=stockholm(2026, 11, 17))
    chosen = make_report(
        compiled_at=stockholm(2026, 11, 24),
        publish=False,
        body=[bullets(html="<ul><li>Utkastets punkt</li></ul>")],
    )
    url = reverse("rapport_blocks:next_report", args=[series.pk])
    assert f"?source={chosen.pk}" in editor_client.get(url).content.decode()

    confirm = editor_client.get(f"{url}?source={chosen.pk}").content.decode()
    assert "utkast · 24 november 2026 (utkast)" in confirm
    response = editor_client.post(url, {"source": chosen.pk})
    draft = RapportPage.objects.order_by("-pk").first()
    assert draft.pk not in (chosen.pk,) and response["Location"].endswith(f"/pages/{draft.pk}/edit/")
    assert "Utkastets punkt" in draft.body[0].value["bullets"].source


def test_no_second_draft_of_the_next_report(editor_client, series, make_report):
    make_report(compiled_at=stockholm(2026, 11, 17))
    url = reverse("rapport_blocks:next_report", args=[series.pk])
    first = editor_client.post(url)
    draft = RapportPage.objects.order_by("-pk").first()

    confirm = editor_client.get(url).content.decode()
    assert "Nästa lägesbild är redan påbörjad" in confirm
    assert reverse("wagtailadmin_pages:edit", args=[draft.pk]) in confirm

    second = editor_client.post(url)
    assert second["Location"] == first["Location"]
    assert RapportPage.objects.count() == 2


def test_the_confirmation_page_has_an_admin_header_naming_the_source(editor_client, series, make_report):
    make_report(compiled_at=stockholm(2026, 11, 17), title="Regional rapport")
    page = editor_client.get(reverse("rapport_blocks:next_report", args=[series.pk])).content.decode()
    assert '<h1 class="w-header__title' in page or "w-slim-header" in page
    assert "Starta nästa lägesbild" in page
    assert "nr 1 · 17 november 2026 (publicerad)" in page


def test_the_series_rhythm_dates_the_new_draft(make_report, series):
    series.cadence_weekday, series.cadence_time = 1, dt.time(8, 30)
    series.save_revision().publish()
    previous = make_report(
        compiled_at=stockholm(2026, 11, 17, 8, 30), next_expected_at=stockholm(2026, 11, 24, 8, 30)
    )
    draft = start_next_report(previous, now=stockholm(2026, 11, 29, 18, 4))
    assert (draft.compiled_at, draft.next_expected_at) == (
        stockholm(2026, 12, 1, 8, 30),
        stockholm(2026, 12, 8, 8, 30),
    )
