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
