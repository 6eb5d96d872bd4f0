"""The admin's way to the /widget/ page: staff set up intranet pages from there."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from rapport_blocks.models import RapportPage

from .mailing import admin as subscriber_admin
from .outbox import urls as outbox_urls
from .pdf import admin_views as pdf_admin
from .webhooks import admin as webhook_admin


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_staff


@hooks.register("register_admin_menu_item")
def register_widget_page_menu_item():
    return StaffMenuItem(
        _("Intranet widget"),
        reverse("lagesbild-widget-page"),
        name="lagesbild-widget",
        icon_name="code",
        order=900,
    )


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return [
        path("utskick/", include(outbox_urls, namespace="rapport_utskick")),
        path("pdf-arkiv/", include(pdf_admin, namespace="rapport_pdf")),
        path("prenumeranter/", include((subscriber_urls, "rapport_subscribers"))),
    ]


subscriber_urls = [
    path("", subscriber_admin.SubscriberCountsView.as_view(), name="counts"),
    path("results/", subscriber_admin.SubscriberCountsView.as_view(results_only=True), name="counts_results"),
]


@hooks.register("register_reports_menu_item")
def register_subscriber_counts_menu_item():
    return subscriber_admin.menu_item()


@hooks.register("register_page_header_buttons")
def mailing_log_button(page, user, view_name=None, next_url=None):
    if page.specific_class is RapportPage and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Mailings"), reverse("rapport_utskick:report", args=[page.pk]), icon_name="mail", priority=13
        )


@hooks.register("register_page_header_buttons")
def pdf_archive_button(page, user, view_name=None, next_url=None):
    if page.specific_class is RapportPage and page.permissions_for_user(user).can_edit():
        yield Button(
            _("PDF archive"),
            reverse("rapport_pdf:archive", args=[page.pk]),
            icon_name="doc-full",
            priority=14,
        )


# Webhooks: a snippet for administrators only (frontend_widget/webhooks/admin.py).
webhook_admin.register_policy()
register_snippet(webhook_admin.WebhookEndpointViewSet)
