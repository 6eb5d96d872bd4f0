"""The next report is expected after this one was compiled: on save, submit, publish and import."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from rapport_blocks import importing
from rapport_blocks.models import RapportPage
from tests.factories import stockholm

pytestmark = pytest.mark.django_db

MESSAGE = "Nästa lägesbild måste väntas efter att den här sammanställdes (24 november 2026 kl. 08:30)."


def edit_data(report, compiled="2026-11-24 08:30", next_expected="2026-11-17 08:30", **extra):
    return nested_form_data(
        {
            "title": report.title,
            "slug": report.slug,
            "compiled_at": compiled,
            "next_expected_at": next_expected,
            "body": streamfield(
                [
                    (
                        "bullets",
                        {
                            "heading": "Läget",
                            "audience": "all",
                            "bullets": rich_text("<ul><li>En punkt</li></ul>"),
                        },
                    )
                ]
            ),
            **extra,
        }
    )


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("redaktor", password="x-lösen-123")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def field_errors(response, name):
    return response.context["form"].errors.get(name, [])


def test_a_draft_save_with_the_next_date_first_is_refused_on_the_field(editor, make_report):
    report = make_report(publish=False, compiled_at=stockholm(2026, 11, 17))
    url = reverse("wagtailadmin_pages:edit", args=[report.pk])
    response = editor.post(url, edit_data(report))

    assert response.status_code == 200
    assert field_errors(response, "next_expected_at") == [MESSAGE]
    assert MESSAGE in response.content.decode()
    assert report.revisions.count() == 1  # nothing saved

    ok = editor.post(url, edit_data(report, next_expected="2026-12-01 08:30"))
    assert ok.status_code == 302 and report.revisions.count() == 2


def test_a_submit_with_the_next_date_first_is_refused(editor, make_report):
    report = make_report(publish=False, compiled_at=stockholm(2026, 11, 17))
    url = reverse("wagtailadmin_pages:edit", args=[report.pk])
    response = editor.post(url, edit_data(report, **{"action-submit": "1"}))

    assert field_errors(response, "next_expected_at") == [MESSAGE]
    report.refresh_from_db()
    assert not report.workflow_in_progress and not report.live


def test_equal_dates_are_refused_too_and_no_date_is_allowed(make_report):
    report = make_report(publish=False)
    report.next_expected_at = report.compiled_at
    with pytest.raises(ValidationError) as raised:
        report.save_revision()
    assert list(raised.value.message_dict) == ["next_expected_at"]
    report.next_expected_at = None
    report.save_revision()


def test_publishing_checks_the_rule_too(make_report):
    """An approval publishes the revision: Page.save validates it, so a bad revision never goes live."""
    report = make_report(publish=False, compiled_at=stockholm(2026, 11, 24, 8, 30))
    revision = report.get_latest_revision()
    revision.content["next_expected_at"] = stockholm(2026, 11, 1).isoformat()
    revision.save()
    with pytest.raises(ValidationError):
        revision.publish()
    assert not RapportPage.objects.get(pk=report.pk).live


def test_an_import_with_the_next_date_first_fails_with_the_line(series):
    text = (
        "Lägesbild Testregionen\n\n"
        "Sammanställd: 2026-11-24 klockan 08:30\n"
        "Nästa lägesbild: 2026-11-17 klockan 08:30\n\n"
        "Läget just nu\n- Driften är stabil.\n"
    )
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_report(text, filename="rapport.txt", series_slug=series.slug)
    assert failed.value.lines() == [f"rapport.txt:4: {MESSAGE}"]
    assert not RapportPage.objects.exists()
