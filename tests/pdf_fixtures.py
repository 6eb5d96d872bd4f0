"""Fixtures of the PDF channel (frontend_widget/pdf/), for every test folder.

Registered by tests/conftest.py. The delivery is imported inside the fixtures, and only where it
is installed, so the plugin's own pass (tests/plugin_settings.py) never imports it.
"""

import os

import pytest


@pytest.fixture(autouse=True)
def _pdf_on_publish(request, monkeypatch):
    """A publication renders its PDF (the outbox's "pdf" channel, about a second each) only in the
    tests that ask for `pdf_on_publish` (and in the module-wide worlds set up before this runs, such
    as the leak matrix); elsewhere the channel has no delivery to make, and a PDF a test fetches is
    rendered on demand, as a stale one is."""
    from django.apps import apps

    if "pdf_on_publish" in request.fixturenames or not apps.is_installed("frontend_widget"):
        return
    from frontend_widget.pdf.channel import PdfChannel

    monkeypatch.setattr(PdfChannel, "targets", lambda self, event, page: [])


@pytest.fixture
def pdf_on_publish(require_pdf):
    """Publishing renders and stores the report's PDFs, as on a real site."""


@pytest.fixture
def require_pdf():
    """The PDF tests need Pango (docs/pdf.md): skipped, saying so, where it is missing; with
    REQUIRE_PDF=1 (CI, which installs it) they fail instead."""
    from frontend_widget.pdf import engine

    reason = engine.unavailable()
    if reason:
        message = f"the reports' PDFs cannot be made here ({reason}): apt-get install libpango-1.0-0"
        if os.environ.get("REQUIRE_PDF") == "1" or os.environ.get("CI"):
            pytest.fail(f"{message} (REQUIRE_PDF=1: the PDF tests may not be skipped)")
        pytest.skip(f"skipped: {message}")
