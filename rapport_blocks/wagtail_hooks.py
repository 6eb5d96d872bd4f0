"""Wagtail's entry point (Wagtail looks for this module at the app's root): registers the admin/ package.

Thin on purpose: each hook hands over to a module of `admin/` (layer 1), or, for serving, to the
one visibility rule (`rules.visibility`).
"""

from django.http import Http404
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.models import Site
from wagtail.snippets.models import register_snippet

from .admin import dashboard, views, word_import
from .admin.listing import report_listing
from .admin.snippets import DistributionListViewSet, LinkCollectionViewSet, PersonViewSet
from .blocks import WORD_LISTS
from .models import RapportIndexPage, RapportPage, ServedByVisibilityRule
from .rules import visibility

register_snippet(PersonViewSet)
register_snippet(LinkCollectionViewSet)
register_snippet(DistributionListViewSet)


admin_urls = [
    path("<int:page_id>/nasta/", views.NextReportView.as_view(), name="next_report"),
    path("godkand/<int:task_state_id>/", views.approved, name="approved"),
    path("<int:series_id>/fran-word/", word_import.WordImportView.as_view(), name="word_import"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("rapporter/", include((admin_urls, "rapport_blocks"), namespace="rapport_blocks"))]


@hooks.register("register_admin_viewset")
def register_report_listing():
    return report_listing


@hooks.register("insert_global_admin_css")
def editors_css():
    return format_html('<link rel="stylesheet" href="{}">', static("rapport_blocks/admin/editors.css"))


@hooks.register("construct_homepage_panels")
def add_series_panels(request, panels):
    panels.extend(dashboard.series_panels(request.user))
    panels.append(dashboard.VersionPanel())


def _next_report_button(page, user, priority):
    specific_class = page.specific_class
    if specific_class not in (RapportPage, RapportIndexPage):
        return None
    series = page if specific_class is RapportIndexPage else page.get_parent()
    if not series.permissions_for_user(user).can_add_subpage():
        return None
    return Button(
        _("Start the next report"),
        reverse("rapport_blocks:next_report", args=[series.pk])
        + ("" if page is series else f"?source={page.pk}"),
        icon_name="plus",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def next_report_header_button(page, user, view_name=None, next_url=None):
    button = _next_report_button(page, user, priority=12)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def next_report_listing_button(page, user, next_url=None):
    button = _next_report_button(page, user, priority=21)
    if button:
        yield button


# "Importera från Word" on a series: its header (the series' listing and edit view) and its row


@hooks.register("register_page_header_buttons")
def word_import_header_button(page, user, view_name=None, next_url=None):
    button = word_import.button(page, user, priority=13)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def word_import_listing_button(page, user, next_url=None):
    button = word_import.button(page, user, priority=22)
    if button:
        yield button


@hooks.register("before_serve_page")
def refuse_pages_the_public_may_not_see(page, request, serve_args, serve_kwargs):
    """404 for a live page under an unpublished or expired branch, or past its own expiry time.

    View restrictions are not checked here: Wagtail's own password or login form stands in front
    of those pages and shows their content to no one without access.
    """
    if not isinstance(page, ServedByVisibilityRule):
        return None
    site = Site.find_for_request(request)
    if site is None or not visibility.is_served(page, site.root_page.path):
        raise Http404
    return None


# What changed since the previous report


@hooks.register("register_admin_urls")
def register_comparison_url():
    """/admin/lagesbild/<id>/jamfor/, named `rapport_changes:compare` (see views.comparison_url)."""
    urls = [path("<int:page_id>/jamfor/", views.CompareWithPreviousView.as_view(), name="compare")]
    return [path("lagesbild/", include((urls, "rapport_changes")))]


@hooks.register("register_page_header_buttons")
def comparison_header_button(page, user, view_name=None, next_url=None):
    if page.specific_class is RapportPage and view_name == "edit" and views.can_review(page, user):
        yield Button(
            _("Compare with the previous report"),
            views.comparison_url(page),
            icon_name="history",
            priority=11,
        )


# The FAQ: "FAQ att granska" (admin URL namespace "rapport_blocks_faq") and its dashboard count.


@hooks.register("register_admin_urls")
def register_faq_urls():
    from .faq import admin_urls

    return [
        path("faq/", include((admin_urls.urlpatterns, "rapport_blocks_faq"), namespace="rapport_blocks_faq"))
    ]


@hooks.register("register_admin_menu_item")
def register_faq_review_menu_item():
    return MenuItem(_("FAQ to review"), reverse("rapport_blocks_faq:review"), icon_name="help", order=320)


@hooks.register("construct_homepage_panels")
def add_faq_review_panel(request, panels):
    from .faq.views import ReviewPanel

    panels.append(ReviewPanel(request))


# Paste from Word: list levels kept whatever the glyphs (static/rapport_blocks/js/word-paste.js)


@hooks.register("register_rich_text_features")
def register_word_lists(features):
    """A Draftail plugin that nests Word's clipboard list paragraphs by their level before Draft.js
    reads them; on by default, so a host's own rich text fields keep Word's levels too."""
    from wagtail.admin.rich_text.editors.draftail.features import PluginFeature

    features.register_editor_plugin(
        "draftail", WORD_LISTS, PluginFeature({"type": WORD_LISTS}, js=["rapport_blocks/js/word-paste.js"])
    )
    features.default_features.append(WORD_LISTS)


@hooks.register("insert_editor_js")
def faq_anchor_picker_js():
    """Offers the chosen FAQ page's questions in a report link's "question" field."""
    return format_html(
        '<script src="{}" data-questions-url="{}" defer></script>',
        static("rapport_blocks/js/faq-anchor-picker.js"),
        reverse("rapport_blocks_faq:questions", args=[0]),
    )
