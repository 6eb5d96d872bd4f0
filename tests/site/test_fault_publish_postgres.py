"""PostgreSQL drops the connection in the middle of a publication (pg_terminate_backend, as a
restarted or failed-over server does): the server rolls back, nothing is half-published, and
the page, the API (the widget's data), the embed and oEmbed still serve the previous report.

Real commits (transaction=True), so the rollback is the server's, not the test's. Runs in
`make test-postgres` (CI's PostgreSQL pass); SQLite cannot lose a connection this way.
"""

import threading

import pytest
from django.db import Error, connection, connections
from wagtail.models import PageLogEntry
from wagtail.signals import page_published

from rapport_blocks.models import OutboxEvent, RapportPage
from tests import factories, servers
from tests.factories import stockholm
from tests.site.fault_figures import tally
from tests.site.test_fault_publish_database import served_titles

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgres]

RECEIVER = "tests.site.test_fault_publish_postgres"


def terminate(backend_pid: int) -> None:
    """pg_terminate_backend from another connection (another thread has its own)."""

    def run():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)


def kill_the_connection_in_page_published():
    """After Wagtail has saved the live row, before the receivers that follow and the audit log."""

    def receiver(sender, instance, **kwargs):
        if isinstance(instance, RapportPage):
            terminate(connection.connection.info.backend_pid)

    page_published.connect(receiver, weak=False, dispatch_uid=RECEIVER)


@pytest.fixture(autouse=True)
def _disconnect():
    yield
    page_published.disconnect(dispatch_uid=RECEIVER)


def test_a_connection_killed_mid_publish_leaves_the_previous_report_everywhere(request, client, mailbox):
    assert connection.vendor == "postgresql", "runs in make test-postgres (DATABASE_URL=postgres://...)"
    figures = tally(request, "PostgreSQL connection terminated mid-publish")
    series = factories.make_series(servers.home_page(), slug="lagesbild")
    series.distribution_lists.set([factories.make_distribution_list(addresses=["chef@example.se"])])
    series.save()
    report = factories.make_report(series=series, title="Vecka 21", compiled_at=stockholm(2025, 5, 20))
    before = report.live_revision_id
    expected = dict.fromkeys(["api latest", "api detail", "api list", "oembed", "page", "embed"], "Vecka 21")
    assert served_titles(client, report) == expected
    assert len(mailbox) == 1

    report.title = "Vecka 21, rättad"
    report.send_update = True
    draft = report.save_revision()  # committed: the edit is kept whatever happens next
    kill_the_connection_in_page_published()
    figures.injected()
    with pytest.raises(Error):
        draft.publish()
    page_published.disconnect(dispatch_uid=RECEIVER)
    connection.close()  # the next query opens a new connection, as the next request would

    stored = RapportPage.objects.get(pk=report.pk)
    assert (stored.title, stored.live_revision_id, stored.live) == ("Vecka 21", before, True)
    assert stored.get_latest_revision().pk == draft.pk
    assert stored.get_latest_revision_as_object().title == "Vecka 21, rättad"
    assert not PageLogEntry.objects.filter(page=report, action="wagtail.publish", revision=draft).exists()
    assert not OutboxEvent.objects.filter(revision=draft).exists() and len(mailbox) == 1
    assert served_titles(client, report) == expected
    figures.survived()

    draft.publish()  # the database is back: the same revision publishes, everywhere
    assert set(served_titles(client, report).values()) == {"Vecka 21, rättad"}
    assert len(mailbox) == 2
