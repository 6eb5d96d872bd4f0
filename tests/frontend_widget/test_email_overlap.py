"""Two e-mail runs at the same time send nothing twice: each row is claimed by one run only."""

import pytest

from frontend_widget.mailing.channel import EmailChannel
from frontend_widget.outbox import sending
from rapport_blocks.core import compat
from rapport_blocks.models import OutboxEvent
from tests import factories
from tests.frontend_widget.outbox_support import start_event

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ADDRESSES = [f"chef{n}@example.se" for n in range(1, 6)]


def make_record(series) -> OutboxEvent:
    # Published (only public reports are sent); the test never commits, so nothing is mailed yet.
    report = factories.make_report(series=series)
    lists = factories.make_distribution_list(addresses=ADDRESSES)
    series.distribution_lists.set([lists])
    series.save()
    return start_event(report)


@pytest.fixture
def record(series, mailbox):
    return make_record(series)


class Interleaving:
    """A connection that, while sending its first message, lets a second run do all it can."""

    def __init__(self, record_id):
        self.record_id = record_id
        self.started_second = False
        self.inner = compat.mail_connection()

    def send_messages(self, messages):
        if not self.started_second:
            self.started_second = True
            sending.run(self.record_id, "email")  # the overlapping run, in the middle of this one's batch
        return self.inner.send_messages(messages)

    def close(self):
        pass


def test_an_overlapping_run_in_the_middle_of_a_batch_sends_nothing_twice(record, mailbox):
    first = sending.run(record.pk, EmailChannel(connection=Interleaving(record.pk)))
    assert sorted(m.to[0] for m in mailbox) == ADDRESSES
    assert first.sent == 1  # the row it had claimed; the other run took the rest
    assert [row.status for row in record.deliveries.all()] == ["sent"] * len(ADDRESSES)
    assert [row.attempts for row in record.deliveries.all()] == [1] * len(ADDRESSES)


def test_a_claimed_row_cannot_be_claimed_again(record):
    from django.utils import timezone

    row = record.deliveries.first()
    now = timezone.now()
    assert sending.claim(row.pk, now) is not None
    assert sending.claim(row.pk, now) is None
