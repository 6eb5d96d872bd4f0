"""System checks of the delivery: the OpenAPI document it serves (`check --deploy`), and whether this
machine can make the reports' PDFs (every start).

The delivery's OpenAPI document, generated once by `check --deploy`: drf-spectacular's own deploy
check generates a schema of the whole site with the site's settings, so it fails on any Wagtail
site whose other DRF views (Wagtail's admin API among them) do not use drf-spectacular's
AutoSchema: a site that installs the delivery has not chosen drf-spectacular for its own APIs.
This check generates the document the delivery serves (/api/schema/), with its own settings, and
reports what drf-spectacular would. A site that does not describe its own APIs with
drf-spectacular turns the other check off (README, "Install in your Wagtail site").

Ids: frontend_widget.E001, W001, W002 the OpenAPI document; W010 the PDF engine.
"""

from django.core.checks import Error, Tags, Warning, register
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.settings import patched_settings, spectacular_settings

from .api_docs import SCHEMA_SETTINGS, SchemaView
from .pdf import engine


@register(Tags.compatibility, deploy=True)
def delivery_schema_check(app_configs, **kwargs):
    problems = []
    GENERATOR_STATS.reset()
    with patched_settings(SCHEMA_SETTINGS), GENERATOR_STATS.silence():
        try:
            generator = spectacular_settings.DEFAULT_GENERATOR_CLASS(urlconf=SchemaView.urlconf[0])
            generator.get_schema(request=None, public=True)
        except Exception as exc:  # any failure of the generator is the finding
            problems.append(Error(f"The API's OpenAPI document: {exc}", id="frontend_widget.E001"))
    for message in sorted(GENERATOR_STATS._warn_cache):
        problems.append(Warning(f"The API's OpenAPI document: {message}", id="frontend_widget.W001"))
    for message in sorted(GENERATOR_STATS._error_cache):
        problems.append(Warning(f"The API's OpenAPI document: {message}", id="frontend_widget.W002"))
    GENERATOR_STATS.reset()
    return problems


@register()
def pdf_engine(app_configs, **kwargs):
    """A machine that cannot make the reports' PDFs is told so at start (not only at `--deploy`)."""
    reason = engine.unavailable()
    if not reason:
        return []
    return [
        Warning(
            f"The reports' PDFs cannot be made here: {reason}",
            hint="Install Pango, e.g. apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
            "(docs/pdf.md). Every other channel works; the PDF addresses answer 503 until then.",
            id="frontend_widget.W010",
        )
    ]
