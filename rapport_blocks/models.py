"""Page types and snippets of the plugin.

Thin models: what a report *shows* is worked out in `presentation`, what it *reads from and writes
to text* in `text_layout`; the models only hold the content and the few rules of the series
(numbering, slugs).
"""

from django.core.paginator import Paginator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from . import dates, presentation, visibility
from .blocks import LinkCollectionBody, ReportBodyBlock
from .conf import rapport_settings
from .forms import RapportPageForm


class Person(index.Indexed, models.Model):
    """A spokesperson or contact, shared by every report that names them."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("role"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name


class LinkCollection(index.Indexed, models.Model):
    """Links that many reports repeat (for example “Samlad information”): one edit updates them all."""

    name = models.CharField(_("name"), max_length=200)
    links = StreamField(LinkCollectionBody(), verbose_name=_("links"))

    panels = [FieldPanel("name"), FieldPanel("links")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("link collection")
        verbose_name_plural = _("link collections")

    def __str__(self) -> str:
        return self.name


class ServedByVisibilityRule:
    """A page type that is served only while the public may see it (`visibility.is_served`).

    Wagtail alone serves a live page under an unpublished parent, and an expired page until
    `publish_scheduled` runs; `wagtail_hooks` answers 404 for those instead.
    """


class ExtendsSiteBase:
    """A page whose template extends the site's base template, named by RAPPORT_BLOCKS_BASE_TEMPLATE.

    The plugin's templates draw only the report; the site's header, navigation and styles stay the
    host's own (README, "Install in your Wagtail site").
    """

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = rapport_settings.BASE_TEMPLATE
        return context


class RapportIndexPage(ServedByVisibilityRule, ExtendsSiteBase, Page):
    """A report series, such as “Lägesbild vårdinformationssystem”."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["rapport_blocks.RapportPage"]
    reports_per_page = 20

    class Meta:
        verbose_name = _("report series")
        verbose_name_plural = _("report series")

    def reports(self, root_path: str | None = None):
        """The series' reports that the public may see on the site at `root_path`, newest first."""
        if root_path is None:
            site = self.get_site()
            if site is None:
                return RapportPage.objects.none()
            root_path = site.root_page.path
        return visibility.visible_reports(root_path, self)

    def latest_report(self, root_path: str | None = None):
        return self.reports(root_path).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        reports = self.reports(site.root_page.path) if site else RapportPage.objects.none()
        # get_page: a bad number shows the first page, one past the end the last.
        context["reports"] = Paginator(reports, self.reports_per_page).get_page(request.GET.get("page"))
        return context


class RapportPage(ServedByVisibilityRule, ExtendsSiteBase, Page):
    """One report of a series."""

    compiled_at = models.DateTimeField(
        _("compiled at"),
        default=timezone.now,
        help_text=_("When the report was compiled; shown as “Sammanställd”."),
    )
    next_expected_at = models.DateTimeField(
        _("next report expected"),
        null=True,
        blank=True,
        help_text=_("Optional: when the next report is expected."),
    )
    number = models.PositiveIntegerField(
        _("report number"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Given on first publication: the series' next number."),
    )
    body = StreamField(ReportBodyBlock(), verbose_name=_("sections"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("compiled_at"), FieldPanel("next_expected_at")])],
            heading=_("Dates"),
        ),
        HelpPanel(
            content=_(
                "Each section has a heading of your own and a kind: bullets, actions, links, "
                "spokespersons or text."
            )
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["rapport_blocks.RapportIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["number"]
    base_form_class = RapportPageForm
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    # Numbering and slugs

    def slug_base(self) -> str:
        return dates.slug_date(self.compiled_at)

    def unique_slug_under(self, parent) -> str:
        """The compiled date, with -2, -3, ... when the series already has a report that day."""
        base = self.slug_base()
        taken = set(parent.get_children().exclude(pk=self.pk).values_list("slug", flat=True))
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def save(self, *args, **kwargs):
        if self.live and self.number is None and self.depth:
            with transaction.atomic():
                parent = self.get_parent()
                # Lock the series row so two publications at once can't share a number.
                type(parent).objects.select_for_update().filter(pk=parent.pk).first()
                highest = (
                    RapportPage.objects.child_of(parent)
                    .exclude(pk=self.pk)
                    .aggregate(models.Max("number"))["number__max"]
                )
                self.number = (highest or 0) + 1
                update_fields = kwargs.get("update_fields")
                if update_fields is not None:
                    kwargs["update_fields"] = list(update_fields) + ["number"]
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # The number belongs to the page, not to a revision: publishing an older draft keeps it.
        obj = super().with_content_json(content)
        obj.number = self.number
        return obj

    def get_series(self) -> RapportIndexPage | None:
        parent = self.get_parent()
        return parent.specific if parent else None

    def get_context(self, request, *args, **kwargs):
        # The template renders only the presented report, like every other channel.
        context = super().get_context(request, *args, **kwargs)
        context["report"] = presentation.present_for_page(self, request)
        return context


# The FAQ's models live in their own package (rapport_blocks/faq/); importing them here makes them this app's.
from .faq.models import FaqPage, FaqSearchEntry  # noqa: E402

__all__ = [
    "FaqPage",
    "FaqSearchEntry",
    "LinkCollection",
    "Person",
    "RapportIndexPage",
    "RapportPage",
]
