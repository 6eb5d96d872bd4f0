from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from rapport_blocks.models import RapportPage


class HomePage(Page):
    """The site's front page: it leads to the latest report."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def latest_report(self):
        return (
            RapportPage.objects.descendant_of(self)
            .live()
            .public()
            .order_by("-compiled_at", "-first_published_at", "-pk")
            .first()
        )

    def series(self):
        from rapport_blocks.models import RapportIndexPage

        return RapportIndexPage.objects.child_of(self).live().public()
