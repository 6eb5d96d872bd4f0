"""Anonymous throttling: generous, configurable, and a clear 429 with Retry-After when exceeded."""

import pytest

from frontend_widget.conf import delivery_settings
from frontend_widget.throttling import parse_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(make_report):
    return make_report()


def test_over_the_rate_a_client_gets_429_with_retry_after(client, report, settings):
    settings.LAGESBILD_THROTTLE_RATE = "3/minute"
    etag = client.get("/api/lagesbild/latest/")["ETag"]
    assert client.get("/api/lagesbild/").status_code == 200
    assert client.get("/api/lagesbild/latest/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    response = client.get("/api/lagesbild/latest/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json() == {
        "detail": f"För många anrop. Försök igen om {response['Retry-After']} sekunder."
    }


def test_an_error_counts_once(client, report, settings):
    settings.LAGESBILD_THROTTLE_RATE = "2/minute"
    assert client.get("/api/lagesbild/latest/?series=finns-inte").status_code == 404
    assert client.get("/api/lagesbild/latest/").status_code == 200
    assert client.get("/api/lagesbild/latest/").status_code == 429


def test_clients_are_counted_apart(client, report, settings):
    settings.LAGESBILD_THROTTLE_RATE = "1/minute"
    assert client.get("/api/lagesbild/latest/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get("/api/lagesbild/latest/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/api/lagesbild/latest/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_forged_x_forwarded_for_does_not_escape_the_count(client, report, settings):
    settings.LAGESBILD_THROTTLE_RATE = "1/minute"
    assert client.get("/api/lagesbild/latest/", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 200
    assert client.get("/api/lagesbild/latest/", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 429


def test_counters_can_live_in_a_shared_cache(client, report, settings):
    settings.LAGESBILD_THROTTLE_CACHE = "default"
    settings.LAGESBILD_THROTTLE_RATE = "1/minute"
    assert client.get("/api/lagesbild/latest/").status_code == 200
    assert client.get("/api/lagesbild/latest/").status_code == 429


def test_the_default_rate_is_generous(client, report, settings):
    limit, period = parse_rate(delivery_settings.THROTTLE_RATE)
    assert limit / period >= 50
    for _ in range(60):
        assert client.get("/api/lagesbild/latest/").status_code == 200


def test_throttling_can_be_turned_off(client, report, settings):
    settings.LAGESBILD_THROTTLE_RATE = "off"
    for _ in range(5):
        assert client.get("/api/lagesbild/latest/").status_code == 200


@pytest.mark.parametrize(
    "rate, parsed",
    [
        ("6000/minute", (6000, 60)),
        ("10/s", (10, 1)),
        ("100/hour", (100, 3600)),
        ("5/day", (5, 86400)),
        ("off", None),
        ("", None),
    ],
)
def test_rates_read_like_drfs(rate, parsed):
    assert parse_rate(rate) == parsed
