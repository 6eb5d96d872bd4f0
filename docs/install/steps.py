"""The README's "Install in your Wagtail site" steps, as code that applies them to a site.

README.md shows these snippets verbatim and tests/site/test_install_steps.py compares the two, so
the README and what the install check (docs/install/check.py) does cannot drift apart. A snippet
changes here first; the test then says which README block to paste it into.

The steps go into a site as it is: they add only the apps and the middleware it lacks (a site with
Wagtail's API v2 has rest_framework already), and they leave its REST_FRAMEWORK alone (the
delivery's views carry their own DRF settings and schema class).
"""

from pathlib import Path

# Step 1: the package (the check installs the wheel it just built instead).
PIP = "pip install lagesbild"

# Step 2: settings (a `wagtail start` site: <project>/settings/base.py), appended. The plugin alone:
PLUGIN_SETTINGS = """\
INSTALLED_APPS = ["rapport_blocks", *INSTALLED_APPS]
"""

# ...and the delivery (API, widget, iframe page, oEmbed), which names the apps it needs:
DELIVERY_SETTINGS = """\
from frontend_widget.apps import DELIVERY_APPS, DELIVERY_MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, *(app for app in DELIVERY_APPS if app not in INSTALLED_APPS)]
MIDDLEWARE = [*(m for m in DELIVERY_MIDDLEWARE if m not in MIDDLEWARE), *MIDDLEWARE]
CORS_URLS_REGEX = r"^/api/(lagesbild|faq|oembed)/"
CORS_ALLOWED_ORIGINS = []  # your intranet's origins, e.g. "https://intranet.example.org"
# Optional: the report page serves the delivery's cached presentation.
RAPPORT_BLOCKS_PRESENTER = "frontend_widget.pages.cached_presentation"
# Optional: each report's PDF at its address + "pdf/" (needs Pango: docs/pdf.md).
RAPPORT_BLOCKS_PDF_VIEW = "frontend_widget.pdf.views.serve"
"""

# On PostgreSQL: Wagtail's search index uses PostgreSQL's fields, which Django 6.0 and newer
# check for (postgres.E005). The check's sites run on SQLite; the demo host does this (cms/settings.py).
POSTGRES_SETTINGS = """\
if "django.contrib.postgres" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]
"""

# Where your pages put their content inside a wrapper of their own (Bootstrap's and bakerydemo's
# `<div class="container">` in each page template), the plugin's pages use the same:
LAYOUT_SETTINGS = """\
RAPPORT_BLOCKS_CONTAINER_CLASS = "container"
"""

# Step 3: one include for the delivery, before Wagtail's own (<project>/urls.py).
WAGTAIL_INCLUDE = '    path("", include(wagtail_urls)),\n'
URLS = """\
    path("", include("frontend_widget.urls")),
    path("", include(wagtail_urls)),
"""

# Step 4: the tables.
MIGRATE = "python manage.py migrate"

SNIPPETS = {
    "pip": PIP,
    "plugin settings": PLUGIN_SETTINGS,
    "delivery settings": DELIVERY_SETTINGS,
    "postgres settings": POSTGRES_SETTINGS,
    "layout settings": LAYOUT_SETTINGS,
    "urls": URLS,
    "migrate": MIGRATE,
}


def append_settings(settings_file: Path, snippet: str) -> None:
    settings_file.write_text(settings_file.read_text(encoding="utf-8") + "\n\n" + snippet, encoding="utf-8")


def apply_plugin(settings_file: Path) -> None:
    """Step 2's first half, on the site's settings module (`<project>/settings/base.py`)."""
    append_settings(settings_file, PLUGIN_SETTINGS)


def apply_delivery(settings_file: Path, urls_file: Path) -> None:
    """Step 2's second half and step 3."""
    append_settings(settings_file, DELIVERY_SETTINGS)
    urls = urls_file.read_text(encoding="utf-8")
    if urls.count(WAGTAIL_INCLUDE) != 1:
        raise SystemExit(f"{urls_file}: no single line {WAGTAIL_INCLUDE.strip()!r} to put the include before")
    urls_file.write_text(urls.replace(WAGTAIL_INCLUDE, URLS), encoding="utf-8")
