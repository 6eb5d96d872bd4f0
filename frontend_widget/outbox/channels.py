"""What a channel is to the outbox, what it may answer, and which channels a site has.

A channel (the e-mail today; webhooks, the PDF, the pre-warm next) is a `Channel` subclass named
by its dotted path in `LAGESBILD_CHANNELS`. The outbox does the rest for every channel alike:
writes its deliveries in the publish's transaction, claims each one for one run, asks the
visibility rule before each send, records the outcome, retries with backoff, and shows it all in
the admin's "Utskick" page. A channel only says:

- `targets(event, page)`: whom this event goes to (addresses, endpoint ids, or [""] for "once");
- `refusal(page)`: why the report may not be sent now, or None (the one visibility rule);
- `prepare(event, page)`: what it renders once per run, from the presented report;
- `send(delivery, prepared)`: one delivery, answered with an `Outcome`;
- and, where it needs them: `close`, `disable`, `describe`, `lease`, `resend_unknown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rapport_blocks.rules import visibility

from ..conf import delivery_settings


@dataclass(frozen=True)
class Outcome:
    """What became of one send. Build one with the functions below, not by hand."""

    DELIVERED = "delivered"
    RETRY = "retry"
    FAILED = "failed"
    GONE = "gone"
    UNKNOWN = "unknown"

    kind: str
    message: str = ""
    retry_after: float | None = None  # seconds the receiver asked for (429's Retry-After)


def delivered() -> Outcome:
    return Outcome(Outcome.DELIVERED)


def retry(message: str, after: float | None = None) -> Outcome:
    """Not delivered, worth trying again: a refused connection, a timeout, a 5xx; a 429 with `after`."""
    return Outcome(Outcome.RETRY, message, after)


def failed(message: str) -> Outcome:
    """Refused for good (a 4xx): shown as failed, not retried; an editor may still retry it."""
    return Outcome(Outcome.FAILED, message)


def gone(message: str) -> Outcome:
    """The target no longer exists (a 410): failed, not retried, and the channel disables the target."""
    return Outcome(Outcome.GONE, message)


def unknown(message: str) -> Outcome:
    """It may or may not have arrived (a connection lost after the data went out): see `resend_unknown`."""
    return Outcome(Outcome.UNKNOWN, message)


def is_public(page) -> bool:
    """Whether the public may see the report now on its own site: the one rule every channel asks."""
    site = page.get_site()
    return site is not None and visibility.is_visible(page, site.root_page.path)


def not_public(page) -> str | None:
    """The refusal of a channel whose audience is the public: None while the public may see the report."""
    if is_public(page):
        return None
    return _("Not sent: the report is not public. Publish it for everyone, then retry.")


def is_live(page) -> bool:
    """Whether the report is live on its own site (published, not expired, every page above it live),
    whatever view restriction it is under: the rule of a channel whose audience the editors chose."""
    site = page.get_site()
    return site is not None and visibility.is_served(page, site.root_page.path)


def not_live(page) -> str | None:
    """The refusal of a channel whose audience is not the public (the lists, the archive): None while
    the report is live, also behind a login."""
    if is_live(page):
        return None
    return _(
        "Not sent: the report is not published (or has expired, or its series is not). "
        "Publish it, then retry."
    )


class Channel:
    """The base of every channel; the defaults suit a channel whose audience is the public."""

    # Stored in every delivery row: never change it once a site has rows.
    name = ""
    # The heading of its deliveries in the admin's "Utskick" page, and of their target column.
    label = gettext_lazy("Channel")
    target_heading = gettext_lazy("Recipient")
    retry_label = gettext_lazy("Retry the failed deliveries")
    # How long one send may take at most: a claim older than this belongs to a run that died.
    lease = timedelta(minutes=15)
    # Whether a delivery whose fate is unknown (a worker killed mid-send, a connection lost after
    # the data went out) is sent again: yes where the receiver drops a repeat by the delivery's
    # `uid` (a webhook's `webhook-id`); no for e-mail, where a repeat is a second message.
    resend_unknown = False

    def targets(self, event, page) -> list[str]:
        """The targets of this event, written as deliveries in the publish's transaction.

        `page` is the report as this event's revision holds it (for an unpublication, the page).
        It runs inside that transaction: read rows, never the network; an exception fails the publish.
        """
        return []

    def refusal(self, page) -> str | None:
        """Why the report may not be sent now (stored on the delivery), or None: asked before each send."""
        return not_public(page)

    def prepare(self, event, page):
        """What every send of this run needs, rendered once from the presented report.

        `page` is the report as the event's revision holds it, or None for an unpublication. Read
        it through the one presentation step (`rapport_blocks.rules.presentation.present`); an
        exception here fails the run's deliveries with backoff, like a failed send.
        """
        return None

    def send(self, delivery, prepared) -> Outcome:
        """Send one delivery; an exception counts as `retry(...)` with the error's text."""
        raise NotImplementedError

    def close(self, prepared) -> None:
        """Release what `prepare` opened (a connection), after the run's last send."""

    def disable(self, target: str, reason: str) -> None:
        """The target answered that it is gone (`gone`): stop sending to it."""

    def unknown_outcome(self) -> str:
        """The admin's words for a delivery whose fate is unknown."""
        return _("Interrupted while sending: it is not known whether it arrived.")

    def shows_targets(self, user) -> bool:
        """Whether `user` sees the targets (and their errors, which often name one) in "Utskick";
        otherwise only the counts per status."""
        return True

    def describe(self, delivery, user) -> str:
        """The target as the admin's "Utskick" page shows it to `user`."""
        return delivery.target


def installed() -> list[Channel]:
    """The site's channels, in the order a publication's sending runs."""
    return [import_string(path)() for path in delivery_settings.CHANNELS]


def get(name: str) -> Channel | None:
    return next((channel for channel in installed() if channel.name == name), None)


def resolve(channel: Channel | str) -> Channel:
    """A channel from its name (a task's argument) or itself (a test's own instance)."""
    if isinstance(channel, Channel):
        return channel
    found = get(channel)
    if found is None:
        raise LookupError(f"No channel named {channel!r} in LAGESBILD_CHANNELS")
    return found
