"""The pre-warm (frontend_widget/prewarm/) changes no answer, only when it is computed.

After a publish, the answers of latest (site and series), the report page and the series page are
the same bytes and headers, in every encoding, whether the first visitor's request made them or
the pre-warm did; with the pre-warm, that first request (in another process) computes nothing.
A publish runs it through the outbox (its channel, first); with the worker down nothing is warmed
and the first request renders; and a pre-warmed page is never what an editor, a restricted page's
visitor, or anyone after the page is hidden gets.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from frontend_widget import delivery, page_cache
from frontend_widget.conf import DEFAULTS
from frontend_widget.prewarm import warming as prewarm
from frontend_widget.prewarm.channel import PrewarmChannel
from rapport_blocks.models import OutboxDelivery
from tests.factories import stockholm, text

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
ENCODINGS = ("", "gzip", "br")


@pytest.fixture(autouse=True)
def _origin(settings):
    settings.LAGESBILD_PREWARM_ORIGINS = [ORIGIN]


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
    delivery.invalidate()
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


def test_an_address_that_fails_is_reported_with_its_status(published, settings):
    settings.ALLOWED_HOSTS = ["elsewhere.example"]
    with pytest.raises(prewarm.PrewarmFailed, match="400") as failure:
        prewarm.warm(ORIGIN, published)
    assert set(failure.value.statuses) == {400}


def test_the_origins_default_to_the_sites_root_urls(published, settings):
    settings.LAGESBILD_PREWARM_ORIGINS = []
    from wagtail.models import Site

    assert prewarm.origins() == sorted({site.root_url for site in Site.objects.all()})
    settings.LAGESBILD_PREWARM_ORIGINS = ["https://lagesbild.example.se/"]
    assert prewarm.origins() == ["https://lagesbild.example.se"]


# Through the outbox: a publish pre-warms, first of the site's channels.


@pytest.fixture
def with_prewarm(settings):
    """The site's channels as shipped, the pre-warm first (the tests' conftest leaves it out)."""
    settings.LAGESBILD_CHANNELS = list(DEFAULTS["CHANNELS"])
    assert settings.LAGESBILD_CHANNELS[0] == "frontend_widget.prewarm.channel.PrewarmChannel"


def publish(make_report, commit, **kwargs):
    with commit():
        return make_report(title="Vecka 23", compiled_at=stockholm(2025, 6, 3), **kwargs)


def test_a_publish_prewarms_once_per_origin_before_the_first_visitor(
    client, make_report, commit, with_prewarm, present_calls
):
    report = publish(make_report, commit)
    rows = OutboxDelivery.objects.filter(channel=PrewarmChannel.name)
    assert list(rows.values_list("target", "status")) == [(ORIGIN, OutboxDelivery.SENT)]
    # Another process's first visitor gets every answer warm, and the new report in it.
    as_another_process()
    present_calls.clear()
    warmed = answers(client, report)
    assert present_calls == []
    assert all(queries == 0 for *_, queries in warmed.values())
    assert client.get("/api/lagesbild/latest/").json()["title"] == "Vecka 23"


def test_a_publish_with_the_worker_down_renders_on_the_first_request(
    client, make_report, commit, with_prewarm, settings, present_calls
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # nothing runs
    report = publish(make_report, commit)
    rows = OutboxDelivery.objects.filter(channel=PrewarmChannel.name)
    assert list(rows.values_list("status", flat=True)) == [OutboxDelivery.PENDING]
    as_another_process()
    present_calls.clear()
    response = client.get(report.url)
    assert response.status_code == 200 and "Vecka 23" in response.content.decode()
    assert present_calls == [report.pk]


def test_a_prewarmed_page_is_never_served_to_an_editor(client, admin_client, published):
    delivery.invalidate()
    prewarm.warm(ORIGIN, published)
    as_another_process()
    with CaptureQueriesContext(connection) as queries:
        editor = admin_client.get(published.url)
    assert editor.status_code == 200 and len(queries) > 0
    assert b"wagtail-userbar" in editor.content
    assert b"wagtail-userbar" not in client.get(published.url).content


def test_a_restricted_report_is_not_prewarmed_and_its_visitor_gets_the_login(
    client, make_report, commit, with_prewarm, series
):
    make_report(title="Vecka 22", compiled_at=stockholm(2025, 5, 27))
    with commit():
        report = make_report(title="Vecka 23", compiled_at=stockholm(2025, 6, 3), publish=False)
        PageViewRestriction.objects.create(
            page=report, restriction_type=PageViewRestriction.PASSWORD, password="x-lösen-123"
        )
    with commit():
        report.save_revision().publish()
    # Latest is warmed (it shows the report before), the restricted page is not asked for.
    assert report.url not in prewarm.paths(report)
    sent = OutboxDelivery.objects.filter(channel=PrewarmChannel.name, event__page_id=report.pk)
    assert list(sent.values_list("status", flat=True)) == [OutboxDelivery.SENT]
    as_another_process()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(report.url)
    assert len(queries) > 0 and "Vecka 23" not in response.content.decode()
    assert client.get("/api/lagesbild/latest/").json()["title"] == "Vecka 22"


def test_latest_without_a_public_report_is_no_failure(published, series, commit):
    with commit():
        for page in type(published).objects.all():
            page.unpublish()
    assert prewarm.warm(ORIGIN, published) == [series.url]


def test_a_prewarmed_page_is_gone_once_the_report_is_hidden(client, published, series, commit):
    delivery.invalidate()
    prewarm.warm(ORIGIN, published)
    as_another_process()
    assert client.get(published.url).status_code == 200
    with commit():
        PageViewRestriction.objects.create(
            page=series, restriction_type=PageViewRestriction.PASSWORD, password="x-lösen-123"
        )
    as_another_process()
    response = client.get(published.url)
    assert "Allt" not in response.content.decode() and "Vecka 22" not in response.content.decode()
    with commit():
        PageViewRestriction.objects.filter(page=series).delete()
    assert client.get(published.url).status_code == 200
    with commit():
        published.unpublish()
    as_another_process()
    assert client.get(published.url).status_code == 404


def test_an_origin_the_site_refuses_fails_for_good_saying_so(make_report, commit, with_prewarm, settings):
    settings.ALLOWED_HOSTS = ["elsewhere.example"]
    settings.LAGESBILD_PREWARM_ORIGINS = ["http://elsewhere.example", ORIGIN]
    report = publish(make_report, commit)
    rows = {
        row.target: row for row in OutboxDelivery.objects.filter(event__page_id=report.pk, channel="prewarm")
    }
    refused = rows[ORIGIN]
    assert refused.status == OutboxDelivery.FAILED and refused.next_attempt_at is None
    assert "/api/lagesbild/latest/ (400)" in refused.last_error
    assert rows["http://elsewhere.example"].status == OutboxDelivery.SENT


def test_a_server_error_is_retried_later(make_report, commit, with_prewarm, monkeypatch):
    monkeypatch.setattr(prewarm, "get", lambda origin, path: 503)
    report = publish(make_report, commit)
    row = OutboxDelivery.objects.get(event__page_id=report.pk, channel="prewarm")
    assert row.status == OutboxDelivery.FAILED and row.next_attempt_at is not None
    assert "(503)" in row.last_error
