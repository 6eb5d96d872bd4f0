"""`check --deploy` generates the API's OpenAPI document and reports what goes wrong with it.

frontend_widget/checks.py also holds the PDF engine's check (W010, tests/frontend_widget/
test_pdf_document.py): these tests read the schema's own ids, so they hold without Pango too.
"""

from django.core import checks

from frontend_widget import api_docs
from frontend_widget.pdf import engine

SCHEMA_IDS = ("frontend_widget.E001", "frontend_widget.W001", "frontend_widget.W002")


def all_findings(prefix="frontend_widget."):
    return [m for m in checks.run_checks(include_deployment_checks=True) if m.id.startswith(prefix)]


def deploy_findings(prefix="frontend_widget."):
    return [m for m in all_findings(prefix) if not m.id.startswith("frontend_widget.") or m.id in SCHEMA_IDS]


def test_the_delivery_schema_generates_cleanly(db):
    assert deploy_findings() == []


def broken_hook(endpoints, **kwargs):
    raise ValueError("no endpoints today")


def test_a_broken_schema_is_an_error_of_the_deploy_check(db, monkeypatch):
    monkeypatch.setitem(api_docs.SCHEMA_SETTINGS, "PREPROCESSING_HOOKS", [f"{__name__}.broken_hook"])
    findings = deploy_findings()
    assert [(m.id, m.msg) for m in findings] == [
        ("frontend_widget.E001", "The API's OpenAPI document: no endpoints today")
    ]
    assert findings[0].level == checks.ERROR


def test_the_deploy_check_does_not_describe_wagtails_admin_api(db):
    # drf-spectacular's own check would fail on Wagtail's admin API views; the project turns it off.
    assert deploy_findings("drf_spectacular.") == []


def _no_pango():
    raise engine.Unavailable("OSError: cannot load library 'libpango-1.0-0'")


def test_the_pdf_engines_warning_keeps_its_own_id_beside_a_broken_schema(db, monkeypatch):
    # Both checks live in one module; a machine without Pango and a broken schema report both, apart.
    monkeypatch.setattr(engine, "_weasyprint", _no_pango)
    monkeypatch.setitem(api_docs.SCHEMA_SETTINGS, "PREPROCESSING_HOOKS", [f"{__name__}.broken_hook"])
    assert sorted(m.id for m in all_findings()) == ["frontend_widget.E001", "frontend_widget.W010"]
