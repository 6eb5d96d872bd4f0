"""The outbox: what happened to a report (an event) and what each channel made of it (deliveries).

One `OutboxEvent` per publication event (`rapport.published`, `rapport.updated`,
`rapport.unpublished`), written in the publish's (or unpublish's) own transaction, so an event
exists exactly when the change it reports committed. One `OutboxDelivery` per (event, channel,
target): an address for the e-mail, an endpoint for a webhook, "once" for a channel with a single
target. A delivery is pending, sending (claimed by one run), sent or failed, with its attempts, its
last error and when it is due again; `uid` is its stable id (a webhook's `webhook-id`), the same in
every attempt.

The rows are data about a report, like its revisions, so they live and migrate with the plugin
(as the dispatch log they replace did, whose history migration 0007 copied here). The machinery
that writes, claims and sends them is the delivery app's (`frontend_widget.outbox`).
"""

import uuid

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEvent(models.Model):
    PUBLISHED = "rapport.published"
    UPDATED = "rapport.updated"
    UNPUBLISHED = "rapport.unpublished"
    TYPE_CHOICES = [
        (PUBLISHED, _("Published")),
        (UPDATED, _("Updated")),
        (UNPUBLISHED, _("Unpublished")),
    ]

    type = models.CharField(_("type"), max_length=40, choices=TYPE_CHOICES)
    # No database constraint: deleting a live page unpublishes it first (Wagtail's pre_delete), and
    # the `rapport.unpublished` written then must outlive the page, naming its id.
    page = models.ForeignKey(
        "rapport_blocks.RapportPage",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="outbox_events",
        verbose_name=_("report"),
    )
    # The published revision (none for an unpublication): what the channels render, in every attempt.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revision"),
    )
    # The page's last_published_at for a publication: a signal delivered twice finds its event.
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    # The report's very first publication (the e-mail's first message goes out once per report).
    first_publication = models.BooleanField(_("first publication"), default=False)
    # The editor ticked "Skicka uppdatering" for this revision.
    send_update = models.BooleanField(_("send update"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    # The task framework's last word on this event's sending: the immediate backend swallows exceptions.
    task_status = models.CharField(_("task status"), max_length=20, blank=True)
    task_error = models.TextField(_("task error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        constraints = [
            models.UniqueConstraint(fields=["page", "type", "occurred_at"], name="rapport_outbox_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.page_id}/{self.revision_id}"

    @property
    def carries_content(self) -> bool:
        """A publication carries the report; an unpublication only its id."""
        return self.type != self.UNPUBLISHED


class OutboxDelivery(models.Model):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    STATUS_CHOICES = [
        (PENDING, _("Pending")),
        (SENDING, _("Sending")),
        (SENT, _("Sent")),
        (FAILED, _("Failed")),
    ]

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=40)
    # An e-mail address, an endpoint's id, or "" where the channel has one target per event.
    target = models.CharField(_("target"), max_length=254, blank=True)
    uid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When a failed delivery is due again; None: not retried automatically (an editor may retry it).
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["channel", "target", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # Targets compare case-insensitively, as mail servers treat addresses.
            models.UniqueConstraint("event", "channel", Lower("target"), name="rapport_outbox_delivery_once"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="rapport_outbox_due")]

    def __str__(self) -> str:
        return f"{self.channel} {self.target}: {self.status}"
