"""The archive of the reports' PDFs: every PDF made of a published revision, with its SHA-256.

A published report is a public record that is registered and archived (docs/pdf.md). One
`ArchivedPdf` per PDF the PDF channel made (frontend_widget/pdf/): the copy rendered when the
revision was published, and any made later because something the report shows changed (a linked
page went private: the public copy must not link to it any more). Each row keeps what a registry
needs on its own (title, series, number, dates, revision, checksum), so the copy outlives the
report page, its revisions and the series.

The files live in the storage named by RAPPORT_BLOCKS_PDF_STORAGE ("default": shared by every
instance, like the site's documents), under names nobody can guess, and are served only through
the report's PDF view, which asks the one visibility rule first.
"""

from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from .conf import rapport_settings


def pdf_storage():
    return storages[rapport_settings.PDF_STORAGE]


class ArchivedPdf(models.Model):
    PUBLIC = "public"
    MAILING = "mailing"
    AUDIENCE_CHOICES = [(PUBLIC, _("Everyone")), (MAILING, _("E-mail, with its own sections"))]
    PUBLISHED = "published"
    REFRESHED = "refreshed"
    REASON_CHOICES = [
        (PUBLISHED, _("Publication")),
        (REFRESHED, _("Something the report shows changed")),
    ]

    page = models.ForeignKey(
        "rapport_blocks.RapportPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="archived_pdfs",
        verbose_name=_("report"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revision"),
    )
    # The revision's id, kept when the revision itself is purged.
    revision_number = models.PositiveIntegerField(_("revision"))
    audience = models.CharField(_("audience"), max_length=10, choices=AUDIENCE_CHOICES, default=PUBLIC)
    reason = models.CharField(_("reason"), max_length=10, choices=REASON_CHOICES, default=PUBLISHED)
    # The SHA-256 of the presented data the PDF was made from (frontend_widget.pdf.document.content_key).
    content_key = models.CharField(max_length=64)
    file = models.FileField(_("file"), storage=pdf_storage, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    title = models.CharField(_("title"), max_length=255)
    series_title = models.CharField(_("series"), max_length=255, blank=True)
    series_slug = models.CharField(max_length=255, blank=True)
    number = models.PositiveIntegerField(_("report number"), null=True, blank=True)
    compiled_at = models.DateTimeField(_("compiled at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("archived PDF")
        verbose_name_plural = _("archived PDFs")
        constraints = [
            # Two renders of the same content at once (a retry, two workers) keep one copy.
            models.UniqueConstraint(fields=["page", "content_key"], name="rapport_pdf_content_once"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.revision_number}, {self.audience})"

    @property
    def etag(self) -> str:
        return f'"pdf-{self.sha256[:40]}"'
