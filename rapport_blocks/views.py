from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from . import changes, presentation
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


# What changed since the previous report


def comparison_url(page) -> str:
    """The admin URL of “Jämför med föregående lägesbild” for a report (a page or its id)."""
    return reverse("rapport_changes:compare", args=[getattr(page, "pk", page)])


def can_review(page, user) -> bool:
    """Editors and approvers of the report: who may open its edit view or act on its workflow task."""
    permissions = page.permissions_for_user(user)
    if permissions.can_edit() or permissions.can_publish():
        return True
    task = page.current_workflow_task
    return bool(task and task.specific.user_can_access_editor(page, user))


class CompareWithPreviousView(WagtailAdminTemplateMixin, TemplateView):
    """The report's latest revision (a draft too) beside the previous published report of its series.

    What an approver needs before approving: which items are new, which were reworded (the words
    marked), and what was removed. It reads the same comparison as the readers' markers
    (`changes`), made from the same presented data.
    """

    template_name = "rapport_blocks/admin/compare.html"
    header_icon = "doc-full"

    def dispatch(self, request, page_id: int):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(self.page, RapportPage):
            raise Http404
        if not can_review(self.page, request.user):
            raise PermissionDenied
        return super().dispatch(request, page_id=page_id)

    def get_page_title(self):
        return _("Compare with the previous report")

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        series = self.page.get_parent()
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_explore", args=[series.pk]),
                "label": series.get_admin_display_title(),
            },
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.get_page_subtitle(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.page.get_latest_revision_as_object()
        base_url = presentation.report_base_url(draft, request=self.request)
        current = presentation.present_content(draft, base_url=base_url)
        previous_page = changes.previous_report(draft)
        previous = presentation.present_content(previous_page, base_url=base_url) if previous_page else None
        comparison = changes.compare(current, previous)
        found = changes.rows(comparison, labels=(_("removed:") + " ", _("added:") + " "))
        context.update(
            report=current,
            previous=previous,
            previous_page=previous_page,
            summary=comparison.summary,
            unchanged=comparison.count(changes.UNCHANGED),
            groups=[
                (status, label, [row for row in found if row.status == status])
                for status, label in (
                    (changes.CHANGED, _("Changed")),
                    (changes.NEW, _("New")),
                    (changes.REMOVED, _("Removed")),
                )
            ],
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            is_draft=not self.page.live or self.page.has_unpublished_changes,
        )
        return context
