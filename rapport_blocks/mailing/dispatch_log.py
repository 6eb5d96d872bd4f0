"""The dispatch log: which e-mail of which revision went to which address, and how it went.

One `Dispatch` per published revision that is e-mailed (the first publication, or one with
"Skicka uppdatering"), and one `DispatchRecipient` row per (dispatch, address): pending, sending,
sent or failed, with the attempt count and the last error. The unique constraints make a second
dispatch of the same revision, or a second row for the same address, impossible; the sender
(frontend_widget.mailing.dispatch) claims a row with a conditional UPDATE before it sends, so
two runs at once never both send it.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Dispatch(models.Model):
    FIRST = "first"
    UPDATE = "update"
    KIND_CHOICES = [(FIRST, _("First publication")), (UPDATE, _("Update"))]

    page = models.ForeignKey(
        "rapport_blocks.RapportPage",
        on_delete=models.CASCADE,
        related_name="dispatches",
        verbose_name=_("report"),
    )
    # One dispatch per revision: a signal delivered twice cannot start a second one.
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revision"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The task framework's last word on this dispatch: the immediate backend swallows exceptions.
    task_status = models.CharField(_("task status"), max_length=20, blank=True)
    task_error = models.TextField(_("task error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self) -> str:
        return f"{self.page_id}/{self.revision_id} ({self.kind})"


class DispatchRecipient(models.Model):
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

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="recipients")
    address = models.CharField(_("address"), max_length=254)
    # One of the address's lists asks for the PDF as an attachment (DistributionList.attach_pdf).
    attach_pdf = models.BooleanField(_("PDF attached"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When a failed row is due again; None: not retried automatically (an editor may retry it).
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["address", "pk"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(Lower("address"), "dispatch", name="rapport_dispatch_address_once"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="rapport_dispatch_due")]

    def __str__(self) -> str:
        return f"{self.address}: {self.status}"
