"""Production's shared cache, Redis (REDIS_URL), works: settings, cached reports and throttle counters.

These tests need a Redis server: LAGESBILD_TEST_REDIS_URL=redis://127.0.0.1:6379/15 names one (a
database that may hold other keys: each test writes and deletes only keys under a prefix of its
own). Without it they are skipped, saying so; with REQUIRE_REDIS=1 (CI) they fail instead.
"""

import json
import os
import subprocess
import sys
import time
import uuid

import pytest
import redis

from frontend_widget import delivery
from tests.conftest import PROJECT_DIR
from tests.factories import stockholm

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("LAGESBILD_TEST_REDIS_URL", "").strip()
REDIS_CACHE = "frontend_widget.redis_cache.FailSoftRedisCache"


def unavailable(reason: str):
    if os.environ.get("REQUIRE_REDIS") == "1":
        pytest.fail(f"REQUIRE_REDIS=1 but {reason}")
    pytest.skip(f"skipped: {reason}")


@pytest.fixture(scope="module")
def redis_url() -> str:
    if not REDIS_URL:
        unavailable("no LAGESBILD_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) names a Redis server")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        unavailable(f"no Redis server answers at {REDIS_URL}: {error}")
    return REDIS_URL


@pytest.fixture
def raw_redis(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def redis_prefix(settings, redis_url, raw_redis):
    """The default cache on Redis, under a prefix only this test uses; its keys are deleted after."""
    prefix = f"lagesbild-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": redis_url, "KEY_PREFIX": prefix}}
    yield prefix
    keys = list(raw_redis.scan_iter(match=f"{prefix}:*"))
    if keys:
        raw_redis.delete(*keys)


def run_python(code: str, *args: str, env: dict) -> str:
    """`code` in a process of its own, with cms.settings read from `env` as in production."""
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings", "PYTHONPATH": str(PROJECT_DIR)}
    environ.pop("LAGESBILD_THROTTLE_CACHE", None)
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=PROJECT_DIR,
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


SETTINGS_AND_A_WRITE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from frontend_widget.conf import delivery_settings
cache.set(sys.argv[1], "written by another process", 60)
print(json.dumps({"caches": settings.CACHES, "throttle": delivery_settings.THROTTLE_CACHE}))
"""


def test_redis_url_gives_a_redis_cache_for_reports_and_throttle_counters(redis_url, raw_redis):
    key = f"test-{uuid.uuid4().hex}"
    try:
        out = run_python(SETTINGS_AND_A_WRITE, key, env={"REDIS_URL": redis_url})
        # What cms.settings wrote is in the server, under the settings' prefix and cache version 1.
        assert raw_redis.exists(f"lagesbild:1:{key}")
    finally:
        raw_redis.delete(f"lagesbild:1:{key}")
    configured = json.loads(out)
    assert configured["caches"]["default"]["BACKEND"] == REDIS_CACHE
    assert configured["caches"]["default"]["LOCATION"] == redis_url
    assert configured["throttle"] == "default"


# What a publishing process does once its transaction commits (frontend_widget.invalidation),
# against the same Redis server and prefix as the test.
INVALIDATE_ELSEWHERE = """
import sys
import django
django.setup()
from django.conf import settings
settings.CACHES["default"]["KEY_PREFIX"] = sys.argv[1]
from frontend_widget import delivery
delivery.invalidate()
"""


def invalidate_in_another_process(redis_url, prefix):
    run_python(INVALIDATE_ELSEWHERE, prefix, env={"REDIS_URL": redis_url})


def test_reports_are_cached_in_redis_and_a_publish_elsewhere_reaches_this_worker(
    client, make_report, redis_prefix, raw_redis, redis_url, django_assert_num_queries
):
    make_report(title="Första rapporten", compiled_at=stockholm(2025, 5, 20))
    first = client.get("/api/lagesbild/latest/")
    assert first.status_code == 200 and first.json()["title"] == "Första rapporten"
    assert raw_redis.exists(f"{redis_prefix}:1:{delivery.GENERATION_KEY}")

    # Another worker (nothing in its own memory) answers from Redis alone.
    delivery.forget_local()
    with django_assert_num_queries(0):
        again = client.get("/api/lagesbild/latest/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    # A newer report is committed by another process; its commit hook replaces the generation.
    make_report(title="Andra rapporten", compiled_at=stockholm(2025, 5, 27))
    invalidate_in_another_process(redis_url, redis_prefix)

    delivery.forget_local()  # this worker's second-long copy has run out
    response = client.get("/api/lagesbild/latest/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert response.json()["title"] == "Andra rapporten"
    assert response["ETag"] != first["ETag"]


def test_a_publish_in_this_process_reaches_other_workers_through_redis(
    client, make_report, redis_prefix, django_capture_on_commit_callbacks
):
    report = make_report(title="Första rapporten")
    etag = client.get("/api/lagesbild/latest/")["ETag"]
    report.title = "Rättad rapport"
    with django_capture_on_commit_callbacks(execute=True):
        report.save_revision().publish()
    delivery.forget_local()  # another worker: only what Redis holds
    response = client.get("/api/lagesbild/latest/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["title"] == "Rättad rapport"


def test_throttle_counters_are_shared_through_redis(client, make_report, redis_prefix, raw_redis, settings):
    make_report()
    settings.LAGESBILD_THROTTLE_CACHE = "default"  # what cms.settings chooses with REDIS_URL (above)
    settings.LAGESBILD_THROTTLE_RATE = "2/day"  # a window that will not roll over mid-test
    assert client.get("/api/lagesbild/latest/").status_code == 200
    assert client.get("/api/lagesbild/latest/").status_code == 200
    window = int(time.time() // 86400)
    assert raw_redis.get(f"{redis_prefix}:1:lagesbild:throttle:lagesbild:127.0.0.1:86400:{window}") == b"2"
    response = client.get("/api/lagesbild/latest/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
