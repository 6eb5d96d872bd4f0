"""The series' subscribers as an outbox channel: the public report, once per confirmed address.

The same occasions as the e-mail to the lists (`channel.EmailChannel`): a report's first
publication, and a revision published with "Skicka uppdatering". Subscribers chose themselves, so
they get what the public may see: the report without its "Endast utskick" sections, and only while
the public may see it (the public's visibility rule). An address that is also on one of the
report's lists is left out here: it gets the lists' e-mail, once, with its unsubscribe link.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rapport_blocks.core import compat
from rapport_blocks.mailing.distribution import recipients_for
from rapport_blocks.models import Subscriber
from rapport_blocks.rules.presentation import report_base_url

from ..outbox import channels
from . import message, subscriptions
from .channel import Batch, EmailChannel


class SubscriberChannel(EmailChannel):
    name = subscriptions.CHANNEL
    label = gettext_lazy("Subscribers")
    retry_label = gettext_lazy("Retry the failed subscribers")

    def targets(self, event, page) -> list[str]:
        if not self.occasion(event):
            return []
        on_lists = {address.lower() for address in recipients_for(page)}
        return [
            address
            for address in Subscriber.addresses_for(page.get_series())
            if address.lower() not in on_lists
        ]

    def refusal(self, page) -> str | None:
        return channels.not_public(page)

    def prepare(self, event, page) -> Batch:
        page.last_published_at = event.occurred_at
        report = message.presented(page, include_mailing=False)
        rendered = message.Rendered(report, update=not event.first_publication, on_list=False)
        connection = self.connection or compat.mail_connection()
        unsubscribe = subscriptions.unsubscribe_urls(page.get_series(), report_base_url(page))
        return Batch(rendered, connection, page, event.revision, set(), unsubscribe)

    def send(self, delivery, batch: Batch) -> channels.Outcome:
        if delivery.target.lower() not in batch.unsubscribe:
            return channels.failed(_("Not sent: the address no longer subscribes."))
        return super().send(delivery, batch)

    def shows_targets(self, user) -> bool:
        """Subscribers' addresses are personal data: only those who may see the subscribers see them."""
        return user.has_perm("rapport_blocks.view_subscriber")
