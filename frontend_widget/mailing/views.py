"""Admin views of the e-mail channel: the "Utskick" log per report, its retry, and the "E-post" preview."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from rapport_blocks.models import Dispatch, DispatchRecipient, RapportPage

from . import dispatch, message, tasks


def _report_for_editor(request, page_id: int) -> RapportPage:
    report = get_object_or_404(RapportPage, pk=page_id)
    if not report.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return report


def report_log(request, page_id: int):
    """Every dispatch of one report, newest first: counts, task outcome, and each address's row."""
    report = _report_for_editor(request, page_id)
    dispatches = report.dispatches.select_related("revision").annotate(
        sent=Count("recipients", filter=Q(recipients__status=DispatchRecipient.SENT)),
        failed=Count("recipients", filter=Q(recipients__status=DispatchRecipient.FAILED)),
        waiting=Count(
            "recipients",
            filter=Q(recipients__status__in=[DispatchRecipient.PENDING, DispatchRecipient.SENDING]),
        ),
    )
    return TemplateResponse(
        request,
        "frontend_widget/admin/dispatch_log.html",
        {"report": report, "dispatches": dispatches.prefetch_related("recipients")},
    )


@require_POST
def retry(request, dispatch_id: int):
    """An editor's "Försök igen": every failed address of the dispatch, now, through the task."""
    record = get_object_or_404(Dispatch, pk=dispatch_id)
    _report_for_editor(request, record.page_id)
    count = dispatch.retry_failures(record)
    tasks.enqueue(record.pk)
    messages.success(request, _("Retrying %(count)s failed address(es).") % {"count": count})
    return redirect("rapport_utskick:report", record.page_id)


def email_preview(page, request):
    """The "E-post" preview mode: the HTML part exactly as it is sent, with the e-mail-only sections."""
    return HttpResponse(message.render_html(message.presented(page)))
