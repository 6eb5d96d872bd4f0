from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import LinkCollection, Person


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


register_snippet(PersonViewSet)
register_snippet(LinkCollectionViewSet)
