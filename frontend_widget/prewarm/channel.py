"""The pre-warm as an outbox channel: once per publication and origin, before every other channel.

Why a channel and not a task of its own: it is one more thing done "after the publish commits,
exactly once, retried, visible in Utskick" (DESIGN.md), and the outbox already does that: the
deliveries are written in the publish's transaction, claimed once however many workers run,
retried with backoff when the site answers 5xx, resumed by `send_due_deliveries` after a worker
was down, and shown beside the e-mail. It is first in LAGESBILD_CHANNELS because the other
channels bring the visitors: the e-mail's and the Teams post's readers click through to a report
page that is warm already.

It sends nothing anywhere and changes no answer (`warming`): its requests are an anonymous
visitor's, which the views answer by the one visibility rule themselves. So it refuses nothing; a
report the public may not see warms only latest (which then shows the report before it). A late
run (the worker was down) warms whatever is current then, and a run that is repeated costs one
cache read per address, so an interrupted one simply runs again.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rapport_blocks.models import RapportPage

from ..outbox import channels
from . import warming


class PrewarmChannel(channels.Channel):
    name = "prewarm"
    label = gettext_lazy("Pre-warm of the public answers")
    target_heading = gettext_lazy("Address")
    retry_label = gettext_lazy("Pre-warm again")
    lease = timedelta(minutes=2)
    resend_unknown = True

    def targets(self, event, page) -> list[str]:
        return warming.origins() if event.carries_content else []

    def refusal(self, page) -> str | None:
        return None

    def prepare(self, event, page):
        """The report as it is now (its URL may differ from the revision's, after a move)."""
        return RapportPage.objects.filter(pk=event.page_id).first()

    def send(self, delivery, prepared) -> channels.Outcome:
        if prepared is None:  # deleted since: nothing of it to warm
            return channels.delivered()
        try:
            warming.warm(delivery.target, prepared)
        except warming.PrewarmFailed as error:
            message = _("Not pre-warmed: %(addresses)s") % {"addresses": error}
            if any(status >= 500 for status in error.statuses):
                return channels.retry(message)
            # A 4xx does not pass by waiting (an origin outside ALLOWED_HOSTS, a moved page).
            return channels.failed(message)
        return channels.delivered()

    def unknown_outcome(self) -> str:
        return _("Interrupted while pre-warming: it is done again.")
