"""The API's JSON of the demo reports (fixtures/demo/, loaded by `load_demo`), pinned in golden files.

A change to the contract, the presentation or the demo shows here as a diff of the whole answer.
When the change is intended, write the files anew and review the diff before committing:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/frontend_widget/test_api_golden.py

Page ids (also `compared_with`) and publication times differ from run to run; they are replaced
by stable markers ("<report 2026-11-24>", "<published>") before comparing.
"""

import json
import os
import re

import pytest
from django.core.management import call_command

from rapport_blocks.models import FaqPage, RapportPage
from tests.conftest import TEST_DATA_DIR

pytestmark = pytest.mark.django_db

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def demo(db, settings):
    settings.ALLOWED_HOSTS = ["lagesbild.example.se"]
    call_command("load_demo", host="lagesbild.example.se", port=443, stdout=open(os.devnull, "w"))
    reports = {page.slug: page for page in RapportPage.objects.live()}
    assert len(reports) >= 2, "the demo fixture should publish at least two reports"
    return {**reports, **{f"faq {page.slug}": page for page in FaqPage.objects.live()}}


def get(client, path):
    response = client.get(path, HTTP_HOST="lagesbild.example.se", secure=True)
    assert response.status_code == 200, response.content
    return response.json()


def stable(data, reports):
    """The answer with run-dependent values replaced by markers."""
    names = {
        page.pk: f"<{slug}>" if slug.startswith("faq ") else f"<report {slug}>"
        for slug, page in reports.items()
    }

    def walk(node, key=None):
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if key in ("id", "compared_with") and node in names:
            return names[node]
        if key == "last_published_at" and node:
            return "<published>"
        if key == "api_url":
            return re.sub(r"/api/faq/(\d+)/", lambda m: f"/api/faq/{names.get(int(m[1]), m[1])}/", node)
        return node

    return walk(data)


def check(name: str, data):
    path = TEST_DATA_DIR / f"api-{name}.json"
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{path.name} did not exist and was written: review it, then run again")
    assert data == json.loads(path.read_text(encoding="utf-8")), f"differs from {path.name}"


def test_latest_matches_its_golden_file(client, demo):
    check("latest", stable(get(client, "/api/lagesbild/latest/"), demo))


def test_the_list_matches_its_golden_file(client, demo):
    check("list", stable(get(client, "/api/lagesbild/"), demo))


def test_each_demo_report_matches_its_golden_file(client, demo):
    for slug, page in sorted(demo.items()):
        if not slug.startswith("faq "):
            check(f"report-{slug}", stable(get(client, f"/api/lagesbild/{page.pk}/"), demo))


def test_the_demo_faq_matches_its_golden_file(client, demo):
    (faq,) = [page for slug, page in demo.items() if slug.startswith("faq ")]
    check("faq", stable(get(client, f"/api/faq/{faq.pk}/"), demo))
    check("faq-search", stable(get(client, f"/api/faq/{faq.pk}/?q=utbildningar"), demo))
    check("faq-list", stable(get(client, "/api/faq/"), demo))


def test_the_golden_files_are_the_whole_contract(client, demo):
    """What the goldens pin, checked without them: so a wrong golden can't be accepted blindly."""
    data = get(client, "/api/lagesbild/latest/")
    assert [section["type"] for section in data["sections"]] == [
        "bullets",
        "bullets",
        "bullets",
        "actions",
        "links",
        "bullets",
        "people",
        "text",
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["compiled_at"])
    assert data["url"].startswith("https://lagesbild.example.se/")
    assert data["series"]["url"].startswith("https://lagesbild.example.se/")
    deepest = max(
        depth(item)
        for section in data["sections"]
        if section["type"] == "bullets"
        for item in section["items"]
    )
    assert deepest >= 3
    # The counts agree with the markers, and the report is compared with the one before it.
    assert data["changes"]["compared_with"] == demo["2026-11-17"].pk
    markers = [change for section in data["sections"] for change in changes_in(section.get("items", []))]
    assert data["changes"]["new"] == markers.count("new") > 0
    assert data["changes"]["changed"] == markers.count("changed") > 0
    assert data["changes"]["removed"] > 0
    raw = json.dumps(data)
    assert "linktype" not in raw and "data-block-key" not in raw


def depth(item) -> int:
    return 1 + max((depth(child) for child in item["children"]), default=0)


def changes_in(items):
    for item in items:
        if "change" in item:
            yield item["change"]
        yield from changes_in(item.get("children", []))
