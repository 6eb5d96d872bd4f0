"""send_test_email sends one copy to one address; send_due_emails sends the retries that are due."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from frontend_widget.outbox import sending
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_send_test_email_sends_one_copy_and_touches_no_log(series, mailbox):
    mailing = factories.text(heading="Till ledningen", html="<p>Bara i brevet.</p>")
    mailing["value"]["audience"] = "mailing"
    report = factories.make_report(series=series, body=[factories.bullets(), mailing])
    events = list(OutboxEvent.objects.values_list("pk", flat=True))  # the publication's, with no lists
    out = StringIO()
    call_command("send_test_email", str(report.pk), "test@example.se", stdout=out)
    assert [m.to for m in mailbox] == [["test@example.se"]]
    assert "Bara i brevet." in mailbox[0].body
    assert "test@example.se" in out.getvalue()
    assert list(OutboxEvent.objects.values_list("pk", flat=True)) == events
    assert OutboxDelivery.objects.count() == 0


def test_send_test_email_refuses_bad_input_clearly(series, mailbox):
    report = factories.make_report(series=series)
    with pytest.raises(CommandError, match="Det finns ingen rapport med id 999999"):
        call_command("send_test_email", "999999", "test@example.se")
    with pytest.raises(CommandError, match="inte en giltig e-postadress"):
        call_command("send_test_email", str(report.pk), "inte-en-adress")
    assert mailbox == []


def test_send_due_emails_sends_retries_whose_time_has_come(series, mailbox, monkeypatch):
    # Published (only public reports are sent); the test never commits, so nothing is mailed yet.
    report = factories.make_report(series=series)
    now = timezone.now()
    factories.email_log(
        report,
        {"target": "due@example.se", "status": "failed", "attempts": 1, "next_attempt_at": now},
        {
            "target": "later@example.se",
            "status": "failed",
            "attempts": 1,
            "next_attempt_at": now + dt.timedelta(minutes=5),
        },
        {"target": "done@example.se", "status": "sent", "attempts": 1},
    )
    call_command("send_due_emails", stdout=StringIO())
    assert [m.to for m in mailbox] == [["due@example.se"]]
    assert sending.due_runs() == []
