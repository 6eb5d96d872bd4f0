"""A series' webhook endpoints: where the outbox's webhook channel posts each event of its reports.

One row per endpoint: its series, its URL, its format (Standard Webhooks JSON, or a Teams
Workflows message with an Adaptive Card), its signing secret, and whether it is active. Rotating
a secret keeps the old one valid beside the new one until the rotation is ended, so a receiver
can switch without losing a delivery (Standard Webhooks: one signature per valid secret). A
receiver that answers 410 Gone is disabled, with the reason.

The rows live with the outbox's (`outbox.py`): data the plugin keeps, which the delivery app's
`frontend_widget.webhooks` checks (the address rules) and sends to.
"""

import base64
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookEndpoint(models.Model):
    STANDARD = "standard"
    TEAMS = "teams"
    FORMAT_CHOICES = [
        (STANDARD, _("Standard Webhooks (JSON)")),
        (TEAMS, _("Microsoft Teams (Workflows, Adaptive Card)")),
    ]

    series = models.ForeignKey(
        "rapport_blocks.RapportIndexPage",
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("series"),
    )
    url = models.CharField(
        _("address"),
        max_length=2000,
        help_text=_("Where each event is posted: an https address the receiver gave you."),
    )
    format = models.CharField(_("format"), max_length=20, choices=FORMAT_CHOICES, default=STANDARD)
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    # The secret before the last rotation: still signed with until the rotation is ended.
    previous_secret = models.CharField(_("previous signing secret"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.TextField(_("why it was disabled"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["series__title", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        # The description tells two endpoints on one host apart; without one, the format does.
        return f"{self.description or self.get_format_display()} · {self.host}"

    @property
    def host(self) -> str:
        """The address without its path and query, which may carry the receiver's own token."""
        scheme, _sep, rest = self.url.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0].split('?', 1)[0].rsplit('@', 1)[-1]}"

    @property
    def valid_secrets(self) -> list[str]:
        """The secrets each delivery is signed with: the new one first, the old during a rotation."""
        return [secret for secret in (self.secret, self.previous_secret) if secret]

    def rotate(self) -> str:
        """A new secret; the current one stays valid until `end_rotation`. Returns the new one."""
        self.previous_secret, self.secret = self.secret, new_secret()
        self.save(update_fields=["secret", "previous_secret"])
        return self.secret

    def end_rotation(self) -> None:
        self.previous_secret = ""
        self.save(update_fields=["previous_secret"])

    def disable(self, reason: str) -> None:
        self.active, self.disabled_reason = False, reason
        self.save(update_fields=["active", "disabled_reason"])
