"""Two editors publishing in one series at the same moment get different report numbers.

The series row lock (select_for_update in RapportPage.save) only means something where the
database runs transactions side by side: SQLite writes one at a time and ignores the lock, so this
runs on PostgreSQL (`make test-postgres`, which CI runs) and is skipped on SQLite.
"""

import threading

import pytest
from django.db import connection, connections

from rapport_blocks.models import RapportPage
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgres]

EDITORS = 4


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("skipped: needs PostgreSQL's concurrent transactions (make test-postgres)")


def test_simultaneous_first_publications_get_distinct_numbers():
    series = factories.make_series(factories.home_page(), slug="lagesbild")
    drafts = [
        factories.make_report(series=series, title=f"Rapport {i}", publish=False) for i in range(EDITORS)
    ]
    start = threading.Barrier(EDITORS)
    errors = []

    def publish(draft):
        try:
            revision = RapportPage.objects.get(pk=draft.pk).get_latest_revision()
            start.wait(timeout=30)
            revision.publish()
        except Exception as error:  # reported below, with the others
            errors.append(error)
        finally:
            connections.close_all()

    editors = [threading.Thread(target=publish, args=(draft,)) for draft in drafts]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join(timeout=60)

    assert errors == []
    numbers = sorted(RapportPage.objects.child_of(series).values_list("number", flat=True))
    assert numbers == list(range(1, EDITORS + 1))
