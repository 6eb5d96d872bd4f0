"""The "Webhooks" snippet: only administrators see it, and its form checks each address (DNS included)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import StatusTagColumn
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from rapport_blocks.models import WebhookEndpoint

from . import addresses, endpoints


class AdministratorsOnly(BasePermissionPolicy):
    """Endpoints carry signing secrets and reach other systems: administrators only, whatever the groups."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class WebhookEndpointForm(WagtailAdminModelForm):
    def clean_url(self):
        try:
            return endpoints.check_url(self.cleaned_data.get("url", ""))
        except addresses.BadAddress as error:
            raise forms.ValidationError(str(error)) from error


class SavedOnlyPanel(FieldPanel):
    """A read-only fact of a saved endpoint. On the add form its secret would be one made for that
    page only, never stored (the save makes another): copied from there, no signature would verify."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None and super().is_shown()


class WebhookEndpointViewSet(SnippetViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhooks")
    add_to_admin_menu = True
    menu_order = 330
    list_display = [
        "__str__",
        "series",
        "format",
        # "Aktiv"/"Avstängd" as a tag: a bare boolean column would read "True".
        StatusTagColumn(
            "active",
            label=_("Status"),
            accessor=lambda endpoint: _("Active") if endpoint.active else _("Disabled"),
            primary=lambda endpoint: endpoint.active,
            sort_key="active",
        ),
    ]
    list_filter = ["active", "format"]
    edit_handler = ObjectList(
        [
            FieldPanel("series"),
            FieldPanel("url"),
            FieldPanel("format"),
            FieldPanel("description"),
            FieldPanel("active"),
            SavedOnlyPanel("disabled_reason", read_only=True),
            SavedOnlyPanel("secret", read_only=True),
            SavedOnlyPanel("previous_secret", read_only=True),
        ],
        base_form_class=WebhookEndpointForm,
    )

    @property
    def permission_policy(self):
        return AdministratorsOnly(WebhookEndpoint)


def register_policy() -> None:
    """Wagtail 8 asks a registry for a model's policy (the viewset's property is its 7.4 way)."""
    try:
        from wagtail.permissions import register_permission_policy
    except ImportError:  # Wagtail 7.4
        return
    register_permission_policy(WebhookEndpoint, AdministratorsOnly(WebhookEndpoint))
