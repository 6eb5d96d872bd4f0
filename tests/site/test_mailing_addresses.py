"""The "Utskick" page shows addresses only to those who may see the distribution lists (issue 25).

The demo's editor may edit reports and so open the page, but Wagtail refuses the group the list
snippets: the editor sees how many were sent, failed and wait, never an address or an SMTP error.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from frontend_widget.outbox import backoff
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_url(demo_reports):
    report = demo_reports["2026-11-24"]
    # The demo's publish queued its lists' addresses (never sent: the test does not commit); the
    # page should show only the rows below.
    OutboxDelivery.objects.filter(event__page_id=report.pk).delete()
    event = factories.email_log(
        report,
        {"target": "chef@example.se", "status": "sent", "attempts": 1},
        {
            "target": "full@example.se",
            "status": "failed",
            "attempts": backoff.MAX_ATTEMPTS,
            "last_error": "SMTPRecipientsRefused: 550 <full@example.se> Mailbox full",
        },
        {"target": "sen@example.se", "status": "pending"},
    )
    OutboxEvent.objects.filter(pk=event.pk).update(task_status="FAILED", task_error="Refused: sen@example.se")
    return reverse("rapport_utskick:report", args=[report.pk])


def page_for(client, username: str, url: str) -> str:
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(url, HTTP_HOST="lagesbild.example.se")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("username", ["redaktor", "granskare"])
def test_the_demo_editor_and_approver_see_counts_and_statuses_but_no_address(client, log_url, username):
    html = page_for(client, username, log_url)
    assert "Skickade: 1 · Misslyckade: 1 · Väntar: 1" in html
    assert "Mottagarna visas bara för den som får se dem." in html
    assert "När en redaktör försöker igen" in html  # what happens to the failure
    assert "Försök igen med misslyckade adresser" in html  # and the editor may still retry
    assert "@example.se" not in html
    assert "Mailbox full" not in html and "Refused" not in html


def test_who_may_see_the_lists_sees_each_address(client, log_url):
    assert get_user_model().objects.get(username="admin").is_superuser
    html = page_for(client, "admin", log_url)
    for address in ("chef@example.se", "full@example.se", "sen@example.se"):
        assert address in html
    assert "550 &lt;full@example.se&gt; Mailbox full" in html
