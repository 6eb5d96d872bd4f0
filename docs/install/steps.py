"""The README's "Install in your Wagtail site" steps, as code that applies them to a fresh site.

README.md shows these snippets verbatim and tests/site/test_install_steps.py compares the two, so
the README and what the install check (docs/install/check.py) does cannot drift apart. A snippet
changes here first; the test then says which README block to paste it into.
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
from frontend_widget.apps import DELIVERY_APPS

INSTALLED_APPS = [*INSTALLED_APPS, *DELIVERY_APPS]
MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", *MIDDLEWARE]
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOWED_ORIGINS = []  # your intranet's origins, e.g. "https://intranet.example.org"
# Optional: the report page serves the delivery's cached presentation.
RAPPORT_BLOCKS_PRESENTER = "frontend_widget.pages.cached_presentation"
# Optional: each report's PDF at its address + "pdf/" (needs Pango: docs/pdf.md).
RAPPORT_BLOCKS_PDF_VIEW = "frontend_widget.pdf.views.serve"
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
    "urls": URLS,
    "migrate": MIGRATE,
}


def _append_settings(project_dir: Path, project_name: str, snippet: str) -> None:
    settings_file = project_dir / project_name / "settings" / "base.py"
    settings_file.write_text(settings_file.read_text(encoding="utf-8") + "\n\n" + snippet, encoding="utf-8")


def apply_plugin(project_dir: Path, project_name: str) -> None:
    """Step 2's first half on the site that `wagtail start <project_name> <project_dir>` made."""
    _append_settings(project_dir, project_name, PLUGIN_SETTINGS)


def apply_delivery(project_dir: Path, project_name: str) -> None:
    """Step 2's second half and step 3."""
    _append_settings(project_dir, project_name, DELIVERY_SETTINGS)

    urls_file = project_dir / project_name / "urls.py"
    urls = urls_file.read_text(encoding="utf-8")
    if urls.count(WAGTAIL_INCLUDE) != 1:
        raise SystemExit(f"{urls_file}: no single line {WAGTAIL_INCLUDE.strip()!r} to put the include before")
    urls_file.write_text(urls.replace(WAGTAIL_INCLUDE, URLS), encoding="utf-8")
