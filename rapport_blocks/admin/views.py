"""Admin views of the editors' week: start the next report, approve from the dashboard, compare."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, TaskState

from ..models import RapportIndexPage, RapportPage
from ..rules import changes, presentation
from ..rules.editorial import drafts_of, latest_published_report, pending_next_draft
from .next_report import start_next_report


def describe(report: RapportPage) -> str:
    """“nr 12 · 24 november 2026 (publicerad)”: a report named so that no two read alike."""
    return f"{report.get_admin_display_title()} ({report.status_string})"


class SeriesPageMixin:
    """An admin page about one series (`self.series`): the series as its subtitle, and the
    breadcrumbs "Lägesbilder", the series, then the page's own `breadcrumb_label`."""

    breadcrumb_label = ""

    def get_page_subtitle(self):
        return self.series.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("rapport_blocks_reports:index"), "label": _("Situation reports")},
            {"url": reverse("wagtailadmin_explore", args=[self.series.pk]), "label": self.series.title},
            {"url": "", "label": self.breadcrumb_label},
        ]


class NextReportView(SeriesPageMixin, WagtailAdminTemplateMixin, View):
    breadcrumb_label = gettext_lazy("Start the next report")
    """Confirm (GET) and create (POST) the next report's draft.

    The source is the latest published report unless the editor chose one (`?source=ID`, or the
    button on a report). Without a choice, a draft of the next report that already exists is
    opened instead of making a second one.
    """

    template_name = "rapport_blocks/admin/next_report_confirm.html"
    page_title = gettext_lazy("Start the next report")
    header_icon = "doc-empty-inverse"

    def setup(self, request, page_id: int):
        super().setup(request, page_id=page_id)
        page = get_object_or_404(Page, pk=page_id).specific
        if isinstance(page, RapportIndexPage):
            self.series, self.chosen = page, None
        elif isinstance(page, RapportPage):
            self.series, self.chosen = page.get_parent().specific, page
        else:
            raise Http404
        self.page = page
        source_id = request.POST.get("source") or request.GET.get("source")
        if source_id:
            self.chosen = get_object_or_404(
                RapportPage.objects.child_of(self.series), pk=source_id if source_id.isdigit() else 0
            )

    def dispatch(self, request, *args, **kwargs):
        if not self.series.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def source(self) -> RapportPage | None:
        return self.chosen or latest_published_report(self.series)

    @property
    def pending(self) -> RapportPage | None:
        """The next report's draft, when the editor did not choose a source of their own."""
        return None if self.chosen else pending_next_draft(self.series)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source, pending = self.source, self.pending
        context.update(
            series=self.series,
            source=source,
            source_label=describe(source) if source else "",
            chosen=self.chosen,
            pending=pending,
            pending_label=describe(pending) if pending else "",
            other_sources=[
                (report, describe(report))
                for report in drafts_of(self.series).exclude(pk=getattr(source, "pk", None))[:10]
            ],
            action_url=reverse("rapport_blocks:next_report", args=[self.series.pk]),
        )
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if self.pending is not None:
            messages.info(
                request,
                _(
                    "The next report is already started: “%(report)s”. "
                    "It was opened instead of a second draft."
                )
                % {"report": describe(self.pending)},
            )
            return redirect("wagtailadmin_pages:edit", self.pending.pk)
        source = self.source
        if source is None:
            messages.error(
                request, _("The series has no published report yet: choose a draft to start from.")
            )
            return redirect(request.path)
        draft = start_next_report(source, user=request.user)
        messages.success(
            request,
            _(
                "A draft of the next report was created from “%(report)s”. "
                "Update it and submit it for approval."
            )
            % {"report": describe(source)},
        )
        return redirect("wagtailadmin_pages:edit", draft.pk)


def approved(request, task_state_id: int):
    """Where Wagtail's approve action returns to from the dashboard: confirms what happened.

    The dashboard row posts to Wagtail's own workflow action (its permission checks, its
    publishing); that action adds no message, so it is sent here afterwards to say it worked.
    """
    task_state = get_object_or_404(TaskState.objects.select_related("revision"), pk=task_state_id)
    report = task_state.revision.content_object
    if isinstance(report, RapportPage) and task_state.status == TaskState.STATUS_APPROVED:
        report = report.specific
        if report.live and not report.has_unpublished_changes:
            message = _("“%(report)s” was approved and published.")
        else:
            message = _("“%(report)s” was approved.")
        messages.success(request, message % {"report": report.get_admin_display_title()})
    return redirect("wagtailadmin_home")


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
