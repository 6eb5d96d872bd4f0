"""What the worker-killed fault tests share: the outbox rows as another process wrote them, waiting,
and a worker started as `make worker` starts it (docs/deployment.md)."""

import os
import signal
import sqlite3
import sys
import time

import pytest

from tests.servers import Process, manage


def rows(database, channel: str, columns: tuple[str, ...] = ("status", "attempts")) -> dict[str, tuple]:
    """Each delivery of `channel` by its target: the `columns` asked for, read from the database file."""
    query = f"SELECT target, {', '.join(columns)} FROM rapport_blocks_outboxdelivery WHERE channel = ?"
    with sqlite3.connect(database, timeout=30) as db:
        found = db.execute(query, (channel,)).fetchall()
    return {target: tuple(values) for target, *values in found}


def expire_leases(database) -> None:
    """As if the lease of every claim had run out: a claim from long ago."""
    with sqlite3.connect(database, timeout=30) as db:
        db.execute(
            "UPDATE rapport_blocks_outboxdelivery SET claimed_at = '2000-01-01 00:00:00' "
            "WHERE status = 'sending'"
        )


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


def kill(worker: Process) -> None:
    """SIGKILL to the worker's process group: no handler runs, nothing is tidied up."""
    os.killpg(worker.process.pid, signal.SIGKILL)
    worker.process.wait(timeout=10)
