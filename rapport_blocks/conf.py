"""The plugin's settings, each with its one default (README, "Settings").

Every module reads them through `rapport_settings`, never from django.conf.settings, so a site
that sets none of them works, and the defaults live in one place:

    from rapport_blocks.conf import rapport_settings
    rapport_settings.PRESENTER

A site overrides one by setting `RAPPORT_BLOCKS_<NAME>`. A changed setting (override_settings,
pytest-django's `settings` fixture) is seen at once.
"""

from django.conf import settings

PREFIX = "RAPPORT_BLOCKS_"

DEFAULTS = {
    # The template the report, series and FAQ pages extend: it must have the blocks `title`,
    # `body_class`, `extra_css` (in <head>) and `content`, and may have `breadcrumbs` (the base's own
    # trail stands where it fills that block; otherwise the pages fill it).
    "BASE_TEMPLATE": "base.html",
    # The class of the element the site's page templates wrap their content in, inside `content`
    # (Bootstrap's and wagtail/bakerydemo's "container"): the plugin's pages use the same. Empty:
    # no wrapper (the base template places `content` itself, as `wagtail start`'s does).
    "CONTAINER_CLASS": "",
    # A dotted path to presenter(page, request) -> dict | None that serves a published report's
    # presented data from a cache (frontend_widget.pages.cached_presentation); None: present per view.
    "PRESENTER": None,
    # The widget's module as a static path, for the reports' "Widget" preview mode
    # ("frontend_widget/lagesbild-widget.js"); empty: no such mode.
    "WIDGET_SCRIPT": "",
    # A dotted path to view(page, request) that renders the report's "E-post" preview mode
    # (frontend_widget.mailing.views.email_preview); None: no such mode.
    "EMAIL_PREVIEW": None,
    # A dotted path to view(page, request) that serves the report's PDF at its address + "pdf/"
    # (frontend_widget.pdf.views.serve); None: reports have no PDF address and no PDF link.
    "PDF_VIEW": None,
    # The STORAGES alias that keeps the reports' archived PDFs (rapport_blocks.pdf_archive): one
    # that every instance shares, never served directly (the PDF view applies the visibility rule).
    "PDF_STORAGE": "default",
    # The largest Word document (.docx) `import_rapport` and "Importera från Word" read, in bytes.
    "WORD_MAX_BYTES": 20 * 1024 * 1024,
    # "FAQ att granska" lists answers not reviewed within this many days.
    "FAQ_REVIEW_DAYS": 90,
    # Sign-in through an identity provider (admin/provider_roles.py): the provider's group values (an
    # Entra ID group's object id, a Keycloak group path) → the Wagtail group each one gives, e.g.
    # {"lagesbild-redaktorer": "Redaktörer", "lagesbild-granskare": "Granskare"}. Only these
    # Wagtail groups are ever given or taken by a sign-in; empty: a sign-in gives no group.
    "PROVIDER_GROUPS": {},
    # The claim of the ID token (or UserInfo) that lists a person's groups.
    "PROVIDER_GROUPS_CLAIM": "groups",
}


class PluginSettings:
    """`<prefix><NAME>` from the project's settings, else the default; unknown names are an error."""

    def __init__(self, prefix: str, defaults: dict):
        self.prefix = prefix
        self.defaults = defaults

    def __getattr__(self, name: str):
        # Read on every use, not copied: django.conf.settings keeps a set value as an attribute,
        # so this costs one lookup, and a test's override_settings, setting_changed or a deleted
        # setting (pytest-django's `del settings.X`, which sends no signal) is seen at once.
        if name not in self.defaults:
            raise AttributeError(f"No setting {self.prefix}{name}; there are {sorted(self.defaults)}.")
        return getattr(settings, self.prefix + name, self.defaults[name])


rapport_settings = PluginSettings(PREFIX, DEFAULTS)
