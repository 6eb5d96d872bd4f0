"""`GET /healthz` tells a load balancer whether this instance reaches its database and its cache."""

import socket
from importlib import metadata
from unittest import mock

import pytest
from django.db import OperationalError

import rapport_blocks

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A port nothing listens on: a stopped Redis."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthy_instance_answers_200_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "version": rapport_blocks.__version__,
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200


def test_a_stopped_cache_answers_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "version": rapport_blocks.__version__,
        "checks": {"database": "ok", "cache": "unavailable"},
    }
    assert "no-store" in response["Cache-Control"]
    assert "127.0.0.1" not in response.content.decode()


def test_an_unreachable_database_answers_503_without_its_secrets(client, settings):
    error = OperationalError('connection to server at "db.internal" failed: password authentication failed')
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=error):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unavailable", "cache": "ok"}
    body = response.content.decode()
    assert "db.internal" not in body and "password" not in body and settings.SECRET_KEY not in body


def test_never_throttled(client, settings):
    settings.LAGESBILD_THROTTLE_RATE = "2/minute"
    assert [client.get("/healthz").status_code for _ in range(5)] == [200] * 5
    assert client.get("/api/lagesbild/latest/").status_code != 429  # the API's own counter is untouched


def test_only_reads(client):
    assert client.post("/healthz").status_code == 405


def test_names_the_version_the_package_declares(client):
    """The one version: the installed distribution's metadata says what rapport_blocks says."""
    assert (
        client.get("/healthz").json()["version"]
        == metadata.version("lagesbild")
        == rapport_blocks.__version__
    )
