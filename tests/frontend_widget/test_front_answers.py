"""Kept answers (front_answers): the stack's own answer again, without the stack, while it holds."""

import datetime

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from frontend_widget import api, front_answers

pytestmark = pytest.mark.django_db

LATEST = "/api/lagesbild/latest/"
INTRANET = "https://intranet.example.se"


@pytest.fixture
def report(make_report):
    return make_report()


@pytest.fixture
def lookups(monkeypatch):
    """How many requests reached a delivery view's lookup, that is, went down the whole stack."""
    calls = []
    for view in (api.LatestReportView, api.ReportView, api.ReportListView):
        original = view.lookup
        monkeypatch.setattr(
            view,
            "lookup",
            lambda self, request, _original=original, **kw: (
                calls.append(request.path) or _original(self, request, **kw)
            ),
        )
    return calls


def without_front_answers(settings):
    """A client whose stack has no FrontAnswerMiddleware: what the stack itself answers."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith("FrontAnswerMiddleware")]
    return Client()


def answer(response) -> tuple:
    return response.status_code, sorted(response.items()), response.content


VARIANTS = {
    "plain": {},
    "gzip": {"HTTP_ACCEPT_ENCODING": "gzip"},
    "brotli": {"HTTP_ACCEPT_ENCODING": "br, gzip"},
    "an allowed origin": {"HTTP_ORIGIN": INTRANET},
    "https behind the proxy": {"HTTP_X_FORWARDED_PROTO": "https"},
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("endpoint", [LATEST, "/api/lagesbild/{id}/"])  # the list: the same path
def test_a_kept_answer_is_the_stacks_answer_byte_for_byte(
    client, report, settings, lookups, variant, method, endpoint
):
    settings.CORS_ALLOWED_ORIGINS = [INTRANET]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    path = endpoint.format(id=report.pk)
    headers = VARIANTS[variant]
    first = getattr(client, method)(path, **headers)
    kept = getattr(client, method)(path, **headers)
    again = getattr(client, method)(path, **headers)
    assert first.status_code == 200
    assert lookups == [path], "the second and third answers came from the kept answer"
    assert answer(kept) == answer(first) == answer(again)
    stack = getattr(without_front_answers(settings), method)(path, **headers)
    assert answer(stack) == answer(kept)


def test_what_differs_by_origin_scheme_or_encoding_is_kept_apart(client, report, settings):
    """Each kept answer is only ever its own key's: no origin gets another's CORS header."""
    settings.CORS_ALLOWED_ORIGINS = [INTRANET]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    for _ in range(2):
        intranet = client.get(LATEST, HTTP_ORIGIN=INTRANET)
        assert intranet["Access-Control-Allow-Origin"] == INTRANET
        for origin in ("", "https://elsewhere.example"):
            assert "Access-Control-Allow-Origin" not in client.get(LATEST, HTTP_ORIGIN=origin)
        assert "Strict-Transport-Security" in client.get(LATEST, HTTP_X_FORWARDED_PROTO="https")
        assert "Strict-Transport-Security" not in client.get(LATEST)
        assert client.get(LATEST, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
        assert "Content-Encoding" not in client.get(LATEST)


@pytest.mark.parametrize("variant", ["plain", "gzip", "an allowed origin"])
def test_a_kept_304_is_the_stacks_304(client, report, settings, lookups, variant):
    settings.CORS_ALLOWED_ORIGINS = [INTRANET]
    headers = VARIANTS[variant]
    etag = client.get(LATEST, **headers)["ETag"]
    first = client.get(LATEST, HTTP_IF_NONE_MATCH=etag, **headers)
    for tag in (etag, f"W/{etag}", f'"other", {etag}'):
        kept = client.get(LATEST, HTTP_IF_NONE_MATCH=tag, **headers)
        assert answer(kept) == answer(first), tag
    assert first.status_code == 304 and first.content == b""
    assert len(lookups) == 2, "the 200 and the first 304 went down the stack, no other"
    stack = without_front_answers(settings).get(LATEST, HTTP_IF_NONE_MATCH=etag, **headers)
    assert answer(stack) == answer(first)


def test_a_tag_the_kept_copy_does_not_carry_is_compared_by_the_stack(client, report, lookups):
    """Another encoding's or an unknown tag: the stack answers, with its own comparison."""
    plain = client.get(LATEST)["ETag"]
    client.get(LATEST, HTTP_ACCEPT_ENCODING="gzip")
    response = client.get(LATEST, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH='"not-this-one"')
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"] != plain
    assert len(lookups) == 3


