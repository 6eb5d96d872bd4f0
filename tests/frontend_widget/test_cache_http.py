"""The hot path: validators and cache headers, 304 without a body, and no database query when warm."""

import pytest

from frontend_widget import delivery
from tests.factories import bullets

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ENDPOINTS = ["/api/lagesbild/latest/", "/api/lagesbild/", "/api/lagesbild/{id}/"]


@pytest.fixture
def report(make_report):
    return make_report(body=[bullets(html="<ul><li>En punkt<ul><li>Under</li></ul></li></ul>")])


def url(template, report):
    return template.format(id=report.pk)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_answers_carry_a_strong_etag_last_modified_and_cache_control(client, report, endpoint):
    response = client.get(url(endpoint, report))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=600"
    assert response["Last-Modified"].endswith(" GMT")
    # The same answer again: the same validator.
    assert client.get(url(endpoint, report))["ETag"] == etag


def test_cache_control_comes_from_settings(client, report, settings):
    settings.LAGESBILD_CACHE_CONTROL = "public, max-age=5"
    assert client.get("/api/lagesbild/latest/")["Cache-Control"] == "public, max-age=5"


def test_last_modified_is_the_publication_time(client, report):
    from django.utils.http import http_date

    response = client.get(f"/api/lagesbild/{report.pk}/")
    assert response["Last-Modified"] == http_date(report.last_published_at.timestamp())


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_if_none_match_answers_304_without_a_body(client, report, endpoint):
    etag = client.get(url(endpoint, report))["ETag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.get(url(endpoint, report), HTTP_IF_NONE_MATCH=header)
        assert response.status_code == 304, header
        assert response.content == b""
        assert response["ETag"] == etag
        assert response["Cache-Control"]


def test_a_stale_etag_gets_the_new_report(client, report, django_capture_on_commit_callbacks):
    old = client.get("/api/lagesbild/latest/")["ETag"]
    report.title = "Ny titel"
    with django_capture_on_commit_callbacks(execute=True):
        report.save_revision().publish()
    response = client.get("/api/lagesbild/latest/", HTTP_IF_NONE_MATCH=old)
    assert response.status_code == 200
    assert response.json()["title"] == "Ny titel"
    assert response["ETag"] != old


def test_head_sends_the_headers_of_get_without_the_body(client, report):
    get = client.get("/api/lagesbild/latest/")
    head = client.head("/api/lagesbild/latest/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert int(head["Content-Length"]) == len(get.content)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_warm_200_makes_no_database_query(client, report, endpoint, django_assert_num_queries):
    path = url(endpoint, report)
    cold = client.get(path)
    with django_assert_num_queries(0):
        warm = client.get(path)
    assert warm.status_code == 200
    assert warm.content == cold.content


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_304_makes_no_database_query(client, report, endpoint, django_assert_num_queries):
    path = url(endpoint, report)
    etag = client.get(path)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_a_worker_without_its_own_copy_serves_from_the_shared_cache_without_a_query(
    client, report, django_assert_num_queries
):
    """Another worker (or this one after its 1-second copy ended) reads the shared cache only."""
    cold = client.get("/api/lagesbild/latest/")
    delivery.forget_local()
    with django_assert_num_queries(0):
        warm = client.get("/api/lagesbild/latest/")
        not_modified = client.get("/api/lagesbild/latest/", HTTP_IF_NONE_MATCH=cold["ETag"])
    assert warm.content == cold.content
    assert not_modified.status_code == 304


def test_a_worker_copy_lives_no_longer_than_the_setting(client, report, settings, monkeypatch):
    settings.LAGESBILD_LOCAL_CACHE_SECONDS = 1.0
    settings.LAGESBILD_THROTTLE_RATE = "off"  # its counters live in the same cache
    client.get("/api/lagesbild/latest/")
    reads = []
    cache = delivery._cache()
    original = type(cache).get
    monkeypatch.setattr(
        type(cache), "get", lambda self, *a, **k: reads.append(a[0]) or original(self, *a, **k)
    )
    client.get("/api/lagesbild/latest/")
    assert reads == []  # within the second: this worker's own copy
    clock = delivery.time.monotonic() + 1.01
    monkeypatch.setattr(delivery.time, "monotonic", lambda: clock)
    client.get("/api/lagesbild/latest/")
    assert delivery.GENERATION_KEY in reads  # after it: the shared generation is read again


def test_a_cold_cache_is_filled_once(client, report, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        client.get("/api/lagesbild/latest/")


def test_an_unreachable_delivery_cache_means_answers_from_the_database(client, report, monkeypatch):
    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")

            return fail

    monkeypatch.setattr(delivery, "_cache", Down)
    delivery.forget_local()
    for _round in ("first", "again"):
        response = client.get("/api/lagesbild/latest/")
        assert response.status_code == 200
        assert response.json()["id"] == report.pk


def test_a_rebuild_without_a_change_keeps_the_etag(client, report, django_capture_on_commit_callbacks):
    """Another report's publication rebuilds every answer; clients of an unchanged one still get 304."""
    etag = client.get(f"/api/lagesbild/{report.pk}/")["ETag"]
    generation = delivery.generation()
    with django_capture_on_commit_callbacks(execute=True):
        report.get_parent().specific.save_revision().publish()  # the series: a change elsewhere
    assert delivery.generation() != generation
    response = client.get(f"/api/lagesbild/{report.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
