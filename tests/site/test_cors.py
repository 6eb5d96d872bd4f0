"""Cross-origin reading of the API: exact origins from LAGESBILD_CORS_ORIGINS, read-only, no credentials."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_DIR

pytestmark = pytest.mark.django_db

INTRANET = "https://intranat.example.se"
ACAO = "Access-Control-Allow-Origin"


@pytest.fixture
def report(make_report):
    return make_report()


@pytest.fixture
def cors(settings):
    settings.CORS_ALLOWED_ORIGINS = [INTRANET]


def preflight(client, origin, method="GET", headers="if-none-match"):
    return client.options(
        "/api/lagesbild/latest/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


def test_an_allowed_origin_gets_the_header(client, report, cors):
    response = client.get("/api/lagesbild/latest/", HTTP_ORIGIN=INTRANET)
    assert response.status_code == 200
    assert response[ACAO] == INTRANET
    assert "Access-Control-Allow-Credentials" not in response
    assert "origin" in response["Vary"].lower()
    # The widget reads the validators of the answer it got.
    exposed = response["Access-Control-Expose-Headers"].lower()
    assert "etag" in exposed and "last-modified" in exposed


@pytest.mark.parametrize("path", ["/api/lagesbild/", "/api/lagesbild/{id}/", "/api/schema/"])
def test_every_api_path_allows_the_origin(client, report, cors, path):
    response = client.get(path.format(id=report.pk), HTTP_ORIGIN=INTRANET)
    assert response[ACAO] == INTRANET


def test_a_304_carries_the_header_too(client, report, cors):
    etag = client.get("/api/lagesbild/latest/", HTTP_ORIGIN=INTRANET)["ETag"]
    response = client.get("/api/lagesbild/latest/", HTTP_ORIGIN=INTRANET, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response[ACAO] == INTRANET


@pytest.mark.parametrize(
    "origin",
    [
        "https://annan.example.se",
        "http://intranat.example.se",  # another scheme is another origin
        "https://intranat.example.se:8443",
        "https://intranat.example.se.evil.example",
        "null",
    ],
)
def test_another_origin_gets_no_header(client, report, cors, origin):
    assert ACAO not in client.get("/api/lagesbild/latest/", HTTP_ORIGIN=origin)
    assert ACAO not in preflight(client, origin)


def test_preflight_allows_reading_with_if_none_match_and_nothing_else(client, cors):
    response = preflight(client, INTRANET)
    assert response.status_code == 200
    assert response[ACAO] == INTRANET
    assert set(response["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    assert "if-none-match" in response["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in response


def test_credentials_are_never_allowed(client, report, cors):
    response = client.get("/api/lagesbild/latest/", HTTP_ORIGIN=INTRANET, HTTP_COOKIE="sessionid=abc")
    assert "Access-Control-Allow-Credentials" not in response
    assert response[ACAO] != "*"


def test_writing_methods_stay_405_for_an_allowed_origin(client, report, cors):
    response = client.post("/api/lagesbild/latest/", HTTP_ORIGIN=INTRANET)
    assert response.status_code == 405


def test_pages_outside_the_api_get_no_cors_header(client, report, cors):
    response = client.get(report.url, HTTP_ORIGIN=INTRANET)
    assert response.status_code == 200
    assert ACAO not in response


def test_with_the_variable_unset_no_origin_is_allowed(client, report, settings):
    settings.CORS_ALLOWED_ORIGINS = []
    assert ACAO not in client.get("/api/lagesbild/latest/", HTTP_ORIGIN=INTRANET)


def settings_from_env(value: str | None) -> dict:
    """cms.settings as a fresh process reads it with LAGESBILD_CORS_ORIGINS set to `value`."""
    env = {key: val for key, val in os.environ.items() if key != "LAGESBILD_CORS_ORIGINS"}
    if value is not None:
        env["LAGESBILD_CORS_ORIGINS"] = value
    code = (
        "import json, cms.settings as s; print(json.dumps({'origins': s.CORS_ALLOWED_ORIGINS, "
        "'credentials': s.CORS_ALLOW_CREDENTIALS, 'all': getattr(s, 'CORS_ALLOW_ALL_ORIGINS', False), "
        "'regex': s.CORS_URLS_REGEX, 'methods': s.CORS_ALLOW_METHODS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_origins_come_from_the_environment_exactly():
    read = settings_from_env(f" {INTRANET}/ ,https://b.example.se,null")
    assert read["origins"] == [INTRANET, "https://b.example.se"]  # trimmed; "null" is dropped
    assert read["credentials"] is False and read["all"] is False
    assert read["methods"] == ["GET", "HEAD", "OPTIONS"]
    assert settings_from_env(None)["origins"] == []
