"""`make publish-scheduled`, the cron job: publishes what is due, and never runs twice at once."""

import datetime as dt
import fcntl
import subprocess

import pytest
from django.utils import timezone

from rapport_blocks.models import RapportPage
from tests import factories, servers
from tests.conftest import PROJECT_DIR

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # the command runs in a process of its own


def run(env, lock):
    return subprocess.run(
        ["make", "--no-print-directory", "-o", "install", "publish-scheduled", f"PUBLISH_LOCK={lock}"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_due_report_is_published_and_a_held_lock_skips_the_run(tmp_path):
    series = factories.make_series(servers.home_page(), slug="lagesbild")
    report = factories.make_report(series=series, title="Schemalagd")
    report.unpublish()
    revision = report.save_revision()
    revision.approved_go_live_at = timezone.now() - dt.timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    database = servers.sqlite_copy_of_test_database(tmp_path / "db.sqlite3")
    env = servers.production_env(tmp_path, database)
    lock = tmp_path / "publish.lock"

    with lock.open("w") as held:  # a previous run still working
        fcntl.flock(held, fcntl.LOCK_EX)
        skipped = run(env, lock)
    assert skipped.returncode != 0, "flock -n gives up at once"
    shell = (
        "from rapport_blocks.models import RapportPage as R; print(R.objects.get(title='Schemalagd').live)"
    )
    assert servers.manage(env, "shell", "-c", shell).stdout.split()[-1] == "False"

    result = run(env, lock)
    assert result.returncode == 0, result.stdout + result.stderr
    assert servers.manage(env, "shell", "-c", shell).stdout.split()[-1] == "True"
    assert not RapportPage.objects.get(pk=report.pk).live, "only the copy the command used changed"
