"""Where the reports of a series stand this week: published, drafts, awaiting approval, scheduled, overdue.

Plain queries over Wagtail's own state (live, WorkflowState, TaskState, approved schedules), so the
dashboard panel, the report listing and "Starta nästa lägesbild" agree, and all can be tested
without the admin. A rule (layer 3): it is handed series and report pages (a series lists its
reports itself, `RapportIndexPage.all_reports`) and names no model of the plugin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, Revision, TaskState, WorkflowState

PUBLISHED, DRAFT, IN_REVIEW, SCHEDULED = "published", "draft", "in_review", "scheduled"


def _page_ids(values) -> set[int]:
    return {int(value) for value in values if str(value).isdigit()}


def ids_in_review(reports) -> set[int]:
    """Reports with a workflow in progress (submitted, not yet approved or rejected)."""
    return _page_ids(
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .filter(object_id__in=[str(pk) for pk in reports.values_list("pk", flat=True)])
        .values_list("object_id", flat=True)
    )


def scheduled_revisions(reports):
    """Revisions approved to go live later, earliest first."""
    return (
        Revision.page_revisions.filter(approved_go_live_at__isnull=False)
        .filter(object_id__in=[str(pk) for pk in reports.values_list("pk", flat=True)])
        .order_by("approved_go_live_at")
    )


def filter_by_status(reports, status: str):
    """The listing's status filter, in the four words editors use."""
    if status == PUBLISHED:
        return reports.filter(live=True)
    in_review = ids_in_review(reports)
    scheduled = _page_ids(scheduled_revisions(reports).values_list("object_id", flat=True))
    if status == IN_REVIEW:
        return reports.filter(pk__in=in_review)
    if status == SCHEDULED:
        return reports.filter(pk__in=scheduled)
    if status == DRAFT:
        return reports.filter(live=False).exclude(pk__in=in_review | scheduled)
    return reports


# The next report of a series ("Starta nästa lägesbild", admin.next_report)


def latest_published_report(series):
    """The newest live report: the default source of the next one."""
    return series.all_reports().live().first()


def drafts_of(series):
    """Reports never published yet (drafts, in review or scheduled), newest first."""
    return series.all_reports().filter(live=False, first_published_at__isnull=True)


def pending_next_draft(series):
    """A draft newer than the latest published report: the next report, already started."""
    drafts = drafts_of(series)
    latest = latest_published_report(series)
    if latest is not None:
        drafts = drafts.filter(compiled_at__gt=latest.compiled_at)
    return drafts.first()


@dataclass
class Review:
    report: Page  # a RapportPage
    task_state: TaskState
    submitted_by: object
    submitted_at: dt.datetime
    can_approve: bool

    @property
    def compare_url(self) -> str:
        """“Jämför med föregående lägesbild”, where the comparison view (rapport_changes) is installed."""
        try:
            return reverse("rapport_changes:compare", args=[self.report.pk])
        except NoReverseMatch:
            return ""


@dataclass
class Scheduled:
    report: Page  # a RapportPage
    go_live_at: dt.datetime


@dataclass
class SeriesWeek:
    """One series as its editors and approvers see it on the dashboard."""

    series: Page  # a RapportIndexPage
    latest: Page | None
    pending: Page | None
    drafts: list[Page] = field(default_factory=list)
    in_review: list[Review] = field(default_factory=list)
    scheduled: list[Scheduled] = field(default_factory=list)
    overdue_since: dt.datetime | None = None
    can_start: bool = False


def series_week(series, user, now: dt.datetime) -> SeriesWeek:
    reports = series.all_reports()
    latest = latest_published_report(series)
    review_ids = ids_in_review(reports)
    schedule = list(scheduled_revisions(reports))
    scheduled_ids = _page_ids(revision.object_id for revision in schedule)
    by_pk = {report.pk: report for report in reports.filter(pk__in=review_ids | scheduled_ids)}

    in_review = []
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .filter(object_id__in=[str(pk) for pk in review_ids])
        .select_related("requested_by", "current_task_state__task")
        .order_by("created_at")
    )
    for state in states:
        report = by_pk.get(int(state.object_id))
        task_state = state.current_task_state
        if report is None or task_state is None:
            continue
        actions = task_state.task.specific.get_actions(report, user)
        in_review.append(
            Review(
                report=report,
                task_state=task_state,
                submitted_by=state.requested_by,
                submitted_at=state.created_at,
                can_approve=any(name == "approve" for name, _label, _modal in actions),
            )
        )

    overdue_since = None
    if latest is not None and latest.next_expected_at and latest.next_expected_at < now:
        overdue_since = latest.next_expected_at

    return SeriesWeek(
        series=series,
        latest=latest,
        pending=pending_next_draft(series),
        drafts=list(reports.filter(live=False).exclude(pk__in=review_ids | scheduled_ids)[:10]),
        in_review=in_review,
        scheduled=[
            Scheduled(report=by_pk[int(revision.object_id)], go_live_at=revision.approved_go_live_at)
            for revision in schedule
            if int(revision.object_id) in by_pk
        ],
        overdue_since=overdue_since,
        can_start=series.permissions_for_user(user).can_add_subpage(),
    )
