"""The admin's "Arkiv (PDF)" per report: every archived copy, with its checksum, for download.

Editors who may edit the report see and download every copy, the e-mail's too (its sections for
the e-mail only were written by them); the public gets only the current copy for everyone, through
the report's own address (`views`).
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path

from rapport_blocks.models import RapportPage
from rapport_blocks.pdf_archive import ArchivedPdf

from .views import filename

app_name = "rapport_pdf"


def _report_for_editor(request, page_id: int) -> RapportPage:
    report = get_object_or_404(RapportPage, pk=page_id)
    if not report.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return report


def archive(request, page_id: int):
    report = _report_for_editor(request, page_id)
    return TemplateResponse(
        request,
        "frontend_widget/admin/pdf_archive.html",
        {"report": report, "copies": ArchivedPdf.objects.filter(page=report).select_related("revision")},
    )


def download(request, copy_id: int):
    copy = get_object_or_404(ArchivedPdf, pk=copy_id)
    if copy.page_id is None:
        raise PermissionDenied  # the report is gone: its copies are for export_archive
    _report_for_editor(request, copy.page_id)
    response = FileResponse(copy.file.open("rb"), content_type="application/pdf", filename=filename(copy))
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("rapport/<int:page_id>/", archive, name="archive"),
    path("<int:copy_id>/", download, name="download"),
]
