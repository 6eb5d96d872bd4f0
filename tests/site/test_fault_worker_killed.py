"""The task worker is killed (SIGKILL) in the middle of the e-mail's deliveries against a slow mail
server: its restart finishes the batch, and no address gets the report twice.

Everything as production runs it (docs/deployment.md): django-tasks-db's queue in the database,
the worker started as `make worker` starts it (`send_due_deliveries --enqueue`, then `db_worker`), in
processes of their own on a database file they share, and a real SMTP server on 127.0.0.1
(tests/site/smtp_server.py) that takes each message at once but answers half a second later.
"""

import os
import signal
import sqlite3
import sys
import time
from collections import Counter

import pytest

from tests.servers import Process, manage, production_env
from tests.site.fault_figures import tally
from tests.site.smtp_server import SMTPServer

ADDRESSES = [f"chef{n}@example.se" for n in range(1, 9)]

PUBLISH = f"""
from tests import factories
series = factories.make_series(factories.home_page(), slug="lagesbild")
series.distribution_lists.set([factories.make_distribution_list(addresses={ADDRESSES!r})])
series.save()
factories.make_report(series=series, title="Regional rapport")
"""


def rows(database) -> dict[str, tuple[str, int]]:
    with sqlite3.connect(database, timeout=30) as db:
        query = "SELECT target, status, attempts FROM rapport_blocks_outboxdelivery WHERE channel = 'email'"
        found = db.execute(query).fetchall()
    return {address: (status, attempts) for address, status, attempts in found}


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def start_worker(env, log) -> Process:
    """As `make worker`: hand back what a killed worker left, then run the queue."""
    manage(env, "send_due_deliveries", "--enqueue")
    return Process([sys.executable, "manage.py", "db_worker", "--interval", "0.2"], env, log)


@pytest.fixture
def smtp():
    server = SMTPServer().start()
    server.handler.data_delay = 0.5  # a slow server: the kill lands while a message is being handed over
    yield server
    server.stop()


def test_a_worker_killed_mid_batch_is_restarted_and_finishes_without_duplicates(request, tmp_path, smtp):
    figures = tally(request, "task worker killed (SIGKILL) mid-dispatch")
    database = tmp_path / "db.sqlite3"
    env = production_env(
        tmp_path,
        f"sqlite:///{database}",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        EMAIL_TIMEOUT="10",
        DEFAULT_FROM_EMAIL="Lägesbild <lagesbild@example.se>",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", PUBLISH)  # the publish enqueues the e-mail; nothing is sent yet
    assert set(rows(database).values()) == {("pending", 0)} and len(rows(database)) == len(ADDRESSES)
    assert smtp.handler.received == []

    worker = start_worker(env, tmp_path / "worker.log")
    wait_until(lambda: len(smtp.handler.received) >= 3, 120, "the first messages")
    os.killpg(worker.process.pid, signal.SIGKILL)
    worker.process.wait(timeout=10)
    figures.injected()
    time.sleep(1)  # the server finishes what it had in hand

    at_kill = rows(database)
    delivered_at_kill = Counter(address for address, _message in smtp.handler.received)
    assert len(delivered_at_kill) < len(ADDRESSES), "the worker finished before it was killed"
    in_flight = {address for address, (status, _attempts) in at_kill.items() if status == "sending"}
    assert len(in_flight) <= 1
    assert any(status == "pending" for status, _attempts in at_kill.values())

    worker = start_worker(env, tmp_path / "worker-restarted.log")
    try:
        wait_until(
            lambda: not any(status == "pending" for status, _attempts in rows(database).values()),
            120,
            "the restarted worker to finish the batch:\n" + (tmp_path / "worker-restarted.log").read_text(),
        )
        time.sleep(1)
    finally:
        worker.stop()

    received = Counter(address for address, _message in smtp.handler.received)
    assert max(received.values()) == 1, f"sent twice: {received}"  # nothing twice
    after = rows(database)
    for address in ADDRESSES:
        if address in in_flight:
            # Handed to the server when the worker died: not sent again; it waits for an editor.
            assert after[address][0] == "sending" and received[address] <= 1
        else:
            assert after[address][0] == "sent" and received[address] == 1, address

    # After the lease, the one whose fate is unknown is marked so, and still not sent again.
    with sqlite3.connect(database, timeout=30) as db:
        db.execute(
            "UPDATE rapport_blocks_outboxdelivery SET claimed_at = '2000-01-01 00:00:00' "
            "WHERE status = 'sending'"
        )
    manage(env, "send_due_deliveries")
    assert {status for status, _attempts in rows(database).values()} <= {"sent", "failed"}
    assert [a for a, (status, _n) in rows(database).items() if status == "failed"] == sorted(in_flight)
    assert Counter(address for address, _message in smtp.handler.received) == received
    figures.survived()
