"""`make send-due-deliveries`, the outbox's cron job (the e-mail's among its channels): sends the due
retries, and never runs twice at once."""

import datetime as dt
import fcntl
import subprocess
import sys

import pytest
from django.utils import timezone

from tests import factories, servers
from tests.conftest import PROJECT_DIR

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # make runs its own process

STATUS = (
    "from rapport_blocks.models import OutboxDelivery as D; "
    "print(D.objects.get(target='due@example.se').status)"
)


def run(env, lock):
    return subprocess.run(
        # VENV: this interpreter's environment (a matrix leg's, noxfile.py), not always .venv.
        [
            "make",
            "--no-print-directory",
            "-o",
            "install",
            f"VENV={sys.prefix}",
            "send-due-deliveries",
            f"OUTBOX_LOCK={lock}",
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_due_retry_is_sent_and_a_held_lock_skips_the_run(tmp_path):
    series = factories.make_series(servers.home_page(), slug="lagesbild")
    report = factories.make_report(series=series, title="Med utskick")
    due = timezone.now() - dt.timedelta(minutes=1)
    factories.email_log(
        report, {"target": "due@example.se", "status": "failed", "attempts": 1, "next_attempt_at": due}
    )
    database = servers.sqlite_copy_of_test_database(tmp_path / "db.sqlite3")
    env = servers.production_env(tmp_path, database, EMAIL_URL="console://")
    lock = tmp_path / "email.lock"

    with lock.open("w") as held:  # a previous run still sending
        fcntl.flock(held, fcntl.LOCK_EX)
        skipped = run(env, lock)
    assert skipped.returncode != 0, "flock -n gives up at once"
    assert servers.manage(env, "shell", "-c", STATUS).stdout.split()[-1] == "failed"

    result = run(env, lock)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "due@example.se" in result.stdout  # the console backend prints the e-mail it sent
    assert servers.manage(env, "shell", "-c", STATUS).stdout.split()[-1] == "sent"
