"""The mail server is down, refuses some recipients, closes mid-batch or answers too late: every
address gets the report exactly once in the end, and nothing is sent twice.

A real SMTP server on 127.0.0.1 (tests/site/smtp_server.py), the project's SMTP backend
(EMAIL_URL=smtp://...), the real publish → dispatch path, and the retries as production runs
them: `send_due_emails` from cron once the backoff has passed.
"""

import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from frontend_widget.outbox import backoff
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from tests import factories
from tests.site.fault_figures import tally
from tests.site.smtp_server import SMTPServer

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ADDRESSES = [f"mottagare{n}@example.se" for n in range(1, 7)]


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    server.email_settings(settings)
    yield server
    server.stop()


@pytest.fixture
def published(series, commit):
    """Publishes a report to ADDRESSES (the first publication's dispatch) and returns its log."""
    series.distribution_lists.set([factories.make_distribution_list(addresses=ADDRESSES)])
    series.save()

    def publish():
        report = factories.make_report(series=series, publish=False)
        with commit():
            report.save_revision().publish()
        return OutboxEvent.objects.get(page=report)

    return publish


def statuses(record) -> dict:
    return {row.target: row.status for row in record.deliveries.all()}


def cron_at(monkeypatch, moment) -> None:
    """`send_due_emails` as cron runs it, at `moment`."""
    monkeypatch.setattr(timezone, "now", lambda: moment)
    call_command("send_due_emails", stdout=open("/dev/null", "w"))
    monkeypatch.undo()


def after_backoff(attempt: int, start=None) -> dt.datetime:
    waits = sum(backoff.longest(n) for n in range(1, attempt + 1))
    return (start or timezone.now()) + dt.timedelta(seconds=waits + 5)


def test_a_mail_server_that_is_down_at_publish_gets_every_address_later_once(
    request, smtp, published, monkeypatch
):
    figures = tally(request, "mail server down at publish")
    figures.injected()
    record = published()  # nothing listens on the port
    assert set(statuses(record).values()) == {OutboxDelivery.FAILED}
    row = record.deliveries.first()
    assert row.attempts == 1 and row.next_attempt_at is not None and "Connection refused" in row.last_error

    smtp.start()
    cron_at(monkeypatch, timezone.now())  # not due yet: nothing is tried
    assert smtp.handler.tried == []
    cron_at(monkeypatch, after_backoff(1))
    assert smtp.handler.addresses() == ADDRESSES
    assert set(statuses(record).values()) == {OutboxDelivery.SENT}
    cron_at(monkeypatch, after_backoff(4))  # later runs send nothing again
    assert smtp.handler.addresses() == ADDRESSES
    figures.survived()


def test_refused_and_greylisted_recipients_are_retried_until_each_has_one_message(
    request, smtp, published, monkeypatch
):
    figures = tally(request, "mail server refuses recipients (550, 451)")
    smtp.start()
    smtp.handler.refuse = {"mottagare3@example.se"}
    smtp.handler.greylist = {"mottagare2@example.se", "mottagare5@example.se"}
    figures.injected(3)
    record = published()
    assert smtp.handler.addresses() == [ADDRESSES[0], ADDRESSES[3], ADDRESSES[5]]
    rows = {row.target: row for row in record.deliveries.all()}
    assert "451" in rows["mottagare2@example.se"].last_error
    assert "550" in rows["mottagare3@example.se"].last_error

    cron_at(monkeypatch, after_backoff(1))  # the greylisted ones go through; the full mailbox is still full
    assert statuses(record)["mottagare3@example.se"] == OutboxDelivery.FAILED
    assert len(smtp.handler.addresses()) == 5

    smtp.handler.refuse = set()  # the mailbox was emptied
    cron_at(monkeypatch, after_backoff(2))
    cron_at(monkeypatch, after_backoff(4))
    assert smtp.handler.addresses() == ADDRESSES  # each exactly once
    attempts = {row.target: row.attempts for row in record.deliveries.all()}
    assert attempts == {
        **dict.fromkeys(ADDRESSES, 1),
        "mottagare2@example.se": 2,
        "mottagare5@example.se": 2,
        "mottagare3@example.se": 3,
    }
    figures.survived(3)


def test_a_server_that_closes_mid_batch_gets_the_rest_later(request, smtp, published, monkeypatch):
    figures = tally(request, "mail server closes down mid-batch (421)")
    smtp.start()
    smtp.handler.accept_only = 2
    figures.injected()
    record = published()
    assert smtp.handler.addresses() == ADDRESSES[:2]
    assert list(statuses(record).values()).count(OutboxDelivery.FAILED) == 4

    smtp.stop()  # restarted on its own address
    smtp.handler.accept_only = None
    smtp.start()
    cron_at(monkeypatch, after_backoff(1))
    assert smtp.handler.addresses() == ADDRESSES
    assert set(statuses(record).values()) == {OutboxDelivery.SENT}
    figures.survived()


def test_a_reply_after_the_timeout_is_not_sent_twice_and_waits_for_an_editor(
    request, smtp, published, monkeypatch, settings, admin_client
):
    """The server takes the message but answers after EMAIL_TIMEOUT: delivered, for all the
    sender knows, or not. A retry could send it twice, so the address waits for an editor."""
    figures = tally(request, "mail server answers after the timeout")
    smtp.email_settings(settings, timeout=1)
    smtp.start()
    smtp.handler.data_delay = 1.5
    smtp.handler.refuse = set(ADDRESSES[2:])  # two addresses are enough to show it
    figures.injected()
    record = published()
    deadline = time.monotonic() + 10
    while len(smtp.handler.received) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert smtp.handler.addresses() == ADDRESSES[:2]  # the server did take them
    rows = {row.target: row for row in record.deliveries.all()}
    for address in ADDRESSES[:2]:
        assert rows[address].status == OutboxDelivery.FAILED
        assert rows[address].next_attempt_at is None
        assert "okänt om brevet kom fram" in rows[address].last_error

    smtp.handler.data_delay = 0
    smtp.handler.refuse = set()
    for attempt in range(1, 5):
        cron_at(monkeypatch, after_backoff(attempt))
    assert smtp.handler.addresses() == ADDRESSES  # the first two still once each
    page = admin_client.get(reverse("rapport_utskick:report", args=[record.page_id])).content.decode()
    assert "okänt om brevet kom fram" in page and ADDRESSES[0] in page
    figures.survived()
