"""The webhooks in /api/schema/ (OpenAPI 3.1 `webhooks`) describe what a receiver really gets.

A rich report is published, updated and unpublished; the bodies payload.py made, as the test's real
receiver got them, must match the served document's request body of their event, and each request
must carry the headers the document names.
"""

import json

import jsonschema
import pytest
from rest_framework.settings import api_settings

from rapport_blocks.models import OutboxEvent
from tests import factories
from tests.frontend_widget.webhook_support import endpoint_at

pytestmark = pytest.mark.django_db

EVENTS = [OutboxEvent.PUBLISHED, OutboxEvent.UPDATED, OutboxEvent.UNPUBLISHED]


@pytest.fixture
def document(client):
    response = client.get("/api/schema/", {"format": "json"}, HTTP_HOST="localhost")
    assert response.status_code == 200
    return json.loads(response.content)


def body_schema(document: dict, event: str) -> dict:
    """The webhook's request body as JSON Schema: a 3.1 document's schemas are JSON Schema 2020-12."""
    content = document["webhooks"][event]["post"]["requestBody"]["content"]
    return {**content["application/json"]["schema"], "components": document["components"]}


@pytest.fixture
def received(series, commit, webhooks, receiver):
    """The three events of one report, as a standard endpoint received them (verified)."""
    endpoint_at(receiver, series, "/hook")
    # An earlier report, so the report carries "new" and "changed" markers and counts, not only nulls.
    with commit():
        factories.make_report(
            series=series,
            title="Vecka 48",
            compiled_at=factories.stockholm(2026, 11, 24),
            body=[factories.bullets(html="<ul><li>Ett</li><li>Tvåa</li><li>Borta helt</li></ul>")],
        )
    with commit():
        report = factories.make_report(
            series=series,
            title="Vecka 49",
            compiled_at=factories.stockholm(2026, 12, 1),
            body=[
                factories.bullets(html="<ul><li>Ett<ul><li>Två<ul><li>Tre</li></ul></li></ul></li></ul>"),
                factories.actions(),
                factories.links(),
                factories.people(persons=[factories.make_person(email="anna@example.se")]),
                factories.text(),
            ],
        )
    with commit():
        report.title = "Vecka 49, rättad"
        report.save_revision().publish()
    with commit():
        report.unpublish()
    requests = receiver.to("/hook")[-3:]
    assert [json.loads(r.body)["type"] for r in requests] == EVENTS
    assert all(r.verified for r in requests)
    return requests


def test_the_document_is_openapi_3_1_with_the_three_webhooks(document):
    # Made although the site's own schema class is DRF's (the demo host's, and DRF's default).
    assert api_settings.DEFAULT_SCHEMA_CLASS.__module__ == "rest_framework.schemas.openapi"
    assert document["openapi"] == "3.1.0"
    assert set(document["webhooks"]) == set(EVENTS)
    for event in EVENTS:
        operation = document["webhooks"][event]["post"]
        assert {"200", "410", "429"} <= set(operation["responses"])
        assert [p["name"] for p in operation["parameters"] if p["in"] == "header" and p["required"]] == [
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature",
        ]
    # A published or updated report is the API's own Report, not a copy of it.
    for event in (OutboxEvent.PUBLISHED, OutboxEvent.UPDATED):
        name = body_schema(document, event)["$ref"].rsplit("/", 1)[1]
        data = document["components"]["schemas"][name]["properties"]["data"]
        assert {"$ref": "#/components/schemas/Report"} in data["allOf"]
    # Every schema of the document is valid JSON Schema 2020-12 (OpenAPI 3.1's dialect).
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    assert "nullable" not in json.dumps(document)


def test_every_event_a_receiver_gets_matches_its_webhook_in_the_document(document, received):
    for request in received:
        payload = json.loads(request.body)
        event = payload["type"]
        jsonschema.validate(payload, body_schema(document, event))
        for parameter in document["webhooks"][event]["post"]["parameters"]:
            jsonschema.validate(request.headers[parameter["name"]], parameter["schema"])
    published = json.loads(received[0].body)["data"]
    assert published["changes"]["new"] and published["changes"]["changed"]
    assert json.loads(received[2].body)["data"] == {"id": published["id"]}


def test_the_webhook_schemas_refuse_a_wrong_body(document, received):
    published, updated, unpublished = (json.loads(r.body) for r in received)
    wrong = [
        (OutboxEvent.PUBLISHED, {**published, "type": OutboxEvent.UPDATED}),
        (OutboxEvent.PUBLISHED, {**published, "data": {"id": published["data"]["id"]}}),
        (OutboxEvent.UPDATED, {key: value for key, value in updated.items() if key != "timestamp"}),
        (OutboxEvent.UNPUBLISHED, {**unpublished, "data": {}}),
    ]
    broken = json.loads(received[1].body)
    del broken["data"]["sections"][0]["items"][0]["children"][0]["anchor"]
    wrong.append((OutboxEvent.UPDATED, broken))
    for event, payload in wrong:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(payload, body_schema(document, event))
