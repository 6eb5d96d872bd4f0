"""Workers that gunicorn replaces after their max_requests are forked from a master that loaded Django.

gunicorn.conf.py preloads (`GUNICORN_PRELOAD`, docs/deployment.md): each replaced worker must still
reach the database and the shared cache (the master closed its connections before forking, so no
two workers share one) and serve the public pages. How fast a replaced worker answers is
bench/run.py's "Recycling", not a test's.
"""

import pytest

from tests import factories, servers

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgres]


def test_replaced_workers_answer_from_the_database_and_the_cache(tmp_path):
    series = factories.make_series(servers.home_page(), slug="lagesbild")
    report = factories.make_report(
        series=series, title="Första rapporten", compiled_at=factories.stockholm(2025, 5, 20)
    )
    env = servers.production_env(
        tmp_path,
        servers.shared_test_database_url(tmp_path),
        WEB_CONCURRENCY=1,
        GUNICORN_MAX_REQUESTS=3,
        GUNICORN_MAX_REQUESTS_JITTER=0,
        GUNICORN_LOG_LEVEL="info",
    )
    log = tmp_path / "gunicorn.log"
    app, base = servers.gunicorn(env, log)
    try:
        for _ in range(4):
            health = servers.fetch(base + "/healthz")
            assert health[0] == 200 and b'"database": "ok"' in health[2] and b'"cache": "ok"' in health[2]
            page = servers.fetch(base + report.url)
            assert page[0] == 200 and "Första rapporten" in page[2].decode()
            latest = servers.fetch(base + "/api/lagesbild/latest/")
            assert latest[0] == 200 and b"F\xc3\xb6rsta rapporten" in latest[2]
    finally:
        app.stop()
    # One worker, replaced every third request: the twelve requests above met at least three.
    assert log.read_text().count("Booting worker") >= 4
