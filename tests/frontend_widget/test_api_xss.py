"""Nothing executable leaves the API: XSS vectors in every html and url field, read back as served.

test_sanitize.py proves the policy on the presentation; this proves it on the bytes the API serves
(and caches) to other origins. The oracle is the sanitiser test's, independent of the sanitiser.
Vectors: the public corpus in ../shared/xss/ and the project's own in tests/data/xss_vectors.json.
"""

import json
import re

import pytest
from django.db import connection

from tests.rapport_blocks.test_sanitize import (
    assert_harmless_html,
    assert_no_dangerous_url,
    project_vectors,
    report_with,
    walk,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ABSOLUTE = re.compile(r"(https?://[^/\s]+|mailto:)\S*$")  # the contract: a url is absolute or ""
PER_REPORT = 25  # vectors per published report; each vector has sections of its own


@pytest.fixture
def publish(make_report, django_capture_on_commit_callbacks):
    def publish(body):
        with django_capture_on_commit_callbacks(execute=True):
            return make_report(body=body)

    return publish


def storable(vectors: list[str]) -> list[str]:
    """The vectors the database can hold, so the API could ever serve them.

    PostgreSQL refuses NUL in text and jsonb, so a vector with one never reaches its API (editors
    get a validation error first: blocks refuse NUL); test_sanitize proves those harmless too.
    """
    if connection.vendor != "postgresql":
        return vectors
    kept = [vector for vector in vectors if "\x00" not in vector]
    assert len(vectors) - len(kept) <= 2, "only the odd NUL vector may be left out"
    return kept


def assert_api_serves_nothing_executable(client, publish, vectors):
    vectors = storable(vectors)
    for start in range(0, len(vectors), PER_REPORT):
        chunk = vectors[start : start + PER_REPORT]
        report = publish([section for vector in chunk for section in report_with(vector)])
        for path in ("/api/lagesbild/latest/", f"/api/lagesbild/{report.pk}/"):
            for _round in ("cold", "cached"):
                response = client.get(path)
                assert response.status_code == 200
                data = json.loads(response.content)
                assert data["id"] == report.pk
                assert len(data["sections"]) == 6 * len(chunk)
                for where, key, value in walk(data):
                    if key == "html":
                        assert_harmless_html(value, where)
                    elif key == "url":
                        assert_no_dangerous_url(value, where)
                        assert value == "" or ABSOLUTE.match(value), where


def test_public_corpus_through_the_api(client, publish, xss_vectors_path):
    records = json.loads(xss_vectors_path.read_text(encoding="utf-8"))
    assert len(records) >= 400
    assert_api_serves_nothing_executable(client, publish, [record["vector"] for record in records])


def test_project_corpus_through_the_api(client, publish):
    assert_api_serves_nothing_executable(client, publish, [record["vector"] for record in project_vectors()])
