"""A lost Redis: the site keeps answering from the database, logs the outage once, and serves nothing
stale when Redis comes back.

The first test needs no Redis at all: nothing listens on the port. The second runs a private
`redis-server` (Debian's package; CI installs it) that keeps its data on disk, crashes it, changes a
report meanwhile, and starts it again with the entries it held before the change.
"""

import logging
import os
import shutil
import socket
import subprocess
import time

import pytest
import redis

from frontend_widget import delivery
from tests.factories import stockholm
from tests.site.fault_figures import tally

pytestmark = pytest.mark.django_db

BACKEND = "frontend_widget.redis_cache.FailSoftRedisCache"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache_at(settings, port: int) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": BACKEND,
            "LOCATION": f"redis://:geheim@127.0.0.1:{port}/0",
            "KEY_PREFIX": "utfall",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    settings.LAGESBILD_THROTTLE_CACHE = "default"
    delivery.forget_local()


def outage_records(caplog) -> list:
    return [record for record in caplog.records if record.name == "frontend_widget.redis_cache"]


def test_without_redis_every_output_answers_and_the_outage_is_logged_once(
    client, settings, make_report, faq, caplog, request
):
    figures = tally(request, "Redis unreachable while the site serves")
    figures.injected()
    report = make_report(title="Rapport utan Redis", compiled_at=stockholm(2025, 5, 27))
    redis_cache_at(settings, free_port())  # nothing listens there
    settings.LAGESBILD_THROTTLE_RATE = "3/minute"
    caplog.set_level(logging.WARNING)

    # The pages, the widget's data (the API it reads), the iframe embed and oEmbed, the FAQ's too.
    # (The widget's script is a static file that WhiteNoise serves without the cache.)
    addresses = ["/", report.url, report.get_parent().url, "/api/lagesbild/latest/"]
    addresses += [f"/api/lagesbild/{report.pk}/", "/api/lagesbild/", "/embed/lagesbild/latest/"]
    addresses += [f"/api/oembed/?url={report.full_url}", f"/embed/lagesbild/{report.pk}/"]
    for _round in range(2):
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address  # throttling fails open: no 429 either
            assert "Rapport utan Redis" in response.content.decode(), address
        for address in (faq.url, f"/api/faq/{faq.pk}/", "/api/faq/", f"/embed/faq/{faq.pk}/"):
            response = client.get(address)
            assert response.status_code == 200, address
            assert "Frågor och svar om pausen" in response.content.decode(), address

    errors = outage_records(caplog)
    assert [record.levelname for record in errors] == ["ERROR"]  # once, not per request
    assert "geheim" not in errors[0].getMessage()  # no password in the log
    figures.survived()


class PrivateRedis:
    """A redis-server of the test's own that writes every change to disk, so a restart keeps them."""

    def __init__(self, binary, folder):
        self.binary, self.folder, self.port = binary, folder, free_port()
        self.process = None

    def start(self):
        arguments = ["--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.folder)]
        arguments += ["--save", "", "--appendonly", "yes", "--appendfsync", "always"]
        self.process = subprocess.Popen(
            [self.binary, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        probe = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        for _ in range(100):
            try:
                probe.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        pytest.fail("the private redis-server did not start")

    def crash(self):
        self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but redis-server is not installed")
        pytest.skip("skipped: redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis(binary, tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.process.terminate()
        server.process.wait(timeout=10)


def test_a_change_during_an_outage_shows_after_redis_comes_back(
    client, settings, make_report, commit, private_redis, caplog, request
):
    figures = tally(request, "Redis crashed while the site serves, then restarted with old entries")
    make_report(title="Äldre rapport", compiled_at=stockholm(2025, 5, 20))
    newer = make_report(title="Nyare rapport", compiled_at=stockholm(2025, 5, 27))
    redis_cache_at(settings, private_redis.port)
    caplog.set_level(logging.WARNING)
    assert client.get("/api/lagesbild/latest/").json()["title"] == "Nyare rapport"  # cached in Redis

    private_redis.crash()
    figures.injected()
    with commit():
        newer.unpublish()  # its new generation can't reach Redis
    delivery.forget_local()
    assert client.get("/api/lagesbild/latest/").json()["title"] == "Äldre rapport"  # from the database
    assert client.get(newer.url).status_code == 404

    # Redis is back with what it held before the change: the old generation and its entries.
    private_redis.start()
    delivery.forget_local()
    for _round in ("first request after the outage", "warm"):
        response = client.get("/api/lagesbild/latest/")
        assert response.status_code == 200
        assert response.json()["title"] == "Äldre rapport"
    assert [record.levelname for record in outage_records(caplog)] == ["ERROR", "WARNING"]
    figures.survived()
