"""Every kind of answer carries a Content-Security-Policy and the other security headers.

Three policies (cms/csp.py): the public pages allow only this server's scripts and styles and
nothing inline; Wagtail admin allows inline scripts and styles (Wagtail 8 writes them) but never
eval; data (JSON, feeds) allows nothing. The iframe pages and /api/docs/ keep their own.
"""

import json
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests import servers
from tests.conftest import PROJECT_DIR

ORIGIN = "https://intranat.example.se"


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]


def policy(response, header="Content-Security-Policy") -> dict:
    assert header in response, f"no {header} on {response.status_code} {response.get('Content-Type')}"
    return {part.split()[0]: part.split()[1:] for part in response[header].split("; ") if part.strip()}


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def assert_site_policy(response):
    csp = policy(response)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"], "only this server's script files, nothing inline"
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert_common_headers(response)


def assert_data_policy(response):
    csp = policy(response)
    assert csp == {
        "default-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
    assert_common_headers(response)


@pytest.fixture
def published(make_report, make_faq):
    return {"report": make_report(title="Vecka 22"), "faq": make_faq()}


@pytest.mark.parametrize("address", ["/", "report", "series", "faq", "archive", "/finns-inte/"])
def test_public_pages_allow_only_this_servers_files(client, published, series, address):
    path = {
        "report": published["report"].url,
        "series": series.url,
        "faq": published["faq"].url,
        "archive": series.url + "?q=vecka",
    }.get(address, address)
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert response["Content-Type"].startswith("text/html")
    assert_site_policy(response)
    html = response.content.decode()
    assert "<script>" not in html and "<style" not in html and ' style="' not in html, (
        "the policy would refuse anything inline"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/lagesbild/",
        "/api/lagesbild/latest/",
        "report",
        "/api/lagesbild/999999/",
        "/api/lagesbild/?page=x",
        "/api/faq/",
        "faq",
        "/api/schema/",
        "/api/finns-inte/",
        "oembed",
        "/flode/lagesbild/rss/",
        "/flode/lagesbild/atom/",
    ],
)
def test_data_allows_nothing(client, published, series, path):
    path = {
        "report": f"/api/lagesbild/{published['report'].pk}/",
        "faq": f"/api/faq/{published['faq'].pk}/",
        "oembed": "/api/oembed/?url=http://localhost" + published["report"].url,
    }.get(path, path)
    response = client.get(path, HTTP_HOST="localhost")
    assert not response["Content-Type"].startswith("text/html")
    assert_data_policy(response)


def test_a_304_keeps_the_policy_of_its_200(client, published):
    first = client.get("/api/lagesbild/latest/")
    again = client.get("/api/lagesbild/latest/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert policy(again) == policy(first)


def test_the_api_docs_keep_their_own_policy(client):
    response = client.get("/api/docs/")
    csp = policy(response)
    assert csp["script-src"] == ["'self'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"], "Redoc styles itself inline"
    assert_common_headers(response)


@pytest.mark.parametrize("path", ["/embed/lagesbild/latest/", "faq"])
def test_the_iframe_pages_keep_their_own_policy_framable_by_the_intranets(client, published, path):
    path = f"/embed/faq/{published['faq'].pk}/" if path == "faq" else path
    response = client.get(path)
    csp = policy(response)
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'", ORIGIN]
    assert csp["script-src"][0].startswith("'sha256-")
    assert "X-Frame-Options" not in response
    assert_common_headers(response)


@pytest.fixture
def staff_client(db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.se", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_the_widget_page_allows_exactly_its_snippets_inline(staff_client, published, settings):
    settings.DEBUG = False
    response = staff_client.get("/widget/")
    assert response.status_code == 200
    csp = policy(response)
    html = response.content.decode()
    scripts = [part.split("</script>")[0] for part in html.split("<script>")[1:]]
    assert len(scripts) == 1, "the frame's sizer"
    from frontend_widget.widget_page import sha256_source

    assert csp["script-src"] == ["'self'", sha256_source(scripts[0])]
    assert csp["style-src"][:2] == ["'self'", "'unsafe-hashes'"]
    assert sha256_source("display:block;height:30em") in csp["style-src"]
    assert "'unsafe-inline'" not in csp["style-src"] + csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/", "/admin/pages/"])
def test_the_admin_runs_inline_scripts_but_never_eval(staff_client, published, path):
    response = (Client() if path == "/admin/login/" else staff_client).get(path)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["frame-ancestors"] == ["'self'"], "the admin frames its own previews"
    assert csp["object-src"] == ["'none'"]
    assert_common_headers(response)


def test_hsts_only_over_https(settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    assert "Strict-Transport-Security" not in client.get("/healthz")
    assert client.get("/healthz", secure=True)["Strict-Transport-Security"] == "max-age=31536000"


def production_settings(tmp_path, **extra) -> dict:
    """The settings that production's environment (tests/site/test_production_server.py) gives."""
    from tests.site.test_production_server import PRODUCTION

    env = {**servers.production_env(tmp_path, PRODUCTION["DATABASE_URL"]), **PRODUCTION, **extra}
    env.pop("DEBUG")
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({n: getattr(s, n) for n in "
        "['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', "
        "'X_FRAME_OPTIONS', 'CONTENT_SECURITY_POLICY', 'CONTENT_SECURITY_POLICY_REPORT_ONLY', "
        "'CONTENT_SECURITY_POLICIES']}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_and_https_is_remembered(tmp_path):
    values = production_settings(tmp_path)
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000 and values["SECURE_SSL_REDIRECT"] is True
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["frame-ancestors"] == ["'none'"]
    assert values["CONTENT_SECURITY_POLICY_REPORT_ONLY"] is None


def test_policies_from_the_environment(tmp_path):
    values = production_settings(
        tmp_path,
        CSP_FRAME_ANCESTORS="https://intranat.example.se",
        CSP_REPORT_URI="https://lagesbild.example.se/csp-rapport",
        CSP_REPORT_ONLY="1",
    )
    assert values["CONTENT_SECURITY_POLICY"] is None
    site = values["CONTENT_SECURITY_POLICY_REPORT_ONLY"]["DIRECTIVES"]
    assert site["frame-ancestors"] == ["https://intranat.example.se"]
    assert values["X_FRAME_OPTIONS"] == "SAMEORIGIN"
    for name in ("site", "admin", "data"):
        assert values["CONTENT_SECURITY_POLICIES"][name]["report-uri"] == [
            "https://lagesbild.example.se/csp-rapport"
        ]


def test_report_only_sends_the_policy_unenforced(client, published, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get(published["report"].url)
    assert "Content-Security-Policy" not in response
    assert policy(response, "Content-Security-Policy-Report-Only")["script-src"] == ["'self'"]


def test_a_preview_gets_the_admin_policy(rf):
    """Wagtail renders a preview as a dummy request for the page's public path, framed by the admin."""
    from django.http import HttpResponse

    from cms.csp import policy_name

    request = rf.get("/lagesbild/vecka-22/")
    assert policy_name(request, HttpResponse()) == "site"
    request.is_dummy = True
    assert policy_name(request, HttpResponse()) == "admin"
