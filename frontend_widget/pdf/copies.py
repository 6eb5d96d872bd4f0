"""Stored PDFs: made once per content, kept in the shared storage with the archive's row.

A PDF is looked up by its report and the SHA-256 of the presented data it was made from
(`document.content_key`): the copy rendered at publication serves every request until something
the report shows changes, and then one new copy is made (reason "refreshed"). Nothing is ever
rendered twice for the same content: a second render of the same key (a retry, two workers)
finds the first copy, or loses the unique constraint's race and keeps the winner's.

Why the storage and not the cache (docs/pdf.md): the copies are archive records that must outlive
an evicted key, a flushed Redis and a deploy; the default storage is what the instances already
share for the site's documents (NFS, S3), and the PDF view reads it without a render.
"""

from __future__ import annotations

import logging
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from rapport_blocks.pdf_archive import ArchivedPdf
from rapport_blocks.rules.presentation import present, report_base_url

from . import document

logger = logging.getLogger(__name__)


def presented(page, audience: str) -> dict:
    """The report as the PDF for `audience` shows it; the e-mail's differs only with its own sections."""
    base = report_base_url(page)
    if audience == ArchivedPdf.MAILING:
        data = present(page, base_url=base, include_mailing=True)
        if document.has_mailing_sections(data):
            return data
    return present(page, base_url=base)


def for_email(revision, report: dict) -> dict:
    """The data of the e-mail's PDF: the e-mail's own (`report`) when it has sections for the
    e-mail only, else the revision as everyone sees it, whose copy the publication stored."""
    if document.has_mailing_sections(report):
        return report
    page = revision.as_object()
    return present(page, base_url=report_base_url(page))


def audience_of(report: dict) -> str:
    return ArchivedPdf.MAILING if document.has_mailing_sections(report) else ArchivedPdf.PUBLIC


def find(page, key: str) -> ArchivedPdf | None:
    return ArchivedPdf.objects.filter(page_id=page.pk, content_key=key).first()


def store(page, revision, report: dict, *, reason: str = ArchivedPdf.PUBLISHED) -> ArchivedPdf:
    """The stored PDF of `report` (presented from `revision` of `page`), rendered if there is none yet."""
    key = document.content_key(report)
    existing = find(page, key)
    if existing is not None:
        return existing
    audience = audience_of(report)
    pdf = document.render(report, site_root=report_base_url(page), audience=audience, revision_id=revision.pk)
    series = report.get("series") or {}
    copy = ArchivedPdf(
        page_id=page.pk,
        revision=revision,
        revision_number=revision.pk,
        audience=audience,
        reason=reason,
        content_key=key,
        sha256=pdf.sha256,
        size=len(pdf.data),
        title=report["title"][:255],
        series_title=series.get("title", "")[:255],
        series_slug=series.get("slug", "")[:255],
        number=report.get("number"),
        compiled_at=report["compiled_at"],
        published_at=report.get("last_published_at"),
        url=report.get("url", "")[:500],
    )
    # A name nobody can guess: the storage may be reachable under MEDIA_URL, the PDF only through its view.
    name = f"lagesbild-pdf/{page.pk}/{revision.pk}-{secrets.token_hex(16)}.pdf"
    copy.file.save(name, ContentFile(pdf.data), save=False)
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError:  # another run stored the same content first: keep its copy
        copy.file.delete(save=False)
        return find(page, key)
    return copy


def read(copy: ArchivedPdf) -> bytes:
    with copy.file.open("rb") as handle:
        return handle.read()
