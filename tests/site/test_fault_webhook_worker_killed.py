"""The task worker is killed (SIGKILL) while a webhook is being delivered: after its restart and the
lease, every endpoint has the event exactly once in effect, and every delivery ends sent.

As tests/site/test_fault_worker_killed.py does it for the e-mail: django-tasks-db's queue in a
database file, the worker started as `make worker` starts it, in processes of their own, and a real
receiver on 127.0.0.1 (tests/frontend_widget/webhook_support.py) that verifies each request with
`standardwebhooks` and holds it a moment before it answers, so the kill lands mid-send. Unlike an
e-mail, a webhook whose fate is unknown is sent again, with the same `webhook-id`, so the receiver
can drop the repeat.
"""

import json
import time
import uuid

import pytest

from tests.frontend_widget.webhook_support import Receiver
from tests.servers import manage, production_env
from tests.site.fault_figures import tally
from tests.site.worker_fault import expire_leases, kill, start_worker, wait_until
from tests.site.worker_fault import rows as outbox_rows

PATHS = [f"/mottagare-{n}" for n in range(1, 5)]

PUBLISH = """
import json
from rapport_blocks.models import WebhookEndpoint
from tests import factories
series = factories.make_series(factories.home_page(), slug="lagesbild")
secrets = {{}}
for path in {paths!r}:
    endpoint = WebhookEndpoint.objects.create(series=series, url="http://127.0.0.1:{port}" + path)
    secrets[str(endpoint.pk)] = (path, endpoint.secret)
factories.make_report(series=series, title="Regional rapport")
print(json.dumps(secrets))
"""


def rows(database) -> dict[str, tuple[str, int, str]]:
    """Each webhook delivery by endpoint id: status, attempts and its uid (the `webhook-id`)."""
    found = outbox_rows(database, "webhook", ("status", "attempts", "uid"))
    return {
        target: (status, attempts, str(uuid.UUID(uid))) for target, (status, attempts, uid) in found.items()
    }


@pytest.fixture
def receiver():
    running = Receiver().start()
    running.hold = 1.0  # each request is held a second: the kill lands while one is unanswered
    yield running
    running.stop()


def test_a_worker_killed_mid_send_delivers_each_webhook_once_in_effect(request, tmp_path, receiver):
    figures = tally(request, "task worker killed (SIGKILL) mid-send of a webhook")
    database = tmp_path / "db.sqlite3"
    env = production_env(
        tmp_path,
        f"sqlite:///{database}",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LAGESBILD_WEBHOOK_ALLOW_HOSTS="127.0.0.1",
    )
    manage(env, "migrate", "--noinput")
    # The publish enqueues the webhooks; nothing is sent yet.
    published = manage(env, "shell", "-c", PUBLISH.format(paths=PATHS, port=receiver.port))
    endpoints = json.loads(published.stdout.strip().splitlines()[-1])  # endpoint id -> (path, secret)
    for path, secret in endpoints.values():
        receiver.expect(path, secret)
    assert {status for status, _n, _uid in rows(database).values()} == {"pending"}
    assert set(rows(database)) == set(endpoints)
    assert receiver.requests == []

    worker = start_worker(env, tmp_path / "worker.log")
    # The second request has arrived and is being held: the first was answered.
    wait_until(lambda: len(receiver.requests) >= 2, 120, "the first webhooks")
    kill(worker)
    figures.injected()
    receiver.hold = 0

    at_kill = rows(database)
    in_flight = {target for target, (status, _n, _uid) in at_kill.items() if status == "sending"}
    assert len(in_flight) == 1, at_kill
    assert any(status == "pending" for status, _n, _uid in at_kill.values())

    worker = start_worker(env, tmp_path / "worker-restarted.log")
    try:
        wait_until(
            lambda: not any(status == "pending" for status, _n, _uid in rows(database).values()),
            120,
            "the restarted worker to finish the batch:\n" + (tmp_path / "worker-restarted.log").read_text(),
        )
        time.sleep(1)
    finally:
        worker.stop()
    # Within its lease the interrupted send is left alone: its run may still be alive.
    assert {
        target for target, (status, _n, _uid) in rows(database).items() if status == "sending"
    } == in_flight

    # After the lease, the periodic command sends it again, under the same webhook-id.
    expire_leases(database)
    manage(env, "send_due_deliveries")

    after = rows(database)
    assert {status for status, _n, _uid in after.values()} == {"sent"}
    assert all(received.verified for received in receiver.requests)
    for target, (path, _secret) in endpoints.items():
        _status, attempts, uid = after[target]
        ids = [received.id for received in receiver.to(path)]
        assert set(ids) == {uid}, path  # the same webhook-id on every attempt
        assert len(receiver.handled_at(path)) == 1, path  # the receiver acted on it once
        if target in in_flight:
            assert len(ids) == attempts == 2, path  # the interrupted send and its repeat
        else:
            assert len(ids) == attempts == 1, path
    figures.survived()
