"""Page types and snippets of the plugin.

Thin models: what a report *shows* is worked out in `presentation`, what it *reads from and writes
to text* in `text_layout`; the models only hold the content and the few rules of the series
(numbering, slugs).
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from .blocks import LinkCollectionBody, ReportBodyBlock
from .conf import rapport_settings
from .core import dates
from .forms import RapportPageForm
from .mailing import distribution
from .page_mixins import ExtendsSiteBase, PublishedAtomically, ServedByVisibilityRule
from .panels import ChangesPanel, PublishingChecksPanel
from .rules import archive, presentation, visibility


def widget_script() -> str:
    """The static path of the `<lagesbild-widget>` module (RAPPORT_BLOCKS_WIDGET_SCRIPT), or "".

    The plugin does not depend on the delivery app: a site that serves the widget names its
    script, and reports then get the "Widget" preview mode.
    """
    return rapport_settings.WIDGET_SCRIPT or ""


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


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class DistributionList(index.Indexed, models.Model):
    """Who receives reports by e-mail, for example “Politisk ledning”."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    addresses = models.TextField(
        _("addresses"),
        blank=True,
        help_text=_("One e-mail address per line. An address on several lists gets one e-mail."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Only active lists receive reports."))
    attach_pdf = models.BooleanField(
        _("attach the PDF"),
        default=False,
        help_text=_(
            "The e-mail carries the report as a PDF file too (with its sections for the e-mail only). "
            "Every e-mail links to the PDF on the site either way."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("addresses"),
        FieldPanel("active"),
        FieldPanel("attach_pdf"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("distribution list")
        verbose_name_plural = _("distribution lists")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        problems = distribution.address_problems(self.addresses)
        if problems:
            raise ValidationError({"addresses": problems})

    def address_list(self) -> list[str]:
        return distribution.unique_addresses([self.addresses])


class RapportIndexPage(PublishedAtomically, ServedByVisibilityRule, ExtendsSiteBase, Page):
    """A report series, such as “Lägesbild vårdinformationssystem”."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    cadence_weekday = models.PositiveSmallIntegerField(
        _("publishing day"),
        null=True,
        blank=True,
        choices=WEEKDAYS,
        help_text=_("The weekday a new report is usually published, for example Tuesday."),
    )
    cadence_time = models.TimeField(
        _("publishing time"),
        null=True,
        blank=True,
        help_text=_("The time of day, for example 08:30. New reports get their dates from this rhythm."),
    )

    distribution_lists = ParentalManyToManyField(
        DistributionList,
        blank=True,
        related_name="+",
        verbose_name=_("distribution lists"),
        help_text=_("Who receives the series' reports by e-mail, unless a report chooses its own lists."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("cadence_weekday"), FieldPanel("cadence_time")])],
            heading=_("Rhythm"),
        ),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("distribution_lists")]
    subpage_types = ["rapport_blocks.RapportPage"]
    reports_per_page = 20

    class Meta:
        verbose_name = _("report series")
        verbose_name_plural = _("report series")

    @classmethod
    def find_series(cls, root_path: str, slug: str):
        """The visible series with this slug on the site (the first in tree order if two share it)."""
        if not isinstance(slug, str) or not visibility.SLUG.fullmatch(slug):
            return None  # also keeps NUL and other junk away from the database
        return visibility.visible_pages(cls.objects.filter(slug=slug), root_path).order_by("path").first()

    def reports(self, root_path: str | None = None):
        """The series' reports that the public may see on the site at `root_path`, newest first."""
        if root_path is None:
            site = self.get_site()
            if site is None:
                return RapportPage.objects.none()
            root_path = site.root_page.path
        return RapportPage.visible_reports(root_path, self)

    def all_reports(self):
        """Every report of the series, drafts too, newest first (`reports`: what the public sees)."""
        return RapportPage.objects.child_of(self).order_by("-compiled_at", "-pk")

    def latest_report(self, root_path: str | None = None):
        return self.reports(root_path).first()

    def get_context(self, request, *args, **kwargs):
        """The archive: visible reports, filtered by year, month and search, a page at a time."""
        context = super().get_context(request, *args, **kwargs)
        root = archive.root_path(self, request)
        filters = archive.Filters.from_request(request)
        # get_page: a bad number shows the first page, one past the end the last.
        context["reports"] = Paginator(archive.reports(self, root, filters), self.reports_per_page).get_page(
            request.GET.get("page")
        )
        context["filters"] = filters
        context["years"] = archive.years(self, root)
        context["months"] = archive.months()
        return context


class RapportPage(PublishedAtomically, ServedByVisibilityRule, ExtendsSiteBase, Page):
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
    distribution_lists = ParentalManyToManyField(
        DistributionList,
        blank=True,
        related_name="+",
        verbose_name=_("distribution lists"),
        help_text=_("Leave empty to use the series' lists."),
    )
    send_update = models.BooleanField(
        _("send update"),
        default=False,
        help_text=_(
            "Publishing this version e-mails the report again to every address, with the subject "
            "“Uppdaterad: …”. Without it, only the first publication is e-mailed."
        ),
    )

    content_panels = Page.content_panels + [
        PublishingChecksPanel(heading=_("Checks before publishing"), icon="tasks"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("compiled_at"), FieldPanel("next_expected_at")])],
            heading=_("Dates"),
        ),
        ChangesPanel(),
        HelpPanel(
            content=_(
                "Each section has a heading of your own and a kind: bullets, actions, links, "
                "spokespersons or text."
            )
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("distribution_lists"), FieldPanel("send_update")], heading=_("E-mail")),
    ]
    parent_page_types = ["rapport_blocks.RapportIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["number", "send_update"]
    base_form_class = RapportPageForm
    # Only the sections everyone may read: an "Endast utskick" section must not be findable.
    search_fields = Page.search_fields + [index.SearchField("public_body_text")]

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        # Every list of reports is newest first (`visibility.ORDER`): with this index a page of 20
        # reads 20 rows, not the whole archive sorted (docs/performance.md, "Scale").
        indexes = [models.Index(fields=["compiled_at"], name="rapportpage_compiled_at")]

    @classmethod
    def visible_reports(cls, root_path: str, series=None):
        """The site's reports that the public may see (the one visibility rule), newest first.

        Of one series when `series` is given; ordered by compiled_at, then first publication.
        """
        reports = visibility.visible_pages(cls.objects.all(), root_path)
        if series is not None:
            reports = reports.child_of(series)
        return reports.order_by(*visibility.ORDER)

    def clean(self):
        super().clean()
        problem = dates.order_problem(self.compiled_at, self.next_expected_at)
        if problem:
            raise ValidationError({"next_expected_at": problem})

    def get_admin_display_title(self):
        """“nr 12 · 24 november 2026”: the shared title tells no two reports of a series apart."""
        return (
            dates.admin_title(self.number, self.compiled_at)
            if self.compiled_at
            else super().get_admin_display_title()
        )

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

    def public_body_text(self) -> str:
        """The searchable text of the sections for everyone ("Alla")."""
        parts: list[str] = []
        for block in self.body:
            if not presentation.is_mailing_only(block.value):
                parts.extend(str(text) for text in block.block.get_searchable_content(block.value))
        return "\n".join(parts)

    def get_series(self) -> RapportIndexPage | None:
        parent = self.get_parent()
        return parent.specific if parent else None

    # Preview modes: the page, and where the site has them the widget (docs/widget.md) and the e-mail

    @property
    def preview_modes(self):
        modes = [("", _("Page"))]
        if widget_script():
            modes.append(("widget", _("Widget")))
        # "E-post" when the site has an e-mail channel (RAPPORT_BLOCKS_EMAIL_PREVIEW, a dotted path
        # to preview(page, request)); the plugin itself sends no e-mail.
        if rapport_settings.EMAIL_PREVIEW:
            modes.append(("email", _("E-mail")))
        return modes

    def serve_preview(self, request, mode_name):
        if mode_name == "email" and rapport_settings.EMAIL_PREVIEW:
            return import_string(rapport_settings.EMAIL_PREVIEW)(self, request)
        return super().serve_preview(request, mode_name)

    def get_preview_template(self, request, mode_name):
        if mode_name == "widget" and widget_script():
            return "rapport_blocks/preview/widget.html"
        return super().get_preview_template(request, mode_name)

    def get_preview_context(self, request, mode_name):
        """The page's context; for the widget, also the widget's script and a name for this preview.

        The widget reads the draft's presented data from the page itself (see the template), so a
        draft never needs a URL of its own that anyone could fetch.
        """
        context = super().get_preview_context(request, mode_name)
        if mode_name == "widget":
            context["widget_script"] = widget_script()
            context["preview_src"] = f"/lagesbild-preview/{self.pk or 'new'}.json"
        return context

    # The PDF (RAPPORT_BLOCKS_PDF_VIEW): <report address>pdf/, served through Wagtail's own page
    # serving, so its view restrictions and the visibility rule's 404 apply to it as to the page.

    PDF_PATH = "pdf"

    def route(self, request, path_components):
        if path_components == [self.PDF_PATH] and rapport_settings.PDF_VIEW and self.live:
            return RouteResult(self, kwargs={"as_pdf": True})
        return super().route(request, path_components)

    def serve(self, request, *args, as_pdf=False, **kwargs):
        if as_pdf:
            return import_string(rapport_settings.PDF_VIEW)(self, request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        # The template renders only the presented report, like every other channel.
        context = super().get_context(request, *args, **kwargs)
        context["report"] = presentation.present_for_page(self, request)
        context["neighbours"] = archive.neighbours(self, archive.root_path(self, request))
        return context


# The FAQ's models live in their own package (rapport_blocks/faq/), the outbox's in mailing/outbox.py
# the webhook endpoints in mailing/webhooks.py and the subscribers in mailing/subscribers.py;
# importing them here makes them this app's.
from .faq.models import FaqPage, FaqSearchEntry  # noqa: E402
from .mailing.outbox import OutboxDelivery, OutboxEvent  # noqa: E402
from .mailing.subscribers import Subscriber, UsedConfirmation  # noqa: E402
from .mailing.webhooks import WebhookEndpoint  # noqa: E402
from .pdf_archive import ArchivedPdf  # noqa: E402

__all__ = [
    "ArchivedPdf",
    "FaqPage",
    "FaqSearchEntry",
    "DistributionList",
    "LinkCollection",
    "OutboxDelivery",
    "OutboxEvent",
    "Person",
    "RapportIndexPage",
    "RapportPage",
    "Subscriber",
    "UsedConfirmation",
    "WebhookEndpoint",
]
