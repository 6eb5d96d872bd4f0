"""The plugin's settings, each with its one default (README, "Settings").

Every module reads them through `rapport_settings`, never from django.conf.settings, so a site
that sets none of them works, and the defaults live in one place:

    from rapport_blocks.conf import rapport_settings
    rapport_settings.PRESENTER

A site overrides one by setting `RAPPORT_BLOCKS_<NAME>`. A changed setting (override_settings,
pytest-django's `settings` fixture) is seen at once.
"""

from django.conf import settings
from django.utils.functional import empty

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
    """`<prefix><NAME>` from the project's settings, else the default; unknown names are an error.

    Values are remembered per settings object. Every change a test or a site makes goes through
    override_settings (pytest-django's `settings` fixture too, its `del settings.X` included),
    which puts a new settings object in place, so a changed setting is still seen at once. Read
    anew each time, an unset setting cost an AttributeError inside LazySettings, several of them
    in every widget's poll (docs/performance.md, "What each piece costs").
    """

    def __init__(self, prefix: str, defaults: dict):
        self.prefix = prefix
        self.defaults = defaults
        # (the settings object, the values read from it): one attribute, replaced in one step, so a
        # thread never pairs one object with another's values.
        self._read = (None, {})

    def __getattr__(self, name: str):
        source = settings._wrapped
        read_from, values = self._read
        if read_from is not source:
            values = {}
            if source is not empty:
                self._read = (source, values)
        try:
            return values[name]
        except KeyError:
            pass
        if name not in self.defaults:
            raise AttributeError(f"No setting {self.prefix}{name}; there are {sorted(self.defaults)}.")
        # From the object the values belong to (LazySettings itself before it is set up).
        value = values[name] = getattr(
            settings if source is empty else source, self.prefix + name, self.defaults[name]
        )
        return value


rapport_settings = PluginSettings(PREFIX, DEFAULTS)
