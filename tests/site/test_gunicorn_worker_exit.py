"""A retiring gunicorn worker skips Python's teardown; a failing one keeps its exit code.

gunicorn.conf.py's `worker_exit` runs in the worker while its SystemExit propagates. The speed it
buys (a replacement forked at once) is bench/run.py's "Recycling". What a test can see is which
exit the worker took: Python's teardown runs atexit handlers, `os._exit` does not.
"""

import subprocess
import sys

import pytest

from tests.conftest import PROJECT_DIR

# A worker's last moments, as gunicorn's Arbiter.spawn_worker has them: sys.exit(code), and the
# hook in its `finally`. The atexit handler stands for the teardown.
WORKER = """
import atexit, runpy, sys, types
import django
from django.conf import settings
config = runpy.run_path("gunicorn.conf.py")
settings.configure(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[3]}})
django.setup()
from django.db import connection
connection.ensure_connection()
atexit.register(lambda: print("teardown ran", flush=True))
server = types.SimpleNamespace(cfg=types.SimpleNamespace(preload_app=sys.argv[2] == "preload"))
try:
    print("last request answered", flush=True)
    sys.exit(int(sys.argv[1]))
finally:
    config["worker_exit"](server, None)
"""


def leave(tmp_path, code: int, preload: str = "preload") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WORKER, str(code), preload, str(tmp_path / "db.sqlite3")],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_retiring_worker_exits_at_once_with_code_0(tmp_path):
    done = leave(tmp_path, 0)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["last request answered"], "the teardown was skipped"


@pytest.mark.parametrize("code", [3])
def test_a_failing_worker_keeps_its_code_for_the_master(tmp_path, code):
    """3 and 4 are gunicorn's boot and app load errors, on which the master stops."""
    done = leave(tmp_path, code)
    assert done.returncode == code
    assert "teardown ran" in done.stdout


def test_without_preloading_the_worker_exits_as_python_does(tmp_path):
    done = leave(tmp_path, 0, preload="no")
    assert done.returncode == 0, done.stderr
    assert "teardown ran" in done.stdout
