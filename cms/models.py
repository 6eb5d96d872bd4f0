from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from rapport_blocks.models import RapportIndexPage, RapportPage, ServedByVisibilityRule
from rapport_blocks.rules import visibility


class HomePage(ServedByVisibilityRule, Page):
    """The site's front page: it leads to the latest report."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def latest_report(self):
        """The newest report that the public may see on this site (this page is its root)."""
        return RapportPage.visible_reports(self.path).first()

    def series(self):
        return visibility.visible_pages(RapportIndexPage.objects.child_of(self), self.path).order_by("path")


class ProviderIdentity(models.Model):
    """Who a user is at the identity provider: its issuer and `sub`, the only way a sign-in finds them.

    Never the e-mail address: an address can be reassigned, or claimed at a provider that doesn't
    verify it, and a match on it would hand one person's account to another (cms/sign_in.py).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_identity"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="unique_provider_subject")]
        verbose_name = _("identity at the identity provider")

    def __str__(self):
        return f"{self.subject} @ {self.issuer}"
