"""Schemathesis fuzzes every operation of /api/schema/ with all its checks, in process.

No answer may be a 5xx, every answer must match the schema (status, content type, headers, body),
schema-valid requests must be accepted and invalid ones refused, and methods the schema does not
name must answer 405. `make test` runs a bounded, deterministic number of examples per operation
(LAGESBILD_FUZZ_EXAMPLES, 25 by default; derandomized); `make fuzz` runs many more, random ones.
The number of requests made is written to test-results/api-fuzz.json (docs/security.md).
"""

import json
import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import CHECKS, is_check_class, not_a_server_error

from tests import factories

EXAMPLES = int(os.environ.get("LAGESBILD_FUZZ_EXAMPLES", "25"))
RANDOM = os.environ.get("LAGESBILD_FUZZ_RANDOM") == "1"
RESULTS = Path(os.environ.get("LAGESBILD_TEST_ARTEFACTS", "test-results")) / "api-fuzz.json"
# Every built-in check (the CLI's --checks all); check classes run over a whole run, not a case.
ALL_CHECKS = [check for check in CHECKS.get_all() if not is_check_class(check)]
requests_made: dict[str, int] = {}


def served_schema() -> dict:
    """The document /api/schema/ serves (made without the database, so at collection)."""
    from django.test import Client

    response = Client().get("/api/schema/", {"format": "json"}, HTTP_HOST="localhost")
    assert response.status_code == 200
    return json.loads(response.content)


schema = schemathesis.openapi.from_dict(served_schema())


@pytest.fixture
def site(db, settings, home, series):
    """The site's WSGI application, with reports and an FAQ page for the operations to find."""
    from django.core.wsgi import get_wsgi_application

    settings.LAGESBILD_THROTTLE_RATE = "off"  # every request reaches the endpoint
    factories.make_report(series=series, title="Vecka 21", compiled_at=factories.stockholm(2025, 5, 20))
    factories.make_report(
        series=series,
        title="Vecka 22",
        body=[factories.bullets(), factories.text(), factories.actions(), factories.links()],
    )
    factories.make_faq(home)
    return get_wsgi_application()


@pytest.fixture(scope="module", autouse=True)
def _record_requests():
    yield
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {"examples_per_operation": EXAMPLES, "random": RANDOM, "requests": requests_made}, indent=2
        )
        + "\n"
    )


def asked_format(case) -> str:
    """The format the oEmbed view reads: the query's last `format`, json without one."""
    value = (case.query or {}).get("format", "json")
    if isinstance(value, list):
        value = value[-1] if value else "json"
    return str(value)


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case, site):
    key = f"{case.method} {case.path}"
    requests_made[key] = requests_made.get(key, 0) + 1
    if case.path == "/api/oembed/" and asked_format(case) != "json":
        # oEmbed's own rule (https://oembed.com/ 2.3.4): a format the provider lacks is 501, which
        # the schema declares. Every other 5xx still fails.
        response = case.call_and_validate(app=site, checks=ALL_CHECKS, excluded_checks=[not_a_server_error])
        assert response.status_code == 501
        return
    case.call_and_validate(app=site, checks=ALL_CHECKS)


def test_every_operation_is_fuzzed():
    """The schema names every endpoint of the API, oEmbed included: none escapes the fuzzing."""
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations()}
    assert operations == {
        "GET /api/lagesbild/",
        "GET /api/lagesbild/latest/",
        "GET /api/lagesbild/{report_id}/",
        "GET /api/faq/",
        "GET /api/faq/{faq_id}/",
        "GET /api/oembed/",
    }
