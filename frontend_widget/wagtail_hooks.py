"""The admin's way to the /widget/ page: staff set up intranet pages from there."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


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
