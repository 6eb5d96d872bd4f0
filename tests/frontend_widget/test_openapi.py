"""The OpenAPI document: it validates, names every endpoint, and real answers match its schema."""

import copy
import json

import jsonschema
import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.settings import patched_settings

from frontend_widget.api_docs import SCHEMA_SETTINGS
from tests.factories import actions, bullets, links, make_person, people, stockholm, text

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/lagesbild/",
    "/api/lagesbild/latest/",
    "/api/lagesbild/{report_id}/",
    "/api/faq/",
    "/api/faq/{faq_id}/",
    "/api/oembed/",
}


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    target = tmp_path_factory.mktemp("openapi") / "schema.yml"
    with django_db_blocker.unblock(), patched_settings(SCHEMA_SETTINGS):
        # --validate checks the document against the OpenAPI 3 specification; warnings fail it. As
        # /api/schema/ serves it: the delivery's addresses and drf-spectacular settings only.
        call_command(
            "spectacular",
            "--urlconf",
            "frontend_widget.urls",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(target),
        )
    return yaml.safe_load(target.read_text())


def test_the_document_describes_every_endpoint_read_only(schema):
    assert set(schema["paths"]) == PATHS
    for path, operations in schema["paths"].items():
        assert set(operations) - {"parameters"} == {"get"}, path
        responses = operations["get"]["responses"]
        assert {"200", "404", "405"} <= set(responses), path
        assert responses["405"]["headers"]["Allow"]["required"] is True
        if path == "/api/oembed/":  # a plain view: no ETag, no throttle
            assert set(responses) == {"200", "400", "404", "405", "501"}
            assert set(responses["200"]["headers"]) == {"Cache-Control"}
            continue
        assert {"304", "429"} <= set(responses), path
        for status in ("200", "304"):
            assert set(responses[status]["headers"]) == {"ETag", "Cache-Control", "Last-Modified"}, path
        assert responses["429"]["headers"]["Retry-After"]["schema"] == {"type": "integer"}


def test_the_page_parameter_starts_at_one(schema):
    (page,) = [p for p in schema["paths"]["/api/lagesbild/"]["get"]["parameters"] if p["name"] == "page"]
    assert page["schema"] == {"type": "integer", "minimum": 1}


def test_the_schema_download_names_its_file_in_ascii(client):
    response = client.get("/api/schema/")
    assert response["Content-Disposition"] == "inline; filename*=utf-8''L%C3%A4gesbild%20API.yaml"
    response["Content-Disposition"].encode("ascii")


def test_the_report_schema_names_every_field(schema):
    components = schema["components"]["schemas"]
    report = components["Report"]
    assert set(report["required"]) == {
        "id",
        "title",
        "series",
        "number",
        "compiled_at",
        "next_expected_at",
        "last_published_at",
        "url",
        "pdf_url",
        "changes",
        "sections",
    }
    section = components["Section"]
    assert section["discriminator"]["propertyName"] == "type"
    assert set(section["discriminator"]["mapping"]) == {"bullets", "actions", "links", "people", "text"}
    bullet = components["Bullet"]
    assert bullet["properties"]["children"]["items"] == {"$ref": "#/components/schemas/Bullet"}
    assert set(components["Person"]["required"]) == {"name", "role", "email", "phone"}
    for name in ("Bullet", "Action", "Link"):
        assert {"change", "anchor"} <= set(components[name]["required"]), name
    for kind in ("Bullets", "Actions", "Links", "People", "Text"):
        assert "anchor" in components[f"{kind}Section"]["required"], kind
    assert set(components["Changes"]["required"]) == {"new", "changed", "removed", "compared_with"}


def json_schema(schema, name):
    """An OpenAPI 3.0 component as JSON Schema: `nullable` becomes a null type."""
    components = copy.deepcopy(schema["components"]["schemas"])

    def convert(node):
        if isinstance(node, dict):
            if node.pop("nullable", False) and "type" in node:
                node["type"] = [node["type"], "null"]
            node.pop("discriminator", None)
            for value in node.values():
                convert(value)
        elif isinstance(node, list):
            for value in node:
                convert(value)

    convert(components)
    return {"$ref": f"#/components/schemas/{name}", "components": {"schemas": components}}


def test_the_faq_schema_names_every_field(schema):
    components = schema["components"]["schemas"]
    assert set(components["Faq"]["required"]) == {
        "id",
        "title",
        "url",
        "last_published_at",
        "intro_html",
        "categories",
    }
    assert set(components["FaqCategory"]["required"]) == {"heading", "questions"}
    assert set(components["FaqQuestion"]["required"]) == {
        "anchor",
        "question",
        "html",
        "url",
        "reviewed_at",
        "changed_since_review",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/faq/{faq_id}/"]["get"]["parameters"]}
    assert "q" in parameters


def test_real_faq_answers_match_the_schema(schema, client, faq):
    for document in (
        client.get(f"/api/faq/{faq.pk}/").json(),
        client.get(f"/api/faq/{faq.pk}/?q=avgift").json(),
    ):
        jsonschema.validate(document, json_schema(schema, "Faq"))
    jsonschema.validate(client.get("/api/faq/").json(), json_schema(schema, "FaqList"))
    broken = client.get(f"/api/faq/{faq.pk}/").json()
    del broken["categories"][0]["questions"][0]["anchor"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json_schema(schema, "Faq"))


def test_real_answers_match_the_schema(schema, client, make_report):
    # An earlier report, so the answers carry "new" and "changed" markers and counts, not only nulls.
    make_report(
        compiled_at=stockholm(2025, 5, 20),
        body=[bullets(html="<ul><li>Ett</li><li>Tvåa</li><li>Borta helt</li></ul>"), links()],
    )
    report = make_report(
        body=[
            bullets(html="<ul><li>Ett<ul><li>Två<ul><li>Tre</li></ul></li></ul></li></ul>"),
            actions(),
            links(),
            people(persons=[make_person(email="anna@example.se")]),
            text(),
        ]
    )
    answers = {
        "Report": [
            client.get("/api/lagesbild/latest/").json(),
            client.get(f"/api/lagesbild/{report.pk}/").json(),
        ],
        "ReportList": [client.get("/api/lagesbild/").json()],
        "Error": [client.get("/api/lagesbild/0/").json(), client.get("/api/lagesbild/?page=x").json()],
    }
    for name, documents in answers.items():
        for document in documents:
            jsonschema.validate(document, json_schema(schema, name))
    changes = answers["Report"][0]["changes"]
    assert changes["new"] and changes["changed"] and changes["removed"] and changes["compared_with"]
    # The schema is strict enough to catch a wrong answer.
    broken = json.loads(json.dumps(answers["Report"][0]))
    del broken["sections"][0]["items"][0]["children"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json_schema(schema, "Report"))
    broken = json.loads(json.dumps(answers["Report"][0]))
    del broken["sections"][0]["items"][0]["children"][0]["anchor"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json_schema(schema, "Report"))
    broken = json.loads(json.dumps(answers["Report"][0]))
    broken["sections"][0]["items"][0]["change"] = "moved"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json_schema(schema, "Report"))


def test_the_schema_and_its_docs_page_are_served_without_a_cdn(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn." not in html and "jsdelivr" not in html and "unpkg" not in html
