"""What a channel answers decides what the outbox does next: delivered, retried (with backoff or the
receiver's Retry-After), refused for good (a 4xx), gone (a 410: the target is disabled), or unknown.

The channel is the tests' own (`RecordingChannel`), registered in LAGESBILD_CHANNELS like any
other; everything else (the publish, the event, the claims, the task, the records) is the real one.
"""

import datetime as dt

import pytest
from django.utils import timezone

from frontend_widget.outbox import backoff, channels, sending
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def publish(series, commit, recording):
    """Publishes a report (the immediate task backend sends at once, after the commit): its event."""

    def publish(title="Vecka 49"):
        with commit():
            report = factories.make_report(series=series, title=title)
        return OutboxEvent.objects.get(page_id=report.pk, type=OutboxEvent.PUBLISHED)

    return publish


def row(event, target="mottagare-a") -> OutboxDelivery:
    return event.deliveries.get(channel="recording", target=target)


def test_a_publish_reaches_each_target_once_with_the_presented_report_and_a_stable_id(publish, recording):
    event = publish()
    assert sorted(recording.delivered_to()) == ["mottagare-a", "mottagare-b"]
    assert {call.title for call in recording.calls} == {"Vecka 49"}
    assert {call.event_type for call in recording.calls} == {"rapport.published"}
    rows = {d.target: d for d in event.deliveries.filter(channel="recording")}
    assert {call.uid for call in recording.calls} == {str(d.uid) for d in rows.values()}
    assert [(d.status, d.attempts) for d in rows.values()] == [("sent", 1), ("sent", 1)]
    assert event.task_status == "SUCCESSFUL"
    # Running it again, now or later, sends nothing again.
    assert sending.run(event.pk, "recording", now=timezone.now() + dt.timedelta(days=2)).sent == 0
    assert len(recording.calls) == 2


def test_a_refused_connection_is_retried_after_the_backoff_with_the_same_id(publish, recording):
    recording.script = {"mottagare-a": [channels.retry("503 Service Unavailable"), channels.retry("timeout")]}
    before = timezone.now()
    event = publish()
    first = row(event)
    assert (first.status, first.attempts, first.last_error) == ("failed", 1, "503 Service Unavailable")
    low, high = backoff.nominal(1) * (1 - backoff.JITTER), backoff.longest(1)
    assert before + dt.timedelta(seconds=low) <= first.next_attempt_at
    assert first.next_attempt_at <= timezone.now() + dt.timedelta(seconds=high)

    # Not before it is due.
    assert sending.run(event.pk, "recording", now=first.next_attempt_at - dt.timedelta(seconds=1)).failed == 0
    second = sending.run(event.pk, "recording", now=first.next_attempt_at)
    assert second.failed == 1 and row(event).attempts == 2 and row(event).last_error == "timeout"
    assert row(event).next_attempt_at - first.next_attempt_at >= dt.timedelta(
        seconds=backoff.nominal(2) * 0.75
    )

    assert sending.run(event.pk, "recording", now=row(event).next_attempt_at).sent == 1
    assert recording.delivered_to().count("mottagare-a") == 1
    assert (
        len({call.uid for call in recording.calls if call.target == "mottagare-a"}) == 1
    )  # one id throughout
    assert (row(event).status, row(event).attempts, row(event).last_error) == ("sent", 3, "")


def test_an_exception_in_a_send_is_a_retry_with_its_text(series, recording):
    class Broken(recording):
        def send(self, delivery, prepared):
            raise ConnectionResetError("Connection reset by peer")

    report = factories.make_report(series=series)  # never committed: the event is written, not sent
    event = OutboxEvent.objects.get(page_id=report.pk)
    assert sending.run(event.pk, Broken()).failed == 2
    assert row(event).last_error == "ConnectionResetError: Connection reset by peer"
    due = [d.next_attempt_at for d in event.deliveries.all()]
    assert None not in due
    assert sending.run(event.pk, "recording", now=max(due)).sent == 2


