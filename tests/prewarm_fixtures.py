"""Fixtures of the pre-warm channel (frontend_widget/prewarm/), for every test folder.

Registered by tests/conftest.py. The delivery is imported inside the fixture, and only where it is
installed, so the plugin's own pass (tests/plugin_settings.py) never imports it.
"""

import pytest


@pytest.fixture(autouse=True)
def _no_prewarm(settings):
    """A publish in a test pre-warms nothing, so a test's first request is the first one (its queries,
    its rendering). The pre-warm's own tests put it back (tests/frontend_widget/test_prewarm*.py)."""
    from django.apps import apps

    if apps.is_installed("frontend_widget"):
        from frontend_widget.conf import DEFAULTS

        settings.LAGESBILD_CHANNELS = [path for path in DEFAULTS["CHANNELS"] if ".prewarm." not in path]
