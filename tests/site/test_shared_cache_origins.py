"""A real RFC 9111 shared cache (hishel on httpx) never gives one origin another origin's CORS header.

Before the origin was part of the ETag, A -> B -> A through such a cache went wrong: B's
revalidation got a 304 carrying A's ETag, the cache updated A's stored headers from it, and A's
next request was served from the store with `Access-Control-Allow-Origin: B`, which the browser
refuses. Here the app runs behind hishel's cache transport, in-process over WSGI.
"""

import hishel
import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from hishel.httpx import CacheTransport

pytestmark = pytest.mark.django_db

A = "https://intranat-a.example.se"
B = "https://intranat-b.example.se"


@pytest.fixture
def shared_cache(settings, tmp_path):
    settings.CORS_ALLOWED_ORIGINS = [A, B]
    settings.LAGESBILD_THROTTLE_RATE = "off"
    storage = hishel.SqliteStorage(database_path=str(tmp_path / "shared-cache.sqlite"))
    transport = CacheTransport(httpx.WSGITransport(app=WSGIHandler()), storage=storage, rfc=True)
    with httpx.Client(transport=transport, base_url="http://127.0.0.1") as client:
        yield client


@pytest.mark.parametrize("accept_encoding", ["gzip, br", "identity"])
@pytest.mark.parametrize("path", ["/api/lagesbild/latest/", "/api/lagesbild/"])
def test_a_then_b_then_a_each_get_their_own_origin(shared_cache, make_report, path, accept_encoding):
    make_report(title="Vecka 22")
    answers = []
    for origin in (A, B, A, B):
        response = shared_cache.get(path, headers={"Origin": origin, "Accept-Encoding": accept_encoding})
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == origin
        answers.append(response)
    assert "Vecka 22" in answers[0].text and answers[1].json() == answers[0].json()
    assert answers[0].headers["etag"] != answers[1].headers["etag"]
    # The cache did its job: the second round came from its store, not from the app.
    assert answers[2].extensions["caching"]["from_cache"]
    assert answers[3].extensions["caching"]["from_cache"]
