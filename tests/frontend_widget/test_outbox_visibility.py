"""A report that the public may not see is never sent, on any channel: the rule is asked before each send.

(The e-mail's own case, as an editor sees it in the Utskick page, is tests/site/test_email_only_public.py;
every state of the leak matrix is tests/site/test_visibility_matrix.py.)
"""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from frontend_widget.outbox import sending
from rapport_blocks.models import OutboxEvent
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NOT_PUBLIC = "Inte skickat: lägesbilden är inte publik. Publicera den för alla och försök sedan igen."


def statuses(event) -> list[tuple[str, str]]:
    return [(d.status, d.last_error) for d in event.deliveries.filter(channel="recording")]


def test_a_report_published_under_a_login_restriction_sends_nothing(series, commit, recording):
    PageViewRestriction.objects.create(page=series, restriction_type="login")
    with commit():
        report = factories.make_report(series=series, title="Intern rapport")
    event = OutboxEvent.objects.get(page_id=report.pk)
    assert recording.calls == []
    assert statuses(event) == [("failed", NOT_PUBLIC)] * 2
    assert all(d.next_attempt_at is None for d in event.deliveries.all())  # waits for an editor
    sending.retry_failed(event)
    assert sending.run(event.pk, "recording").sent == 0 and recording.calls == []


@pytest.mark.parametrize(
    "hide",
    [
        lambda report: report.unpublish(),
        lambda report: PageViewRestriction.objects.create(
            page=report, restriction_type="password", password="x"
        ),
        lambda report: type(report).objects.filter(pk=report.pk).update(expire_at=timezone.now()),
        lambda report: report.get_parent().specific.unpublish(),
    ],
    ids=["unpublished", "restricted", "expired", "series-unpublished"],
)
def test_a_report_hidden_before_its_send_or_retry_is_not_sent(series, recording, hide):
    report = factories.make_report(series=series)  # never committed: the event is written, not sent
    event = OutboxEvent.objects.get(page_id=report.pk, type=OutboxEvent.PUBLISHED)
    hide(report)
    assert sending.run(event.pk, "recording").sent == 0
    assert recording.calls == []
    assert statuses(event) == [("failed", NOT_PUBLIC)] * 2


def test_the_rule_is_asked_before_each_send_not_once_per_batch(series, recording):
    class HidesAfterTheFirst(recording):
        def send(self, delivery, prepared):
            outcome = super().send(delivery, prepared)
            PageViewRestriction.objects.get_or_create(page=series, restriction_type="login")
            return outcome

    recording.targets_for = ["mottagare-a", "mottagare-b", "mottagare-c"]
    report = factories.make_report(series=series)
    event = OutboxEvent.objects.get(page_id=report.pk)
    result = sending.run(event.pk, HidesAfterTheFirst())
    assert (result.sent, recording.delivered_to()) == (1, ["mottagare-a"])
    assert statuses(event)[1:] == [("failed", NOT_PUBLIC)] * 2


def test_a_revision_that_no_longer_exists_is_not_sent(series, recording):
    report = factories.make_report(series=series)
    event = OutboxEvent.objects.get(page_id=report.pk)
    event.revision.delete()
    assert sending.run(event.pk, "recording", now=timezone.now() + dt.timedelta(seconds=1)).sent == 0
    assert statuses(event) == [("failed", "Versionen finns inte längre.")] * 2
