"""The task worker is killed (SIGKILL) in the middle of the e-mail's deliveries against a slow mail
server: its restart finishes the batch, and no address gets the report twice.

Everything as production runs it (docs/deployment.md): django-tasks-db's queue in the database,
the worker started as `make worker` starts it (`send_due_deliveries --enqueue`, then `db_worker`), in
processes of their own on a database file they share, and a real SMTP server on 127.0.0.1
(tests/site/smtp_server.py) that takes each message at once but answers half a second later.
"""

import time
from collections import Counter

import pytest

from tests.servers import manage, production_env
from tests.site.fault_figures import tally
from tests.site.smtp_server import SMTPServer
from tests.site.worker_fault import expire_leases, kill, start_worker, wait_until
from tests.site.worker_fault import rows as outbox_rows

ADDRESSES = [f"chef{n}@example.se" for n in range(1, 9)]


def rows(database) -> dict[str, tuple[str, int]]:
    return outbox_rows(database, "email")


PUBLISH = f"""
from tests import factories
series = factories.make_series(factories.home_page(), slug="lagesbild")
series.distribution_lists.set([factories.make_distribution_list(addresses={ADDRESSES!r})])
series.save()
factories.make_report(series=series, title="Regional rapport")
"""


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
    kill(worker)
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
    expire_leases(database)
    manage(env, "send_due_deliveries")
    assert {status for status, _attempts in rows(database).values()} <= {"sent", "failed"}
    assert [a for a, (status, _n) in rows(database).items() if status == "failed"] == sorted(in_flight)
    assert Counter(address for address, _message in smtp.handler.received) == received
    figures.survived()
