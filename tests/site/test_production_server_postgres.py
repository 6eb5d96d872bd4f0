"""`make serve-production` on PostgreSQL: the deployment checks pass (Django 6.0 and newer check
that a PostgreSQL site has django.contrib.postgres for Wagtail's search index) and it serves.

Collected only in the PostgreSQL passes (`make test-postgres`; the matrix's Django 6.0 legs).
"""

import pytest

from tests import factories, servers
from tests.site.test_production_server import serve_production

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgres]


def test_make_serve_production_starts_on_postgresql(tmp_path):
    series = factories.make_series(servers.home_page(), slug="lagesbild")
    factories.make_report(series=series, title="Vecka 22")
    serve_production(tmp_path, servers.postgres_test_database_url())
