from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import Page

from .models import RapportIndexPage, RapportPage
from .next_report import latest_report_of, start_next_report


def next_report(request, page_id: int):
    """Confirm (GET) and create (POST) next week's draft from a report or from a series' latest report."""
    page = get_object_or_404(Page, pk=page_id).specific
    if isinstance(page, RapportIndexPage):
        series, previous = page, latest_report_of(page)
    elif isinstance(page, RapportPage):
        series, previous = page.get_parent().specific, page
    else:
        raise PermissionDenied
    if not series.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    if previous is None:
        messages.error(request, _("The series has no report to start from yet: add the first one."))
        return redirect("wagtailadmin_explore", series.pk)
    if request.method == "POST":
        draft = start_next_report(previous, user=request.user)
        messages.success(
            request,
            _(
                "A draft of the next report was created from “%(title)s”. "
                "Update it and submit it for approval."
            )
            % {"title": previous.get_admin_display_title()},
        )
        return redirect("wagtailadmin_pages:edit", draft.pk)
    return TemplateResponse(
        request,
        "rapport_blocks/admin/next_report_confirm.html",
        {
            "page": page,
            "previous": previous,
            "series": series,
            "action_url": reverse("rapport_blocks_next_report", args=[page.pk]),
        },
    )
