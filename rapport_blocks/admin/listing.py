"""The report listing in the admin (“Lägesbilder”): every report of every series, told apart.

Wagtail's PageListingViewSet gives the flat listing, its bulk actions and permissions; this adds
the columns editors asked for (compiled, number, status, next expected, last changed), filters
for series, status and year, and orders newest first.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn, ParentPageColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from ..core import dates
from ..models import RapportIndexPage, RapportPage
from ..rules import editorial

STATUS_CHOICES = [
    (editorial.PUBLISHED, _("Published")),
    (editorial.DRAFT, _("Draft")),
    (editorial.IN_REVIEW, _("Awaiting approval")),
    (editorial.SCHEDULED, _("Scheduled")),
]


def year_choices():
    years = RapportPage.objects.dates("compiled_at", "year", order="DESC")
    return [(str(year.year), str(year.year)) for year in years]


def series_choices():
    return [(str(series.pk), series.title) for series in RapportIndexPage.objects.order_by("path")]


class ReportFilterSet(PageFilterSet):
    series = ChoiceFilter(
        label=_("Series"), choices=series_choices, method="filter_series", empty_label=_("All")
    )
    status = ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("All")
    )
    year = ChoiceFilter(label=_("Year"), choices=year_choices, method="filter_year", empty_label=_("All"))

    def filter_series(self, queryset, name, value):
        series = RapportIndexPage.objects.filter(pk=value).first()
        return queryset.child_of(series) if series else queryset.none()

    def filter_status(self, queryset, name, value):
        return editorial.filter_by_status(queryset, value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(compiled_at__year=int(value))

    class Meta:
        model = RapportPage
        fields = []


class LocalDateTimeColumn(Column):
    """“24 november 2026 kl. 08:30”: the date itself, not “3 days ago”, is what tells reports apart."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return dates.long_datetime(value) if value else ""


class ReportIndexView(IndexView):
    default_ordering = "-compiled_at"
    page_title = _("Situation reports")
    table_classname = "listing full-width rapport-listing"


class ReportListingViewSet(PageListingViewSet):
    model = RapportPage
    index_view_class = ReportIndexView
    icon = "doc-full-inverse"
    menu_label = _("Situation reports")
    menu_name = "lagesbilder"
    add_to_admin_menu = True
    menu_order = 150
    name = "rapport_blocks_reports"
    url_prefix = "lagesbilder"
    filterset_class = ReportFilterSet
    columns = [
        PageTitleColumn("title", label=_("Report"), sort_key="title", classname="title"),
        LocalDateTimeColumn("compiled_at", label=_("Compiled"), sort_key="compiled_at", width="18%"),
        Column("number", label=_("No."), sort_key="number", width="6%"),
        PageStatusColumn("status", label=_("Status"), sort_key="live", width="12%"),
        LocalDateTimeColumn(
            "next_expected_at", label=_("Next expected"), sort_key="next_expected_at", width="18%"
        ),
        DateColumn(
            "latest_revision_created_at",
            label=_("Last changed"),
            sort_key="latest_revision_created_at",
            width="12%",
        ),
        ParentPageColumn("parent", label=_("Series")),
    ]


report_listing = ReportListingViewSet()