def test_a_429s_retry_after_is_honoured(publish, recording):
    recording.script = {"mottagare-a": [channels.retry("429 Too Many Requests", after=120)]}
    event = publish()
    failed_at = row(event).next_attempt_at - dt.timedelta(seconds=120)
    assert abs(failed_at - timezone.now()) < dt.timedelta(seconds=30)  # exactly 120 s after the answer
    assert (
        sending.run(event.pk, "recording", now=row(event).next_attempt_at - dt.timedelta(seconds=1)).sent == 0
    )
    assert sending.run(event.pk, "recording", now=row(event).next_attempt_at).sent == 1
    assert recording.delivered_to().count("mottagare-a") == 1


def test_a_4xx_is_not_retried_until_an_editor_says_so(publish, recording):
    recording.script = {"mottagare-a": [channels.failed("400 Bad Request")]}
    event = publish()
    refused = row(event)
    assert (refused.status, refused.next_attempt_at, refused.last_error) == (
        "failed",
        None,
        "400 Bad Request",
    )
    assert sending.run(event.pk, "recording", now=timezone.now() + dt.timedelta(days=3)).sent == 0
    assert sending.due_runs(timezone.now() + dt.timedelta(days=3)) == []

    assert sending.retry_delivery(refused)  # "Skicka igen"
    assert sending.run(event.pk, "recording").sent == 1
    assert recording.delivered_to() == ["mottagare-b", "mottagare-a"]


def test_a_410_disables_the_target_and_is_not_retried(publish, recording):
    recording.script = {"mottagare-a": [channels.gone("410 Gone")]}
    event = publish()
    assert (row(event).status, row(event).next_attempt_at) == ("failed", None)
    assert recording.disabled == {"mottagare-a": "410 Gone"}
    assert sending.due_runs(timezone.now() + dt.timedelta(days=3)) == []

    later = publish("Vecka 50")  # the channel itself no longer sends to a disabled target
    assert row(later).status == "failed" and "avstängd" in row(later).last_error
    assert recording.delivered_to() == ["mottagare-b", "mottagare-b"]


def test_an_unknown_fate_waits_for_an_editor_unless_the_receiver_drops_repeats(publish, recording):
    recording.script = {"mottagare-a": [channels.unknown("connection lost after the body was sent")]}
    event = publish()
    unknown = row(event)
    assert (unknown.status, unknown.next_attempt_at) == ("failed", None)
    assert "okänt om det kom fram" in unknown.last_error and "connection lost" in unknown.last_error

    recording.resend_unknown = True  # a receiver that drops a repeated id (a webhook)
    recording.script = {"mottagare-a": [channels.unknown("connection lost again")]}
    sending.retry_delivery(unknown)
    sending.run(event.pk, recording())
    assert row(event).next_attempt_at is not None  # tried again after the backoff, by itself
    assert sending.run(event.pk, recording(), now=row(event).next_attempt_at).sent == 1
    uids = {call.uid for call in recording.calls if call.target == "mottagare-a"}
    assert uids == {str(unknown.uid)}


def test_after_the_last_attempt_a_delivery_waits_for_an_editor(publish, recording):
    recording.script = {"mottagare-a": [channels.retry("503")] * backoff.MAX_ATTEMPTS}
    event = publish()
    moment = timezone.now()
    for _attempt in range(backoff.MAX_ATTEMPTS - 1):
        moment = row(event).next_attempt_at
        sending.run(event.pk, "recording", now=moment)
    gave_up = row(event)
    assert (gave_up.attempts, gave_up.status, gave_up.next_attempt_at) == (
        backoff.MAX_ATTEMPTS,
        "failed",
        None,
    )
    assert moment - event.created_at > dt.timedelta(hours=17)  # about a day of trying
    assert sending.open_runs() == []
