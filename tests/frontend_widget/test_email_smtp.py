"""Against a real SMTP server on 127.0.0.1 (aiosmtpd): refusals in the middle of a batch, then a retry."""

import datetime as dt
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from frontend_widget.outbox import backoff, sending
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from tests import factories
from tests.conftest import use_mail_backend

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ADDRESSES = [f"mottagare{n}@example.se" for n in range(1, 7)]


class RefusingHandler:
    """Accepts every message, except that it refuses the recipients in `refuse` (550, as a full mailbox)."""

    def __init__(self):
        self.refuse: set[str] = set()
        self.received: list[tuple[str, object]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.2.2 Mailbox full"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            self.received.append((address, message_from_bytes(envelope.content)))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = RefusingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    use_mail_backend(
        settings,
        "django.core.mail.backends.smtp.EmailBackend",
        host="127.0.0.1",
        port=controller.port,
        username="",
        password="",
        use_tls=False,
        use_ssl=False,
        timeout=10,
    )
    settings.DEFAULT_FROM_EMAIL = "Lägesbild <lagesbild@example.se>"
    yield handler
    controller.stop()


def test_refusals_mid_batch_then_a_retry_leave_exactly_one_message_per_address(series, smtp_server, commit):
    leadership = factories.make_distribution_list(addresses=ADDRESSES)
    series.distribution_lists.set([leadership])
    series.save()
    smtp_server.refuse = {"mottagare3@example.se", "mottagare5@example.se"}

    report = factories.make_report(series=series, publish=False)
    with commit():
        report.save_revision().publish()

    record = OutboxEvent.objects.get(page=report)
    rows = {row.target: row for row in record.deliveries.all()}
    assert sorted(address for address, _message in smtp_server.received) == [
        "mottagare1@example.se",
        "mottagare2@example.se",
        "mottagare4@example.se",
        "mottagare6@example.se",
    ]
    assert rows["mottagare3@example.se"].status == OutboxDelivery.FAILED
    assert "550" in rows["mottagare3@example.se"].last_error
    assert rows["mottagare3@example.se"].next_attempt_at is not None
    assert rows["mottagare4@example.se"].status == OutboxDelivery.SENT

    # The mailboxes are emptied; the retry comes when the backoff has passed.
    smtp_server.refuse = set()
    later = timezone.now() + dt.timedelta(seconds=backoff.longest(1) + 1)
    result = sending.run(record.pk, "email", now=later)
    assert (result.sent, result.failed) == (2, 0)

    received = sorted(address for address, _message in smtp_server.received)
    assert received == sorted(ADDRESSES)  # each address exactly once
    log = {row.target: (row.status, row.attempts) for row in record.deliveries.all()}
    assert log == {
        address: ("sent", 2 if address in ("mottagare3@example.se", "mottagare5@example.se") else 1)
        for address in ADDRESSES
    }
    # Another run, now or much later, sends nothing again.
    assert sending.run(record.pk, "email", now=later + dt.timedelta(days=1)).sent == 0
    assert len(smtp_server.received) == len(ADDRESSES)

    message = smtp_server.received[0][1]
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"].startswith("<mailto:")
    assert message.is_multipart()
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
