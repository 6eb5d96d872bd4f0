"""Running the app as production does, for the tests that need real processes on 127.0.0.1.

gunicorn (and Varnish, nginx) in processes of their own, on free ports, with their logs in files
(a pipe nobody reads would stall them), stopped by their own process group afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import PROJECT_DIR

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(url: str, headers: dict | None = None, method: str = "GET", timeout: float = 10):
    """(status, headers, body) of one request; an HTTP error status is an answer, not an exception."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch_no_redirect(url: str, headers: dict | None = None):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def require_service(program: str, package: str) -> str:
    """The path of `program`; without it, CI fails and a developer's run skips, saying why."""
    path = shutil.which(program) or next(
        (str(p) for p in (Path("/usr/sbin") / program, Path("/usr/bin") / program) if p.exists()), None
    )
    if path is None:
        if os.environ.get("CI") or os.environ.get("REQUIRE_FRONT_CACHE") == "1":
            pytest.fail(f"{program} is missing: CI installs Debian's {package} package (.ci/run)")
        pytest.skip(f"skipped: {program} not found (apt-get install {package})")
    return path


def sqlite_copy_of_test_database(path: Path) -> str:
    """The migrated test database as a file that other processes can open: its DATABASE_URL.

    The test must have committed what it wrote (django_db(transaction=True)): the backup of a
    connection with a write transaction open waits for it forever.
    """
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


def postgres_test_database_url() -> str:
    """The pytest database on PostgreSQL, as a URL that other processes can open."""
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )


def shared_test_database_url(tmp_path: Path) -> str:
    """The test database as other processes can open it: PostgreSQL's itself, SQLite's as a copy.

    On SQLite the processes then write to the copy, not to the test's database.
    """
    if connection.vendor == "postgresql":
        return postgres_test_database_url()
    return sqlite_copy_of_test_database(tmp_path / "db.sqlite3")


def wagtail_root() -> None:
    """Wagtail's locale, root page and default site, which come from migrations.

    A transactional test (these all are: other processes must see the rows) empties the database
    afterwards, so whichever runs next recreates them here, as tests/browser/conftest.py does.
    """
    from django.conf import settings
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Locale, Page, Site

    if Site.objects.filter(is_default_site=True).exists():
        return
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # the emptied database's content types were made anew
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)


def home_page():
    """The default site's home page (factories.home_page), after an emptied database too."""
    from tests import factories

    wagtail_root()
    return factories.home_page()


def production_env(tmp_path: Path, database_url: str, **extra) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "LAGESBILD_VAR_DIR": str(tmp_path),
        "LAGESBILD_CACHE_DIR": str(tmp_path / "cache"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "SECRET_KEY": "test-only-" + "k" * 50,
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "LAGESBILD_THROTTLE_RATE": "off",
        "PYTHONPATH": str(PROJECT_DIR),
        "GUNICORN_ACCESS_LOG": "off",
        "WEB_CONCURRENCY": "2",
        # A production has a mail server (Django 6.1's check --deploy refuses the console backend);
        # nothing here sends to it.
        "EMAIL_URL": "smtp://mail.internal:25",
    }
    env.pop("REDIS_URL", None)
    # Set by the browser tests' fixtures in this process; never in a deployment (check --deploy).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Process:
    """A server process in a session of its own, its output in `log`."""

    def __init__(self, args, env, log: Path, cwd=PROJECT_DIR):
        self.log = log
        self.process = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_for(self, url: str, timeout: float = 60, ok=lambda status: status == 200):
        deadline = time.monotonic() + timeout
        while True:
            try:
                if ok(fetch(url, timeout=5)[0]):
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"{url} did not answer:\n{self.log.read_text(errors='replace')[-4000:]}")
            time.sleep(0.2)

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def gunicorn(env, log: Path, port: int | None = None) -> tuple[Process, str]:
    """gunicorn with the project's gunicorn.conf.py on 127.0.0.1, started and answering /healthz."""
    port = port or free_port()
    server = Process(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        {**env, "GUNICORN_BIND": f"{HOST}:{port}"},
        log,
    )
    base = f"http://{HOST}:{port}"
    server.wait_for(base + "/healthz")
    return server, base


def manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
