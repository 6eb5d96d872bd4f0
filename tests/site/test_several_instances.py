"""Two instances on one PostgreSQL and one Redis agree within a second after a publish, with no 500.

Collected only in the PostgreSQL pass (`make test-postgres`, CI): two gunicorn instances, each with
its own workers and port, serve the pytest database on PostgreSQL with Redis as their shared cache.
A management command publishes a newer report while both are polled without pause.
"""

import os
import subprocess
import sys
import threading
import time
import uuid

import pytest
import redis

from tests import factories, servers
from tests.conftest import PROJECT_DIR

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgres]

PUBLISH = """
import time
from rapport_blocks.models import RapportIndexPage
from tests import factories
factories.make_report(series=RapportIndexPage.objects.get(slug="lagesbild"), title="Andra rapporten",
                      compiled_at=factories.stockholm(2025, 5, 27))
print("committed", time.time(), flush=True)
"""


@pytest.fixture
def redis_url():
    url = os.environ.get("LAGESBILD_TEST_REDIS_URL", "").strip()
    reason = "no LAGESBILD_TEST_REDIS_URL names a Redis server"
    if url:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=3).ping()
            reason = ""
        except redis.RedisError as error:
            reason = f"no Redis answers at {url}: {error}"
    if reason:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but {reason}")
        pytest.skip(f"skipped: {reason}")
    return url


class Poller(threading.Thread):
    """Asks one instance for the latest report without pause: (time, status, title) of each answer."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.url = base + "/api/lagesbild/latest/"
        self.answers = []
        self.stopping = threading.Event()

    def run(self):
        import json

        while not self.stopping.is_set():
            status, _headers, body = servers.fetch(self.url)
            title = json.loads(body).get("title") if status == 200 else None
            self.answers.append((time.time(), status, title))


def test_a_publish_shows_on_both_instances_within_a_second(tmp_path, redis_url):
    series = factories.make_series(servers.home_page(), slug="lagesbild")
    factories.make_report(
        series=series, title="Första rapporten", compiled_at=factories.stockholm(2025, 5, 20)
    )
    prefix = f"lagesbild-test-{uuid.uuid4().hex}"
    env = servers.production_env(
        tmp_path,
        servers.postgres_test_database_url(),
        REDIS_URL=redis_url,
        REDIS_KEY_PREFIX=prefix,
        WEB_CONCURRENCY="2",
    )
    first, first_base = servers.gunicorn(env, tmp_path / "first.log")
    try:
        second, second_base = servers.gunicorn(env, tmp_path / "second.log")
    except BaseException:
        first.stop()
        raise
    pollers = [Poller(first_base), Poller(second_base)]
    try:
        for poller in pollers:
            poller.start()
        time.sleep(1)
        publish = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", PUBLISH],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert publish.returncode == 0, publish.stderr
        committed = float(publish.stdout.split("committed", 1)[1].split()[0])
        deadline = time.time() + 10
        while time.time() < deadline and not all(
            any(title == "Andra rapporten" for _t, _s, title in poller.answers) for poller in pollers
        ):
            time.sleep(0.1)
        time.sleep(1)
    finally:
        for poller in pollers:
            poller.stopping.set()
        for poller in pollers:
            poller.join(timeout=20)
        first.stop()
        second.stop()
        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)

    for poller in pollers:
        statuses = {status for _t, status, _title in poller.answers}
        assert statuses == {200}, f"{poller.url}: {statuses}"
        assert any(t < committed and title == "Första rapporten" for t, _s, title in poller.answers)
        # Every answer from one second after the commit on is the new report, on both instances.
        later = [title for t, _s, title in poller.answers if t > committed + 1.0]
        assert later, f"{poller.url} answered nothing after the publish"
        assert set(later) == {"Andra rapporten"}, f"{poller.url} still served the old report after 1 s"
