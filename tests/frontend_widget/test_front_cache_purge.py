"""Every new generation purges the front cache's fixed addresses and the changed reports' addresses.

With a purger configured the API lets shared caches keep answers long (s-maxage) and browsers
briefly; without one it answers as before.
"""

import threading
import time

import pytest
from wagtail.models import PageViewRestriction

from frontend_widget import purge
from tests import factories, purge_backend

pytestmark = pytest.mark.django_db

BASE = "http://localhost"


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "tests.purge_backend.RecordingBackend"}}
    settings.LAGESBILD_LOCAL_CACHE_SECONDS = 0.05
    purge_backend.purged.clear()
    yield purge_backend.purged
    wait_for_purges()


def wait_for_purges():
    for thread in threading.enumerate():
        if thread.name == "lagesbild-purge":
            thread.join(timeout=10)


@pytest.fixture
def two_series(home):
    return (
        factories.make_series(home, title="Lägesbild", slug="lagesbild"),
        factories.make_series(home, title="IT-läget", slug="it-laget"),
    )


def test_a_publish_purges_the_fixed_addresses_and_the_report(purged, two_series, commit):
    with commit():
        report = factories.make_report(series=two_series[0], title="Vecka 22")
    wait_for_purges()
    expected = {
        "/api/lagesbild/latest/",
        "/api/lagesbild/latest/?series=lagesbild",
        "/api/lagesbild/latest/?series=it-laget",
        "/api/lagesbild/",
        "/api/lagesbild/?series=lagesbild",
        "/api/lagesbild/?series=it-laget",
        "/embed/lagesbild/latest/",
        "/embed/lagesbild/latest/?series=lagesbild",
        "/",
        "/lagesbild/",
        "/it-laget/",
        f"/api/lagesbild/{report.pk}/",
        f"/embed/lagesbild/{report.pk}/",
        report.url,
    }
    assert {BASE + path for path in expected} <= set(purged)
    # Twice: at once, and once every worker has seen the new generation.
    assert purged.count(BASE + "/api/lagesbild/latest/") == 2


def test_nothing_is_purged_before_the_commit(purged, series, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        factories.make_report(series=series)
    wait_for_purges()
    assert purged == []


def test_making_a_report_private_purges_its_addresses(purged, make_report, commit):
    report = make_report(title="Vecka 22")
    with commit():
        PageViewRestriction.objects.create(page=report, restriction_type="password", password="x")
    wait_for_purges()
    assert BASE + report.url in purged and f"{BASE}/api/lagesbild/{report.pk}/" in purged


def test_a_shared_snippet_purges_every_report(purged, make_report, commit):
    reports = [make_report(title=f"R{n}", compiled_at=factories.stockholm(2025, 5, 20 + n)) for n in range(3)]
    with commit():
        factories.make_person(name="Ny Person")
    wait_for_purges()
    for report in reports:
        assert f"{BASE}/api/lagesbild/{report.pk}/" in purged


def test_a_moved_report_purges_its_old_address(purged, home, two_series, commit):
    report = factories.make_report(series=two_series[0], title="Flyttas")
    old = report.url
    with commit():
        report.move(two_series[1], pos="last-child")
    wait_for_purges()
    assert BASE + old in purged
    report.refresh_from_db()
    assert BASE + report.url in purged


def test_other_channels_add_their_addresses(purged, series, commit, monkeypatch):
    monkeypatch.setattr(purge, "ADDRESS_PROVIDERS", [*purge.ADDRESS_PROVIDERS, lambda site: ["/feeds/x.xml"]])
    with commit():
        factories.make_report(series=series)
    wait_for_purges()
    assert BASE + "/feeds/x.xml" in purged


def test_a_failing_purge_does_not_undo_the_publish(settings, series, commit, client):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",  # nothing listens
        }
    }
    settings.LAGESBILD_LOCAL_CACHE_SECONDS = 0.05
    with commit():
        factories.make_report(series=series, title="Publicerad ändå")
    wait_for_purges()
    assert client.get("/api/lagesbild/latest/").json()["title"] == "Publicerad ändå"


def test_without_a_purger_nothing_is_recorded(settings, series, commit):
    settings.WAGTAILFRONTENDCACHE = {}
    purge_backend.purged.clear()
    with commit():
        factories.make_report(series=series)
    time.sleep(0.1)
    assert purge_backend.purged == []


def test_the_cache_control_follows_the_purger(tmp_path):
    """Settings come from the environment: read them in a process of its own each way."""
    import subprocess
    import sys

    from tests.conftest import PROJECT_DIR

    code = (
        "from django.conf import settings; from frontend_widget.conf import delivery_settings; "
        "print(delivery_settings.CACHE_CONTROL); "
        "print(sorted(settings.WAGTAILFRONTENDCACHE))"
    )

    def read(**env):
        import os

        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=PROJECT_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings", **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.splitlines()

    without = read(LAGESBILD_PURGE_URLS="")
    assert without == ["public, max-age=60, stale-while-revalidate=600", "[]"]
    with_varnish = read(
        LAGESBILD_PURGE_URLS="http://127.0.0.1:6081,http://10.0.0.2:6081", CLOUDFLARE_ZONEID="z"
    )
    assert with_varnish[0] == "public, max-age=30, s-maxage=86400"
    assert with_varnish[1] == "['cloudflare', 'http0', 'http1']"


def test_the_faq_addresses_are_purged_too(purged, home, series, commit):
    faq = factories.make_faq(home, slug="fragor")
    purged.clear()
    with commit():
        factories.make_report(series=series)
    wait_for_purges()
    for path in ("/api/faq/", f"/api/faq/{faq.pk}/", f"/embed/faq/{faq.pk}/", "/fragor/"):
        assert BASE + path in purged, path


def test_the_feeds_are_purged_too(purged, two_series, commit):
    with commit():
        factories.make_report(series=two_series[0])
    wait_for_purges()
    for slug in ("lagesbild", "it-laget"):
        for kind in ("rss", "atom"):
            assert f"{BASE}/flode/{slug}/{kind}/" in purged
