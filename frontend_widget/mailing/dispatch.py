"""Sending a dispatch: each address exactly once, whatever fails, retries or runs twice at once.

Claims, not locks: a run takes a row with one conditional UPDATE (status pending, or failed and
due, → sending, with a token of its own). Only the run whose UPDATE changed the row sends it, so
two overlapping runs (a retry and a late task, two workers) never both send; this works the same
on SQLite, where select_for_update does nothing, and on PostgreSQL.

After the send the row becomes sent, or failed with the error and a time for the next attempt
(backoff: `BACKOFF`). After the last automatic attempt a failed row waits for an editor ("Försök
igen" in the admin's Utskick page). A row left in "sending" longer than `LEASE` belongs to a run
that died mid-send: whether the server took the message is unknown, so it becomes failed with
that said, and is not retried automatically: an editor decides. Nothing is dropped silently.

Only a report the public may see is sent (the one visibility rule, `rapport_blocks.rules.visibility`,
asked at the moment of sending): a report published under a view restriction or an unpublished
series, or one unpublished, restricted or expired before a retry, is not mailed; its rows become
failed, saying why, and an editor can retry them once the report is public.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rapport_blocks.core import compat
from rapport_blocks.mailing.distribution import recipients_for
from rapport_blocks.models import Dispatch, DispatchRecipient
from rapport_blocks.rules import visibility

from . import message, smtp

logger = logging.getLogger(__name__)

# Seconds to wait after the 1st, 2nd, ... failed attempt; after the last, an editor retries.
BACKOFF = (60, 300, 1800, 7200)
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = timedelta(minutes=15)


def unknown_outcome() -> str:
    """Why a row waits for an editor: whether the server took the message is not known."""
    return _("Interrupted while sending: the message may or may not have been delivered.")


@dataclass
class RunResult:
    sent: int = 0
    failed: int = 0
    next_due: datetime | None = None  # when a failed row is due again, for the task to come back


def start(page, revision, kind: str) -> Dispatch:
    """The dispatch of this revision with one pending row per address (idempotent: once per revision)."""
    dispatch, _created = Dispatch.objects.get_or_create(
        revision=revision, defaults={"page": page, "kind": kind}
    )
    add_recipients(dispatch, recipients_for(revision.as_object()))
    return dispatch


def add_recipients(dispatch: Dispatch, addresses: list[str]) -> None:
    # The unique (dispatch, lower(address)) constraint drops what is already there, in any case.
    DispatchRecipient.objects.bulk_create(
        [DispatchRecipient(dispatch=dispatch, address=address) for address in addresses],
        ignore_conflicts=True,
    )


def _due(now) -> Q:
    return Q(status=DispatchRecipient.PENDING) | Q(
        status=DispatchRecipient.FAILED, next_attempt_at__isnull=False, next_attempt_at__lte=now
    )


def release_stale_claims(now=None) -> int:
    """Rows whose run died mid-send become failed, visibly, and wait for an editor."""
    now = now or timezone.now()
    return DispatchRecipient.objects.filter(
        status=DispatchRecipient.SENDING, claimed_at__lt=now - LEASE
    ).update(
        status=DispatchRecipient.FAILED,
        claim="",
        next_attempt_at=None,
        last_error=unknown_outcome(),
    )


def claim(row_id: int, now) -> str | None:
    """Take one row for this run: the token when the conditional UPDATE changed it, else None."""
    token = uuid.uuid4().hex
    changed = DispatchRecipient.objects.filter(_due(now), pk=row_id).update(
        status=DispatchRecipient.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
    )
    return token if changed == 1 else None


def _backoff(attempts: int, now) -> datetime | None:
    return now + timedelta(seconds=BACKOFF[attempts - 1]) if attempts < MAX_ATTEMPTS else None


def run(dispatch_id: int, *, now=None, connection=None) -> RunResult:
    """Send every due row of the dispatch once; record each outcome. Safe to call any number of times."""
    now = now or timezone.now()
    release_stale_claims(now)
    result = RunResult()
    dispatch = Dispatch.objects.select_related("revision", "page").get(pk=dispatch_id)
    due_ids = list(dispatch.recipients.filter(_due(now)).values_list("pk", flat=True))
    if due_ids:
        problem = None
        if dispatch.revision is None:  # the revision was purged: nothing left to send from
            problem = _("The revision no longer exists.")
        elif not is_public(dispatch.page):
            problem = _("Not sent: the report is not public. Publish it for everyone, then retry.")
        if problem is not None:
            dispatch.recipients.filter(pk__in=due_ids).update(
                status=DispatchRecipient.FAILED, next_attempt_at=None, last_error=problem
            )
            return result
        rendered = message.Rendered(message.presented(dispatch.revision.as_object()), dispatch.kind)
        connection = connection or compat.mail_connection()
        try:
            for row_id in due_ids:
                _send_one(row_id, rendered, connection, now, result)
        finally:
            connection.close()
    result.next_due = (
        dispatch.recipients.filter(status=DispatchRecipient.FAILED, next_attempt_at__isnull=False)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return result


def is_public(page) -> bool:
    """Whether the public may see the report now on its own site: the one rule every channel asks."""
    site = page.get_site()
    return site is not None and visibility.is_visible(page, site.root_page.path)


def _send_one(row_id: int, rendered: message.Rendered, connection, now, result: RunResult) -> None:
    token = claim(row_id, now)
    if token is None:
        return  # sent, or being sent, by another run
    row = DispatchRecipient.objects.get(pk=row_id)
    mine = DispatchRecipient.objects.filter(pk=row_id, claim=token)
    try:
        connection.send_messages([rendered.to(row.address)])
    except smtp.DeliveryUnknown as error:  # the server may have taken it: a retry could send it twice
        logger.warning("E-mail to %s may or may not have been delivered: %s", row.address, error)
        mine.update(
            status=DispatchRecipient.FAILED,
            claim="",
            last_error=f"{unknown_outcome()} ({error})"[:2000],
            next_attempt_at=None,
        )
        result.failed += 1
        connection.close()
    except Exception as error:  # SMTP refusals, timeouts, a server that went away: all recorded
        logger.warning("E-mail to %s failed (attempt %s): %s", row.address, row.attempts, error)
        mine.update(
            status=DispatchRecipient.FAILED,
            claim="",
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=_backoff(row.attempts, timezone.now()),
        )
        result.failed += 1
        connection.close()  # a fresh connection for the next address
    else:
        mine.update(status=DispatchRecipient.SENT, claim="", last_error="", sent_at=timezone.now())
        result.sent += 1


def retry_failures(dispatch: Dispatch, now=None) -> int:
    """An editor's retry: every failed row is due now, also those past the automatic attempts."""
    return dispatch.recipients.filter(status=DispatchRecipient.FAILED).update(
        next_attempt_at=now or timezone.now()
    )


def due_dispatch_ids(now=None) -> list[int]:
    """Dispatches with rows to send now (for the periodic command)."""
    now = now or timezone.now()
    return list(
        DispatchRecipient.objects.filter(_due(now))
        .values_list("dispatch_id", flat=True)
        .distinct()
        .order_by()
    )


def open_dispatch_ids() -> list[int]:
    """Dispatches with addresses still to send, now or after their backoff (for a restarted worker)."""
    return list(
        DispatchRecipient.objects.filter(
            Q(status=DispatchRecipient.PENDING)
            | Q(status=DispatchRecipient.FAILED, next_attempt_at__isnull=False)
        )
        .values_list("dispatch_id", flat=True)
        .distinct()
        .order_by()
    )
