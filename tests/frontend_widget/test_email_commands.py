"""send_test_email sends one copy to one address; send_due_emails sends the retries that are due."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from frontend_widget.mailing import dispatch
from rapport_blocks.models import Dispatch, DispatchRecipient
from tests import factories

pytestmark = pytest.mark.django_db


def test_send_test_email_sends_one_copy_and_touches_no_log(series, mailbox):
    mailing = factories.text(heading="Till ledningen", html="<p>Bara i brevet.</p>")
    mailing["value"]["audience"] = "mailing"
    report = factories.make_report(series=series, body=[factories.bullets(), mailing])
    out = StringIO()
    call_command("send_test_email", str(report.pk), "test@example.se", stdout=out)
    assert [m.to for m in mailbox] == [["test@example.se"]]
    assert "Bara i brevet." in mailbox[0].body
    assert "test@example.se" in out.getvalue()
    assert Dispatch.objects.count() == 0


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
    record = Dispatch.objects.create(page=report, revision=report.save_revision(), kind=Dispatch.FIRST)
    soon = timezone.now() + dt.timedelta(minutes=5)
    DispatchRecipient.objects.create(
        dispatch=record,
        address="due@example.se",
        status="failed",
        attempts=1,
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1),
    )
    DispatchRecipient.objects.create(
        dispatch=record, address="later@example.se", status="failed", attempts=1, next_attempt_at=soon
    )
    DispatchRecipient.objects.create(dispatch=record, address="done@example.se", status="sent", attempts=1)
    call_command("send_due_emails", stdout=StringIO())
    assert [m.to for m in mailbox] == [["due@example.se"]]
    assert dispatch.due_dispatch_ids() == []
