"""`check --deploy` generates the API's OpenAPI document and reports what goes wrong with it."""

from django.core import checks

from frontend_widget import api_docs


def deploy_findings(prefix="frontend_widget."):
    return [m for m in checks.run_checks(include_deployment_checks=True) if m.id.startswith(prefix)]


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
