"""The dispatch log's history survives the move to the outbox (migrations 0007 and 0008), and back.

The database is taken back to 0006 (the dispatch log), given a first publication's dispatch and an
update's, as they were left in production (one address sent, one failed with its retry time, one
pending), then migrated forward: each dispatch is an event with its e-mail deliveries, every
status, count, error and time kept. Migrating back restores the log.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests import factories, servers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LOG = [("rapport_blocks", "0006_sections_audience_and_named_text")]
OUTBOX = [("rapport_blocks", "0008_remove_dispatch_log")]


@pytest.fixture
def home(db):
    return servers.home_page()  # after a transactional test emptied the database too


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_dispatch_log_becomes_events_and_email_deliveries_and_back(home):
    series = factories.make_series(home, slug="lagesbild")
    report = factories.make_report(series=series, title="Vecka 49")
    first_revision, update_revision = report.live_revision_id, report.save_revision().pk
    created = timezone.now() - dt.timedelta(days=3)
    retry_at = timezone.now() + dt.timedelta(minutes=5)
    try:
        apps = migrate(LOG)
        Dispatch = apps.get_model("rapport_blocks", "Dispatch")
        Recipient = apps.get_model("rapport_blocks", "DispatchRecipient")
        first = Dispatch.objects.create(page_id=report.pk, revision_id=first_revision, kind="first")
        update = Dispatch.objects.create(
            page_id=report.pk, revision_id=update_revision, kind="update", task_status="SUCCESSFUL"
        )
        Dispatch.objects.filter(pk=first.pk).update(created_at=created)
        Recipient.objects.create(
            dispatch=first, address="chef@example.se", status="sent", attempts=1, sent_at=created
        )
        Recipient.objects.create(
            dispatch=first,
            address="full@example.se",
            status="failed",
            attempts=2,
            last_error="SMTPRecipientsRefused: 550 Mailbox full",
            next_attempt_at=retry_at,
        )
        Recipient.objects.create(dispatch=update, address="chef@example.se")

        apps = migrate(OUTBOX)
        Event = apps.get_model("rapport_blocks", "OutboxEvent")
        events = list(Event.objects.filter(page_id=report.pk, revision__isnull=False).order_by("pk"))
        migrated = [e for e in events if e.revision_id in (first_revision, update_revision)]
        assert [(e.type, e.first_publication, e.send_update, e.revision_id) for e in migrated] == [
            ("rapport.published", True, False, first_revision),
            ("rapport.updated", False, True, update_revision),
        ]
        assert migrated[0].created_at == created and migrated[1].task_status == "SUCCESSFUL"
        rows = [
            (d.channel, d.target, d.status, d.attempts, d.last_error, d.next_attempt_at, d.sent_at)
            for d in migrated[0].deliveries.order_by("target")
        ]
        assert rows == [
            ("email", "chef@example.se", "sent", 1, "", None, created),
            (
                "email",
                "full@example.se",
                "failed",
                2,
                "SMTPRecipientsRefused: 550 Mailbox full",
                retry_at,
                None,
            ),
        ]
        assert [(d.target, d.status) for d in migrated[1].deliveries.all()] == [
            ("chef@example.se", "pending")
        ]
        uids = [d.uid for e in migrated for d in e.deliveries.all()]
        assert len(set(uids)) == 3

        apps = migrate(LOG)  # and back: the log as it was
        Dispatch = apps.get_model("rapport_blocks", "Dispatch")
        back = {d.kind: d for d in Dispatch.objects.filter(page_id=report.pk)}
        assert set(back) == {"first", "update"} and back["first"].created_at == created
        assert sorted((r.address, r.status, r.attempts) for r in back["first"].recipients.all()) == [
            ("chef@example.se", "sent", 1),
            ("full@example.se", "failed", 2),
        ]
    finally:
        migrate(latest())  # every later migration too: the tests after this one need them
