"""The admin's "Prenumeranter" report: how many confirmed subscribers each series has.

A Wagtail report (Rapporter → Prenumeranter), with Wagtail's table and its spreadsheet export.
Counts only: the addresses themselves are for `manage.py subscribers export|delete` (a data
subject's request), so the screen shows no personal data. Only those who may view subscribers
(administrators) see it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from rapport_blocks.models import RapportIndexPage

PERMISSION = "rapport_blocks.view_subscriber"


class SubscriberCountsView(ReportView):
    page_title = _("Subscribers")
    header_icon = "mail"
    index_url_name = "rapport_subscribers:counts"
    index_results_url_name = "rapport_subscribers:counts_results"
    paginate_by = 50
    list_export = ["title", "subscriber_count"]
    export_headings = {"title": _("Series"), "subscriber_count": _("Subscribers")}
    columns = [
        TitleColumn(
            "title",
            label=_("Series"),
            get_url=lambda series: reverse("wagtailadmin_explore", args=[series.pk]),
        ),
        Column("subscriber_count", label=_("Subscribers")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return RapportIndexPage.objects.annotate(subscriber_count=Count("email_subscribers")).order_by(
            "-subscriber_count", "title"
        )


class SubscriberCountsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def menu_item():
    return SubscriberCountsMenuItem(
        _("Subscribers"),
        reverse("rapport_subscribers:counts"),
        name="subscribers",
        icon_name="mail",
        order=950,
    )
