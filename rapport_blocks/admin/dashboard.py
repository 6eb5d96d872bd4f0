"""The editors' front door: a dashboard panel per series the user works on (wagtail hook in wagtail_hooks)."""

import django
import wagtail
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

import rapport_blocks

from ..models import RapportIndexPage
from ..rules import editorial


class SeriesPanel(Component):
    """Latest published report, “Starta nästa lägesbild”, drafts, reviews, scheduled, overdue."""

    template_name = "rapport_blocks/admin/dashboard_series.html"
    order = 50  # above Wagtail's own panels: this is what editors come for

    def __init__(self, week: editorial.SeriesWeek):
        self.week = week

    @property
    def name(self):
        return f"rapport_series_{self.week.series.pk}"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["week"] = self.week
        context["panel_id"] = f"lagesbild-{self.week.series.pk}"
        context["request"] = parent_context.get("request")
        context["csrf_token"] = parent_context.get("csrf_token")
        return context


def series_panels(user, now=None) -> list[SeriesPanel]:
    now = now or timezone.now()
    return [SeriesPanel(editorial.series_week(series, user, now)) for series in series_for(user)]


def series_for(user):
    """The series this user may work on: add or edit reports in, or publish (approve) them."""
    allowed = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["add", "change", "publish"])
    return RapportIndexPage.objects.filter(pk__in=allowed.values_list("pk", flat=True)).order_by("path")


class VersionPanel(Component):
    """Which release this site runs, on what: what a bug report and an upgrade (CHANGELOG.md) start from."""

    name = "lagesbild_version"
    template_name = "rapport_blocks/admin/dashboard_version.html"
    order = 1000  # last: looked up now and then, never in the way

    def get_context_data(self, parent_context=None):
        return {
            "version": rapport_blocks.__version__,
            "wagtail_version": wagtail.__version__,
            "django_version": django.get_version(),
        }
