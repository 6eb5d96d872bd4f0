"""Exactly once per event and target, across two processes sending at once and a worker that dies mid-send.

Two `send_due_deliveries` processes (two instances' cron jobs, or a cron job beside a worker) run
against one database, the test's own channel registered in each; each process's first send waits
until the other is sending too, so they overlap for certain. Every target is delivered once, and
both did part of the work. On SQLite the processes share a copy of the test database; in
`make test-postgres`, the PostgreSQL test database itself.
"""

import datetime as dt
import subprocess
import sys
from collections import Counter

import pytest
from django.utils import timezone

from frontend_widget.outbox import sending
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from tests import factories, servers
from tests.conftest import PROJECT_DIR

TARGETS = [f"mottagare-{n:02}" for n in range(1, 25)]

RUN = """
from django.conf import settings
from django.core.management import call_command
from tests.frontend_widget import outbox_support as support
settings.LAGESBILD_CHANNELS = [support.EMAIL, support.PATH]
support.RecordingChannel.reset(
    targets_for={targets!r}, log_path={log!r}, barrier_dir={barrier!r}, send_seconds=0.02
)
call_command("send_due_deliveries")
"""

STATUSES = """
from rapport_blocks.models import OutboxDelivery
for row in OutboxDelivery.objects.filter(channel="recording"):
    print(row.target, row.status, row.attempts, row.uid)
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # other processes must see the rows
def test_two_processes_sending_at_once_deliver_each_target_exactly_once(tmp_path, settings, recording):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # nothing runs here
    recording.targets_for = TARGETS
    series = factories.make_series(servers.home_page(), slug="lagesbild")
    report = factories.make_report(series=series, title="Vecka 49")
    assert OutboxEvent.objects.get(page_id=report.pk).deliveries.filter(channel="recording").count() == 24
    assert recording.calls == []

    env = servers.production_env(tmp_path, servers.shared_test_database_url(tmp_path))
    log, barrier = tmp_path / "sent.log", tmp_path / "barrier"
    barrier.mkdir()
    script = RUN.format(targets=TARGETS, log=str(log), barrier=str(barrier))
    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _run in range(2)
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs

    sent = [line.split() for line in log.read_text().splitlines()]
    assert Counter(target for _pid, target, _uid, _outcome in sent) == Counter(TARGETS)  # each once
    assert len({pid for pid, *_rest in sent}) == 2, "both processes sent part of the batch"
    printed = servers.manage(env, "shell", "-c", STATUSES).stdout.splitlines()
    rows = [line.split() for line in printed if line.startswith("mottagare-")]
    assert len(rows) == len(TARGETS), printed
    assert sorted((target, status, attempts) for target, status, attempts, _uid in rows) == [
        (target, "sent", "1") for target in TARGETS
    ]
    assert {uid for _t, _s, _a, uid in rows} == {uid for _pid, _t, uid, _o in sent}  # the ids that went out


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_claimed_delivery_cannot_be_claimed_again(series, recording):
    report = factories.make_report(series=series)
    delivery = OutboxDelivery.objects.filter(event__page_id=report.pk, channel="recording").first()
    now = timezone.now()
    assert sending.claim(delivery.pk, now) is not None
    assert sending.claim(delivery.pk, now) is None
    assert sending.run(delivery.event_id, "recording").sent == 1  # the other target only
    assert recording.delivered_to() == [t for t in recording.targets_for if t != delivery.target]


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_run_that_died_mid_send_leaves_an_email_to_an_editor_and_resends_a_webhook_with_its_id(
    series, recording
):
    """After the lease: a channel whose receivers drop repeats sends again, with the same id."""
    report = factories.make_report(series=series)
    event = OutboxEvent.objects.get(page_id=report.pk)
    died = timezone.now() - recording.lease - dt.timedelta(minutes=1)
    first = event.deliveries.get(channel="recording", target="mottagare-a")
    assert sending.claim(first.pk, died)  # the run that claimed it was killed mid-send

    assert sending.run(event.pk, "recording").sent == 1  # b; a waits for an editor
    first.refresh_from_db()
    assert (first.status, first.next_attempt_at) == ("failed", None)
    assert "okänt om det kom fram" in first.last_error

    second = factories.make_report(series=series, title="Vecka 50")
    event = OutboxEvent.objects.get(page_id=second.pk)
    recording.resend_unknown = True
    resent = event.deliveries.get(channel="recording", target="mottagare-a")
    assert sending.claim(resent.pk, died)
    assert sending.run(event.pk, "recording").sent == 2
    assert [c.uid for c in recording.calls if c.title == "Vecka 50" and c.target == "mottagare-a"] == [
        str(resent.uid)
    ]


@pytest.mark.django_db
def test_in_a_long_batch_each_claim_is_leased_from_its_own_send(series, recording, monkeypatch):
    """A batch longer than the lease: a late delivery's claim is not taken for a dead run's."""
    from frontend_widget.outbox import sending as module

    clock = [timezone.now()]
    monkeypatch.setattr(module.timezone, "now", lambda: clock[0])
    released = []

    class Slow(recording):
        def send(self, delivery, prepared):
            clock[0] += recording.lease * 0.6  # each send takes most of a lease
            released.append(sending.release_stale_claims(clock[0]))  # another run looks meanwhile
            return super().send(delivery, prepared)

    recording.targets_for = ["mottagare-a", "mottagare-b", "mottagare-c"]
    report = factories.make_report(series=series)
    event = OutboxEvent.objects.get(page_id=report.pk)
    assert sending.run(event.pk, Slow()).sent == 3
    assert released == [0, 0, 0]
    assert recording.delivered_to() == ["mottagare-a", "mottagare-b", "mottagare-c"]
