"""A report published by another process shows in every worker of a running server.

Everything runs as it does in production, on this machine only: gunicorn with two workers on
127.0.0.1 serves the API from a SQLite file and the file-based shared cache, and `manage.py shell`
publishes a newer report in a process of its own while the server keeps running.
"""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from tests.conftest import PROJECT_DIR

pytestmark = pytest.mark.django_db

SETUP = """
from tests import factories
factories.make_report(series=factories.make_series(slug="lagesbild"), title="Första rapporten",
                      compiled_at=factories.stockholm(2025, 5, 20))
"""
PUBLISH = """
from rapport_blocks.models import RapportIndexPage
from tests import factories
factories.make_report(series=RapportIndexPage.objects.get(slug="lagesbild"), title="Andra rapporten",
                      compiled_at=factories.stockholm(2025, 5, 27))
"""


@pytest.fixture
def server_env(tmp_path):
    """A file database holding the migrated test schema, and a shared cache folder."""
    if connection.vendor != "sqlite":
        pytest.skip("this test copies the SQLite test database into a file")
    connection.ensure_connection()
    database = tmp_path / "db.sqlite3"
    target = sqlite3.connect(database)
    connection.connection.backup(target)
    target.close()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "LAGESBILD_CACHE_DIR": str(tmp_path / "cache"),
        "LAGESBILD_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "test-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LAGESBILD_THROTTLE_RATE": "off",
        "PYTHONPATH": str(PROJECT_DIR),
    }
    return env


def manage(env, code):
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, etag=None):
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def server(server_env, tmp_path):
    manage(server_env, SETUP)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=PROJECT_DIR,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),  # a file, not a pipe nobody reads (a full pipe would stall the server)
    )
    url = f"http://127.0.0.1:{port}/api/lagesbild/latest/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(url)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"gunicorn did not start: {log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield url, server_env
    finally:
        process.terminate()
        process.wait(timeout=10)


def title(url) -> str:
    status, _headers, body = get(url)
    assert status == 200, body
    return json.loads(body)["title"]


def test_a_publish_in_another_process_reaches_every_worker(server):
    url, env = server
    # Warm both workers (and the shared cache) with the first report.
    assert {title(url) for _ in range(12)} == {"Första rapporten"}
    old_etag = get(url)[1]["ETag"]
    assert get(url, old_etag)[0] == 304

    manage(env, PUBLISH)
    published_at = time.monotonic()

    # Within about a second (the workers' own copies) every answer is the new report.
    while title(url) != "Andra rapporten":
        assert time.monotonic() - published_at < 5, "the new report never showed"
        time.sleep(0.1)
    time.sleep(1.1)
    assert {title(url) for _ in range(12)} == {"Andra rapporten"}
    status, headers, body = get(url, old_etag)
    assert status == 200 and headers["ETag"] != old_etag
