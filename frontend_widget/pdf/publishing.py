"""When PDFs are made: in the publish's task, once per published revision, and when a stored one is stale.

`render_publication` is the one entry point a publication calls: the outbox's "pdf" channel
(`channel`) runs it in the publish's task, after the commit, retried with the outbox's backoff and
shown in the admin's "Utskick" page (docs/pdf.md). It renders the copy
for everyone and, when the report has sections for the e-mail only, the e-mail's copy, for a
report that is live and served (a report behind a login is rendered too: its readers and its
e-mail need it). A revision that is no longer the live one by the time the task runs is skipped:
its successor's task renders that.
"""

from __future__ import annotations

import logging

from rapport_blocks.models import RapportPage
from rapport_blocks.pdf_archive import ArchivedPdf
from rapport_blocks.rules import visibility

from . import copies

logger = logging.getLogger(__name__)


def _served(page) -> bool:
    site = page.get_site()
    return site is not None and visibility.is_served(page, site.root_page.path)


def render_publication(page_id: int, revision_id: int) -> list[ArchivedPdf]:
    """Render and store the PDFs of a published revision; the stored copies, or [] if it is not live."""
    page = RapportPage.objects.filter(pk=page_id, live=True).first()
    if page is None or page.live_revision_id != revision_id or not _served(page):
        return []
    revision = page.live_revision
    stored = []
    for audience in (ArchivedPdf.PUBLIC, ArchivedPdf.MAILING):
        report = copies.presented(page, audience)
        if audience == ArchivedPdf.MAILING and copies.audience_of(report) != ArchivedPdf.MAILING:
            continue  # no sections for the e-mail only: the e-mail attaches the copy for everyone
        stored.append(copies.store(page, revision, report))
    return stored


def refresh(page_id: int) -> ArchivedPdf | None:
    """The copy for everyone of the live report as it shows now (something it shows has changed)."""
    page = RapportPage.objects.filter(pk=page_id, live=True).first()
    if page is None or page.live_revision is None or not _served(page):
        return None
    report = copies.presented(page, ArchivedPdf.PUBLIC)
    return copies.store(page, page.live_revision, report, reason=ArchivedPdf.REFRESHED)
