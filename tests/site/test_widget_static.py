"""The widget file: small, dependency-free, and served with CORS by WhiteNoise in production mode.

Intranet pages load it as a module script, which browsers fetch in CORS mode: without
Access-Control-Allow-Origin on the static file, no page on another origin could use the widget.

One module defines both elements and imports nothing, so it is everything an intranet page loads
for either or both (tests/browser/test_widget_page_load.py watches the requests): the budget is
for the whole file, as WhiteNoise serves it compressed.
"""

import gzip
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR

WIDGET = PROJECT_DIR / "frontend_widget" / "static" / "frontend_widget" / "lagesbild-widget.js"
BUDGET = 12 * 1024  # bytes, gzipped: both elements, everything an intranet page loads


def test_the_widget_fits_its_gzipped_budget():
    size = len(gzip.compress(WIDGET.read_bytes(), compresslevel=9))
    assert size <= BUDGET, f"lagesbild-widget.js is {size} bytes gzipped; the budget is {BUDGET}"


def test_the_widget_has_no_runtime_dependencies():
    source = WIDGET.read_text(encoding="utf-8")
    assert not re.search(r"^\s*import\b|\bimport\s*\(|\brequire\s*\(", source, re.M)
    assert "innerHTML" not in source and "insertAdjacentHTML" not in source and "eval(" not in source
    assert "export class LagesbildWidget" in source and "export class FaqWidget" in source


def test_the_widget_rechecks_markup_against_the_servers_allowlist():
    """Defence in depth only works while both lists say the same."""
    from rapport_blocks.core import sanitize

    source = WIDGET.read_text(encoding="utf-8")
    allowed = re.search(r"const ALLOWED_TAGS = /\^\(([a-z|]+)\)\$/i;", source).group(1).split("|")
    dropped = re.search(r"const DROPPED_WITH_CONTENT = /\^\(([a-z|]+)\)\$/i;", source).group(1).split("|")
    assert set(allowed) == sanitize.ALLOWED_TAGS
    assert set(dropped) == sanitize.DROPPED_WITH_CONTENT
    assert "/^(https?|mailto):$/.test(url.protocol)" in source
    assert sanitize.ALLOWED_SCHEMES == {"http", "https", "mailto"}
    assert sanitize.ALLOWED_ATTRIBUTES == {"a": ["href", "title"]}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_server(tmp_path):
    """gunicorn cms.wsgi with DEBUG off, after collectstatic, as docs/deployment.md runs it."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "test-only-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "LAGESBILD_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # The admin's thousands of files are not what this test is about.
    skip = ["-i", "wagtail*", "-i", "drf_spectacular*", "-i", "rest_framework", "-i", "admin"]
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", *skip],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
    )
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "cms.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--log-level", "warning"],
        cwd=PROJECT_DIR,
        env=env,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_served_with_cors_by_whitenoise_with_debug_off(production_server):
    request = urllib.request.Request(
        production_server + "/static/frontend_widget/lagesbild-widget.js",
        headers={"Origin": "https://intranat.example.se", "Accept-Encoding": "gzip"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert response.headers["Content-Encoding"] == "gzip"
        served = response.read()
        assert gzip.decompress(served) == WIDGET.read_bytes()
        assert len(served) <= BUDGET, f"WhiteNoise serves {len(served)} bytes; the budget is {BUDGET}"
