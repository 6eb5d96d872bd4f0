"""The snippets' admin screens: people, link collections, distribution lists (registered by wagtail_hooks)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import StatusFlagColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import DistributionList, LinkCollection, Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "role", "email", "phone"]
    search_fields = ["name", "role"]


class LinkCollectionViewSet(SnippetViewSet):
    model = LinkCollection
    icon = "link"
    menu_label = _("Link collections")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name"]
    search_fields = ["name"]


class DistributionListViewSet(SnippetViewSet):
    model = DistributionList
    icon = "mail"
    menu_label = _("Distribution lists")
    add_to_admin_menu = True
    menu_order = 320
    # A status tag in the editors' words, not Python's "True" and "False".
    list_display = [
        "name",
        StatusFlagColumn("active", label=_("Status"), true_label=_("Active"), false_label=_("Inactive")),
        "description",
    ]
    list_filter = ["active"]
    search_fields = ["name"]
