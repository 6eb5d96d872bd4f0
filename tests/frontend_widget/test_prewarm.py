"""The pre-warm (frontend_widget/prewarm.py) changes no answer, only when it is computed.

After a publish, the answers of latest (site and series), the report page and the series page are
the same bytes and headers, in every encoding, whether the first visitor's request made them or
the pre-warm did; with the pre-warm, that first request (in another process) computes nothing.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontend_widget import delivery, page_cache, prewarm
from rapport_blocks.rules import presentation
from tests.factories import stockholm, text

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
ENCODINGS = ("", "gzip", "br")


@pytest.fixture(autouse=True)
def _origin(settings):
    settings.LAGESBILD_PREWARM_ORIGINS = [ORIGIN]


@pytest.fixture
def present_calls(monkeypatch):
    calls = []
    real = presentation.present

    def spy(page, **kwargs):
        calls.append(page.pk)
        return real(page, **kwargs)

    monkeypatch.setattr(delivery, "present", spy)
    return calls


@pytest.fixture
def published(make_report, commit):
    make_report(title="Vecka 21", compiled_at=stockholm(2025, 5, 20))
    with commit():
        report = make_report(
            title="Vecka 22",
            compiled_at=stockholm(2025, 5, 27),
            body=[text(heading="Läget", html='<p>Allt <a href="https://example.se/">fungerar</a>.</p>')],
        )
    return report


def as_another_process():
    """What a gunicorn worker that did not run the pre-warm has: the shared cache only."""
    delivery.forget_local()


def answers(client, report) -> dict:
    """Every pre-warmed address in every encoding: (status, headers, body), and what it computed."""
    got = {}
    for path in prewarm.paths(report):
        for encoding in ENCODINGS:
            headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, **headers)
            got[(path, encoding)] = (
                response.status_code,
                dict(response.items()),
                response.content,
                len(queries),
            )
    return got


def test_the_addresses_are_latest_its_series_the_report_and_its_series_page(published, series):
    assert prewarm.paths(published) == [
        "/api/lagesbild/latest/",
        f"/api/lagesbild/latest/?series={series.slug}",
        published.url,
        series.url,
    ]


def test_the_prewarm_changes_no_answer_only_when_it_is_computed(client, published, present_calls):
    # Without the pre-warm: the first visitor's requests compute the answers.
    as_another_process()
    unwarmed = answers(client, published)
    assert present_calls and all(status == 200 for status, *_ in unwarmed.values())
    first = {key: value for key, value in unwarmed.items() if key[1] == ""}
    assert all(queries > 0 for *_, queries in first.values())

    # The next generation (as a publish starts), pre-warmed in the task's process.
    delivery.invalidate()
    present_calls.clear()
    assert prewarm.warm(ORIGIN, published) == prewarm.paths(published)
    assert present_calls  # the pre-warm presented the report

    # A worker that did not run it: the first visitor's requests compute nothing.
    as_another_process()
    present_calls.clear()
    warmed = answers(client, published)
    assert present_calls == []
    assert all(queries == 0 for *_, queries in warmed.values())
    # And every answer is what it would have been, byte for byte, header for header.
    for key, (status, headers, body, _queries) in unwarmed.items():
        assert warmed[key][:3] == (status, headers, body), key


def test_the_worker_down_changes_nothing_the_first_request_renders(client, published, present_calls):
    delivery.invalidate()  # a publish whose pre-warm never ran
    present_calls.clear()
    response = client.get("/api/lagesbild/latest/")
    assert response.status_code == 200 and response.json()["title"] == "Vecka 22"
    assert present_calls == [published.pk]


def test_a_rendering_of_another_release_is_not_served(client, published, monkeypatch):
    prewarm.warm(ORIGIN, published)
    as_another_process()
    monkeypatch.setattr(page_cache, "release", lambda: "another release")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(published.url)
    assert response.status_code == 200 and len(queries) > 0


def test_an_address_that_fails_is_reported_for_a_retry(published, settings):
    settings.ALLOWED_HOSTS = ["elsewhere.example"]
    with pytest.raises(prewarm.PrewarmFailed, match="400"):
        prewarm.warm(ORIGIN, published)


def test_the_origins_default_to_the_sites_root_urls(published, settings):
    settings.LAGESBILD_PREWARM_ORIGINS = []
    from wagtail.models import Site

    assert prewarm.origins() == sorted({site.root_url for site in Site.objects.all()})
    settings.LAGESBILD_PREWARM_ORIGINS = ["https://lagesbild.example.se/"]
    assert prewarm.origins() == ["https://lagesbild.example.se"]
