"""Sending an event's deliveries for one channel: each exactly once, whatever fails, retries or runs twice.

Claims, not locks: a run takes a delivery with one conditional UPDATE (pending, or failed and
due, → sending, with a token of its own). Only the run whose UPDATE changed the row sends it, so
overlapping runs (a retry and a late task, two workers, two instances) never both send it. This
is atomic on every database: on PostgreSQL the second UPDATE waits for the first's row lock and
then finds the row no longer due; SQLite writes one at a time. `select_for_update(skip_locked)`
would only spare that wait, for the length of one UPDATE, and does nothing on SQLite.

After the send the channel's `Outcome` is recorded on the row: sent; failed and due again after
the backoff (`backoff`) or the receiver's Retry-After; failed for good (a 4xx; a 410 also
disables the target); or failed with its fate unknown. A row left "sending" longer than the
channel's lease belongs to a run that died mid-send: unknown too. An unknown fate waits for an
editor ("Skicka igen"), unless the channel's receivers drop repeats by the delivery's `uid`
(`Channel.resend_unknown`): then it is simply tried again. Nothing is dropped silently.

Before each send the channel's `refusal` is asked (the one visibility rule): a report that the
rule refuses at that moment (published under a view restriction, or unpublished, restricted or
expired before a retry) is not sent; its due deliveries become failed, saying why, until an
editor retries them.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rapport_blocks.models import OutboxDelivery as Delivery
from rapport_blocks.models import OutboxEvent, RapportPage

from . import backoff, channels
from .channels import Channel, Outcome

logger = logging.getLogger(__name__)


@dataclass
class RunResult:
    sent: int = 0
    failed: int = 0
    next_due: datetime | None = None  # when a failed delivery is due again, for the task to come back


def _due(now) -> Q:
    return Q(status=Delivery.PENDING) | Q(
        status=Delivery.FAILED, next_attempt_at__isnull=False, next_attempt_at__lte=now
    )


def _open() -> Q:
    """Deliveries with a send ahead of them: now, or after their backoff."""
    return Q(status=Delivery.PENDING) | Q(status=Delivery.FAILED, next_attempt_at__isnull=False)


def claim(delivery_id: int, now) -> str | None:
    """Take one delivery for this run: the token when the conditional UPDATE changed it, else None."""
    token = uuid.uuid4().hex
    changed = Delivery.objects.filter(_due(now), pk=delivery_id).update(
        status=Delivery.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
    )
    return token if changed == 1 else None


def release_stale_claims(now=None) -> int:
    """Deliveries whose run died mid-send become failed, visibly: resent, or left to an editor."""
    now = now or timezone.now()
    released = 0
    sending = Delivery.objects.filter(status=Delivery.SENDING)
    for name in sending.values_list("channel", flat=True).distinct().order_by():
        channel = channels.get(name) or Channel()
        stale = sending.filter(channel=name, claimed_at__lt=now - channel.lease)
        if channel.resend_unknown:
            again = stale.filter(attempts__lt=backoff.MAX_ATTEMPTS)
            released += again.update(
                status=Delivery.FAILED, claim="", next_attempt_at=now, last_error=channel.unknown_outcome()
            )
        released += stale.update(
            status=Delivery.FAILED, claim="", next_attempt_at=None, last_error=channel.unknown_outcome()
        )
    return released


def refusal(event: OutboxEvent, channel: Channel) -> str | None:
    """Why this event may not be sent through `channel` now; None: send.

    A publication carries the report, so the channel's rule (`Channel.refusal`, the one
    visibility rule) decides; an unpublication carries only the report's id, which is no secret
    to those who were sent its publication.
    """
    if not event.carries_content:
        return None
    if event.revision_id is None:  # the revision was purged: nothing left to send from
        return _("The revision no longer exists.")
    page = RapportPage.objects.filter(pk=event.page_id).first()
    if page is None:
        return _("The report no longer exists.")
    return channel.refusal(page)


class _Batch:
    """The channel's prepared render for one run, made at the first send; a failure to make it
    fails each send of the run (with backoff) instead of leaving rows pending."""

    def __init__(self, channel: Channel, event: OutboxEvent, clock):
        self.channel, self.event = channel, event
        self.clock = clock  # the run's `now` less the real time: a test's run in the future stays there
        self.ready = False
        self.prepared = None
        self.problem: Outcome | None = None

    def send(self, delivery: Delivery) -> Outcome:
        if not self.ready:
            self.ready = True
            try:
                page = self.event.revision.as_object() if self.event.revision_id else None
                self.prepared = self.channel.prepare(self.event, page)
            except Exception as error:
                logger.exception("Could not prepare %s for event %s", self.channel.name, self.event.pk)
                self.problem = channels.retry(f"{type(error).__name__}: {error}")
        if self.problem is not None:
            return self.problem
        try:
            return self.channel.send(delivery, self.prepared)
        except Exception as error:  # a refused connection, a timeout, a server that went away
            return channels.retry(f"{type(error).__name__}: {error}")

    def close(self) -> None:
        if self.ready and self.problem is None:
            self.channel.close(self.prepared)


def run(event_id: int, channel: Channel | str, *, now=None) -> RunResult:
    """Send every due delivery of the event through the channel once; record each outcome.

    Safe to call any number of times, at once or after each other.
    """
    channel = channels.resolve(channel)
    now = now or timezone.now()
    release_stale_claims(now)
    result = RunResult()
    event = OutboxEvent.objects.select_related("revision").get(pk=event_id)
    rows = event.deliveries.filter(channel=channel.name)
    due_ids = list(rows.filter(_due(now)).values_list("pk", flat=True))
    batch = _Batch(channel, event, clock=now - timezone.now())
    try:
        for position, delivery_id in enumerate(due_ids):
            problem = refusal(event, channel)
            if problem is not None:
                rows.filter(_due(now), pk__in=due_ids[position:]).update(
                    status=Delivery.FAILED, next_attempt_at=None, last_error=problem
                )
                break
            _deliver(delivery_id, batch, result)
    finally:
        batch.close()
    result.next_due = (
        rows.filter(status=Delivery.FAILED, next_attempt_at__isnull=False)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return result


def _deliver(delivery_id: int, batch: _Batch, result: RunResult) -> None:
    # Claimed at this moment, not at the run's start: in a long batch the lease runs from each send.
    token = claim(delivery_id, timezone.now() + batch.clock)
    if token is None:
        return  # sent, or being sent, by another run
    delivery = Delivery.objects.get(pk=delivery_id)
    outcome = batch.send(delivery)
    if record(delivery, token, outcome, batch.channel, now=timezone.now() + batch.clock):
        result.sent += 1
    else:
        result.failed += 1


def record(delivery: Delivery, token: str, outcome: Outcome, channel: Channel, now=None) -> bool:
    """Write the outcome on the delivery this run claimed (`token`); True when it was delivered."""
    mine = Delivery.objects.filter(pk=delivery.pk, claim=token)
    now = now or timezone.now()
    if outcome.kind == Outcome.DELIVERED:
        mine.update(status=Delivery.SENT, claim="", last_error="", next_attempt_at=None, sent_at=now)
        return True
    kind, message = outcome.kind, outcome.message
    if kind == Outcome.UNKNOWN:
        message = f"{channel.unknown_outcome()} ({message})" if message else channel.unknown_outcome()
        if channel.resend_unknown:
            kind = Outcome.RETRY
    next_attempt = None
    if kind == Outcome.RETRY:
        next_attempt = backoff.next_attempt(delivery.attempts, now, retry_after=outcome.retry_after)
    logger.warning(
        "%s to %s failed (attempt %s, %s): %s",
        channel.name,
        delivery.target,
        delivery.attempts,
        f"next at {next_attempt.isoformat()}" if next_attempt else "not retried automatically",
        message,
    )
    mine.update(status=Delivery.FAILED, claim="", last_error=message[:2000], next_attempt_at=next_attempt)
    if kind == Outcome.GONE:
        channel.disable(delivery.target, message)
    return False


def retry_failed(event: OutboxEvent, channel: str | None = None, now=None) -> int:
    """An editor's retry: every failed delivery of the event is due now, also those past the last attempt."""
    rows = event.deliveries.filter(status=Delivery.FAILED)
    if channel:
        rows = rows.filter(channel=channel)
    return rows.update(next_attempt_at=now or timezone.now())


def retry_delivery(delivery: Delivery, now=None) -> bool:
    """An editor's "Skicka igen" for one failed delivery."""
    rows = Delivery.objects.filter(pk=delivery.pk, status=Delivery.FAILED)
    return rows.update(next_attempt_at=now or timezone.now()) == 1


def _runs(rows) -> list[tuple[int, str]]:
    return list(rows.values_list("event_id", "channel").distinct().order_by("event_id", "channel"))


def due_runs(now=None) -> list[tuple[int, str]]:
    """(event, channel) pairs with deliveries to send now (for the periodic command)."""
    return _runs(Delivery.objects.filter(_due(now or timezone.now())))


def open_runs() -> list[tuple[int, str]]:
    """(event, channel) pairs with deliveries still to send, now or later (for a restarted worker)."""
    return _runs(Delivery.objects.filter(_open()))
