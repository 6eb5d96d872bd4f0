"""System checks of the delivery: a machine that cannot make the reports' PDFs is told so at start."""

from django.core.checks import Warning, register

from .pdf import engine


@register()
def pdf_engine(app_configs, **kwargs):
    reason = engine.unavailable()
    if not reason:
        return []
    return [
        Warning(
            f"The reports' PDFs cannot be made here: {reason}",
            hint="Install Pango, e.g. apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
            "(docs/pdf.md). Every other channel works; the PDF addresses answer 503 until then.",
            id="frontend_widget.W001",
        )
    ]