def test_a_publish_ends_every_kept_answer(client, report, lookups, django_capture_on_commit_callbacks):
    old = client.get(LATEST)
    assert client.get(LATEST, HTTP_IF_NONE_MATCH=old["ETag"]).status_code == 304
    report.title = "Ny lägesbild"
    with django_capture_on_commit_callbacks(execute=True):
        report.save_revision().publish()
    fresh = client.get(LATEST)
    assert fresh.json()["title"] == "Ny lägesbild"
    assert fresh["ETag"] != old["ETag"]
    stale = client.get(LATEST, HTTP_IF_NONE_MATCH=old["ETag"])
    assert stale.status_code == 200 and stale.json()["title"] == "Ny lägesbild"


def test_an_unpublished_report_is_not_served_from_a_kept_answer(
    client, report, django_capture_on_commit_callbacks
):
    assert client.get(LATEST).status_code == 200
    assert client.get(f"/api/lagesbild/{report.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        report.unpublish()
    assert client.get(LATEST).status_code == 404
    assert client.get(f"/api/lagesbild/{report.pk}/").status_code == 404


def test_a_kept_answer_ends_at_its_reports_expiry(make_report, client, lookups, monkeypatch):
    expire_at = timezone.now() + datetime.timedelta(hours=1)
    make_report(expire_at=expire_at)
    client.get(LATEST)
    client.get(LATEST)
    assert len(lookups) == 1
    later = expire_at.timestamp() + 1
    monkeypatch.setattr(front_answers, "time", type("Clock", (), {"time": staticmethod(lambda: later)}))
    client.get(LATEST)
    assert len(lookups) == 2, "past the expiry, the stack answers again"


def test_a_changed_setting_is_in_the_next_answer(client, report, settings):
    assert client.get(LATEST)["Cache-Control"] == "public, max-age=60, stale-while-revalidate=600"
    settings.LAGESBILD_CACHE_CONTROL = "public, max-age=5"
    settings.CORS_ALLOWED_ORIGINS = [INTRANET]
    response = client.get(LATEST, HTTP_ORIGIN=INTRANET)
    assert response["Cache-Control"] == "public, max-age=5"
    assert response["Access-Control-Allow-Origin"] == INTRANET


def test_kept_answers_are_throttled_and_counted_once(client, report, settings, lookups):
    settings.LAGESBILD_THROTTLE_RATE = "3/minute"
    etag = client.get(LATEST)["ETag"]
    assert client.get(LATEST).status_code == 200
    assert client.get(LATEST, HTTP_IF_NONE_MATCH=etag).status_code == 304
    refused = client.get(LATEST)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("För många anrop.")
    assert client.get(LATEST, REMOTE_ADDR="10.0.0.9").status_code == 200, "another client is counted apart"


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_COOKIE": "sessionid=abc"}, {"HTTP_AUTHORIZATION": "Bearer x"}],
    ids=["cookie", "authorization"],
)
def test_a_request_with_credentials_always_goes_down_the_stack(client, report, lookups, headers):
    client.get(LATEST)
    client.get(LATEST, **headers)
    client.get(LATEST, **headers)
    assert len(lookups) == 3


def test_errors_and_other_views_are_never_kept(client, report, lookups):
    rounds = []
    for _ in range(2):
        assert client.get(LATEST + "?series=finns-inte").status_code == 404
        assert client.get("/api/lagesbild/999999/").status_code == 404
        assert client.get("/api/bench/constant/").status_code == 404  # not mounted outside the bench
        rounds.append(len(lookups))
    assert rounds[1] == 2 * rounds[0] > 0, "the second round went down the stack as the first"
    assert front_answers._store["paths"] == frozenset()


def _response(status=200, **headers):
    response = HttpResponse(b"{}", status=status, content_type="application/json")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@pytest.mark.parametrize(
    "response, storable",
    [
        (_response(), True),
        (_response(Vary="origin, Accept-Encoding"), True),
        (_response(304), True),
        (_response(Vary="Accept-Encoding, Cookie"), False),
        (_response(Vary="Accept-Language"), False),
        (_response(429), False),
        (_response(500), False),
    ],
)
def test_only_answers_that_vary_by_what_the_key_holds_are_kept(response, storable):
    assert front_answers._storable(response) is storable


def test_an_answer_that_sets_a_cookie_is_not_kept():
    response = _response()
    response.set_cookie("sessionid", "abc")
    assert front_answers._storable(response) is False
