"""Staff who subscribe themselves to a series' e-mail: confirmed addresses, and nothing else.

A row exists only once its address has confirmed (double opt-in: the delivery's
`frontend_widget.mailing.subscriptions` signs the confirmation link, which carries the address
until then). Ending a subscription deletes the row, never flags it (GDPR: nothing is kept that is
no longer needed). `UsedConfirmation` remembers which confirmation links were used, by the random
nonce in each link (no address), so that a link works once; rows older than a link's lifetime are
pruned as new ones are written.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    series = models.ForeignKey(
        "rapport_blocks.RapportIndexPage",
        on_delete=models.CASCADE,
        related_name="email_subscribers",
        verbose_name=_("series"),
    )
    address = models.EmailField(_("e-mail address"), max_length=254)
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["series_id", "address"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            # Addresses compare case-insensitively, as mail servers treat them.
            models.UniqueConstraint("series", Lower("address"), name="rapport_subscriber_once"),
        ]

    def __str__(self) -> str:
        return self.address

    @classmethod
    def addresses_for(cls, series) -> list[str]:
        """The confirmed addresses of a series, in a stable order."""
        if series is None:
            return []
        return list(cls.objects.filter(series=series).order_by("pk").values_list("address", flat=True))

    @classmethod
    def matching(cls, address: str):
        """Every subscription of one address, in any spelling of its case."""
        return cls.objects.filter(address__iexact=address.strip())


class UsedConfirmation(models.Model):
    nonce = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("used confirmation link")
        verbose_name_plural = _("used confirmation links")

    def __str__(self) -> str:
        return self.nonce
