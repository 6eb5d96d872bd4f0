"""The plugin's settings, each with its one default (docs/settings.md).

Every module reads them through `rapport_settings`, never from django.conf.settings, so a site
that sets none of them works, and the defaults live in one place. A site overrides one by
setting `RAPPORT_BLOCKS_<NAME>`. A changed setting (override_settings in tests) is seen at once.
"""

from django.conf import settings

PREFIX = "RAPPORT_BLOCKS_"

DEFAULTS = {
    # The template the report and series pages extend: it must have the blocks `title`,
    # `body_class`, `extra_css` and `content` (and may have `breadcrumbs`).
    "BASE_TEMPLATE": "base.html",
    # A dotted path to presenter(page, request) -> dict | None that serves a published report's
    # presented data from a cache (frontend_widget.pages.cached_presentation); None: present per view.
    "PRESENTER": None,
    # "FAQ att granska" lists answers not reviewed within this many days.
    "FAQ_REVIEW_DAYS": 90,
}


class PluginSettings:
    """`RAPPORT_BLOCKS_<NAME>` from the project's settings, else the default above."""

    def __init__(self, defaults: dict):
        self.defaults = defaults

    def __getattr__(self, name: str):
        # Read on every use, not copied: django.conf.settings keeps a set value as an attribute,
        # so this costs one lookup, and a test's override_settings, setting_changed or a deleted
        # setting (pytest-django's `del settings.X`, which sends no signal) is seen at once.
        if name not in self.defaults:
            raise AttributeError(f"No rapport_blocks setting {name!r}; there are {sorted(self.defaults)}.")
        return getattr(settings, PREFIX + name, self.defaults[name])


rapport_settings = PluginSettings(DEFAULTS)
