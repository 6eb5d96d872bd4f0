"""The e-mail as an outbox channel: a published report to its distribution lists, once per address.

Targets: every address on the report's active lists (or its series'), each once, for the first
publication, and again for a revision published with "Skicka uppdatering" (once per revision).
The message is rendered once per run from the presented report, with the "Endast utskick"
sections (`message`), and sent over one SMTP connection; the project's SMTP backend (`smtp`) tells
a refused message (retried after the backoff) from one whose delivery is unknown (left to an
editor: a retry could send it twice).

Every message links to the report's PDF; an address on a list that asks for it (`attach_pdf`) gets
the e-mail's PDF attached, "Endast utskick" sections included. The PDF channel runs before this one
(LAGESBILD_CHANNELS) and has usually stored that copy; where it has not (a worker that runs the two
tasks at once, a PDF run that failed), the first such address renders it here, once per run, into
the same archive row (`pdf.copies.store` finds or makes the copy of that content).

Who gets it (issue 20): the lists are an audience the editors chose by name, so a live report is
e-mailed whatever view restriction it is under (a site behind a login);
LAGESBILD_EMAIL_RESTRICTED_REPORTS = False keeps the public's rule. A report that is not live is
never sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rapport_blocks.core import compat
from rapport_blocks.mailing.distribution import attachment_addresses, recipients_for
from rapport_blocks.models import OutboxDelivery
from rapport_blocks.rules.presentation import report_base_url

from ..conf import delivery_settings
from ..outbox import channels
from . import message, smtp, subscriptions


@dataclass
class Batch:
    rendered: message.Rendered
    connection: object
    page: object  # the report as the event's revision holds it
    revision: object
    attach: set[str]  # the addresses (lower-cased) whose list asks for the PDF
    # The addresses (lower-cased) that also subscribe to the series: their unsubscribe links.
    unsubscribe: dict[str, str] = field(default_factory=dict)
    attachment_ready: bool = False

    def for_address(self, address: str):
        """The message to `address`, with the PDF when its list asks for it (rendered at the first)."""
        attach = address.lower() in self.attach
        if attach and not self.attachment_ready:
            # A failure here is this address's retry (with backoff), never a message without its PDF.
            self.rendered.attachment = message.pdf_attachment(self.page, self.revision, self.report)
            self.attachment_ready = True
        unsubscribe = self.unsubscribe.get(address.lower(), "")
        return self.rendered.to(address, attach=attach, unsubscribe_url=unsubscribe)

    @property
    def report(self) -> dict:
        return self.rendered.report


class EmailChannel(channels.Channel):
    name = "email"
    label = gettext_lazy("E-mail")
    target_heading = gettext_lazy("Address")
    retry_label = gettext_lazy("Retry the failed addresses")

    def __init__(self, connection=None):
        self.connection = connection  # a test's own; else the site's default mailer

    def targets(self, event, page) -> list[str]:
        return recipients_for(page) if self.occasion(event) else []

    def occasion(self, event) -> bool:
        """Whether the event is e-mailed: a first publication, or a revision sent as an update."""
        if not event.carries_content:
            return False
        return event.first_publication or (event.send_update and not self._revision_mailed(event))

    def _revision_mailed(self, event) -> bool:
        """A revision published again (after an unpublication) is not e-mailed a second time."""
        return (
            OutboxDelivery.objects.filter(channel=self.name, event__revision_id=event.revision_id)
            .exclude(event=event)
            .exists()
        )

    def refusal(self, page) -> str | None:
        # The one place the e-mail's visibility rule is chosen (issue 20): the lists are an
        # audience the editors chose, so a live report behind a site's login is still e-mailed to
        # them; LAGESBILD_EMAIL_RESTRICTED_REPORTS = False: the public's rule, as every other channel.
        if delivery_settings.EMAIL_RESTRICTED_REPORTS:
            return channels.not_live(page)
        return channels.not_public(page)

    def prepare(self, event, page) -> Batch:
        # The revision holds the report as saved before its publication: the publication's time is
        # the event's, which the PDF's metadata carries, so the e-mail's PDF is the copy the PDF
        # channel stored for this publication (one content key), not a second one.
        page.last_published_at = event.occurred_at
        rendered = message.Rendered(message.presented(page), update=not event.first_publication)
        connection = self.connection or compat.mail_connection()
        # An address on a list that also subscribes gets this one e-mail (the subscribers' channel
        # leaves it out), with its unsubscribe link as every subscriber's e-mail has.
        unsubscribe = subscriptions.unsubscribe_urls(page.get_series(), report_base_url(page))
        return Batch(rendered, connection, page, event.revision, attachment_addresses(page), unsubscribe)

    def send(self, delivery, batch: Batch) -> channels.Outcome:
        try:
            batch.connection.send_messages([batch.for_address(delivery.target)])
        except smtp.DeliveryUnknown as error:  # the server may have taken it: a retry could send it twice
            batch.connection.close()
            return channels.unknown(str(error))
        except Exception as error:  # SMTP refusals, timeouts, a server that went away
            batch.connection.close()  # a fresh connection for the next address
            return channels.retry(f"{type(error).__name__}: {error}")
        return channels.delivered()

    def close(self, batch: Batch) -> None:
        batch.connection.close()

    def unknown_outcome(self) -> str:
        return _("Interrupted while sending: the message may or may not have been delivered.")

    def shows_targets(self, user) -> bool:
        """The addresses are the distribution lists' content: only those who may see the lists see
        them. Editors may open a report's "Utskick" page, but Wagtail refuses them the list snippets
        (docs/security.md): they see counts per status, never an address or an SMTP error."""
        return user.has_perm("rapport_blocks.view_distributionlist")
