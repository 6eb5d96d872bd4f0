"""Two dispatch runs at the same time send nothing twice: each row is claimed by one run only."""

import pytest

from frontend_widget.mailing import dispatch
from rapport_blocks.core import compat
from rapport_blocks.models import Dispatch
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ADDRESSES = [f"chef{n}@example.se" for n in range(1, 6)]


def make_record(series) -> Dispatch:
    # Published (only public reports are sent); the test never commits, so nothing is mailed yet.
    report = factories.make_report(series=series)
    lists = factories.make_distribution_list(addresses=ADDRESSES)
    series.distribution_lists.set([lists])
    series.save()
    return dispatch.start(report, report.save_revision(), Dispatch.FIRST)


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
            dispatch.run(self.record_id)  # the overlapping run, in the middle of this one's batch
        return self.inner.send_messages(messages)

    def close(self):
        pass


def test_an_overlapping_run_in_the_middle_of_a_batch_sends_nothing_twice(record, mailbox):
    first = dispatch.run(record.pk, connection=Interleaving(record.pk))
    assert sorted(m.to[0] for m in mailbox) == ADDRESSES
    assert first.sent == 1  # the row it had claimed; the other run took the rest
    assert [row.status for row in record.recipients.all()] == ["sent"] * len(ADDRESSES)
    assert [row.attempts for row in record.recipients.all()] == [1] * len(ADDRESSES)


def test_a_claimed_row_cannot_be_claimed_again(record):
    from django.utils import timezone

    row = record.recipients.first()
    now = timezone.now()
    assert dispatch.claim(row.pk, now) is not None
    assert dispatch.claim(row.pk, now) is None
