"""The admin's "Utskick" page: what was sent, what failed and why, and a retry for editors."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission

from frontend_widget.outbox import backoff
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_dispatch(series, mailbox):
    # Published (only public reports are sent); the test never commits, so nothing is mailed yet.
    report = factories.make_report(series=series)
    record = factories.email_log(
        report,
        {"target": "ok@example.se", "status": "sent", "attempts": 1},
        {
            "target": "full@example.se",
            "status": "failed",
            "attempts": backoff.MAX_ATTEMPTS,
            "last_error": "SMTPRecipientsRefused: 550 Mailbox full",
        },
    )
    return report, record


def test_the_log_shows_each_address_its_status_and_error(admin_client, failed_dispatch):
    report, _record = failed_dispatch
    html = admin_client.get(reverse("rapport_utskick:report", args=[report.pk])).content.decode()
    assert "Skickade: 1 · Misslyckade: 1 · Väntar: 0" in html
    assert "full@example.se" in html and "550 Mailbox full" in html
    assert "När en redaktör försöker igen" in html
    assert "Försök igen med misslyckade adresser" in html


def test_the_report_header_links_to_the_log(admin_client, failed_dispatch):
    report, _record = failed_dispatch
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[report.pk])).content.decode()
    assert reverse("rapport_utskick:report", args=[report.pk]) in html


def test_an_editor_retries_the_failures(admin_client, failed_dispatch, mailbox):
    report, record = failed_dispatch
    response = admin_client.post(reverse("rapport_utskick:retry", args=[record.pk]))
    assert response.status_code == 302
    assert [m.to for m in mailbox] == [["full@example.se"]]  # the sent address is not sent again
    assert {row.target: row.status for row in record.deliveries.all()} == {
        "ok@example.se": "sent",
        "full@example.se": "sent",
    }


def test_only_editors_of_the_report_see_the_log_or_retry(client, django_user_model, failed_dispatch, mailbox):
    report, record = failed_dispatch
    user = django_user_model.objects.create_user("lasare", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    refused = client.get(reverse("rapport_utskick:report", args=[report.pk]))
    assert refused.status_code in (302, 403) and b"full@example.se" not in refused.content
    assert client.post(reverse("rapport_utskick:retry", args=[record.pk])).status_code in (302, 403)
    assert mailbox == []
    assert record.deliveries.get(target="full@example.se").status == "failed"

    editors = Group.objects.create(name="Redaktörer test")
    GroupPagePermission.objects.create(
        group=editors, page=report.get_parent(), permission=Permission.objects.get(codename="change_page")
    )
    user.groups.add(editors)
    assert client.get(reverse("rapport_utskick:report", args=[report.pk])).status_code == 200
