"""The iframe page: the same content as the widget, framable by the allowed origins only, no cookies."""

import base64
import hashlib
import re
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from tests import factories

ORIGIN = "https://intranat.example.se"


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]


def csp(response) -> dict:
    return {
        part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split("; ") if part
    }


def test_the_latest_report_with_its_first_section_and_nesting(client, make_report):
    make_report(
        body=[
            factories.bullets(heading="Sammanfattning", html="<ul><li>Ett<ul><li>Inne</li></ul></li></ul>"),
            factories.text(heading="Om rapporten"),
        ]
    )
    response = client.get("/embed/lagesbild/latest/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="title">Regional rapport</h1>' in html
    assert "Sammanställd" in html and "27 maj 2025 kl. 08:30" in html
    # The report page's own section template: the bullets kind, nested.
    (section,) = BeautifulSoup(html, "html.parser").select("section.rapport-section--bullets")
    assert section.h2.get_text() == "Sammanfattning"
    (outer,) = section.select(":scope > ul > li")
    assert outer.find(string=True, recursive=False).strip() == "Ett"
    assert [li.get_text() for li in outer.select(":scope > ul > li")] == ["Inne"]
    assert "Om rapporten" not in html, "the first section by default"
    assert "Läs hela rapporten" in html


def test_sections_and_lang_as_the_widget_has_them(client, make_report):
    make_report(body=[factories.bullets(heading="Första"), factories.text(heading="Andra")])
    html = client.get("/embed/lagesbild/latest/?sections=all&lang=en").content.decode()
    assert "Första" in html and "Andra" in html
    assert "Compiled" in html and "27 May 2025 at 08:30" in html and "Read the full report" in html
    html = client.get("/embed/lagesbild/latest/?sections=1").content.decode()
    assert "Andra" in html and "Första" not in html
    html = client.get("/embed/lagesbild/latest/?sections=²,-1,9").content.decode()
    assert "Första" in html and "Andra" not in html, "nonsense falls back to the first section"


def test_series_and_a_report_by_id(client, make_report, home):
    older = make_report(title="Förra", compiled_at=factories.stockholm(2025, 5, 20))
    make_report(title="Senaste")
    other = factories.make_series(home, slug="ambulans")
    factories.make_report(series=other, title="Ambulans", compiled_at=factories.stockholm(2025, 1, 1))
    assert "Senaste" in client.get("/embed/lagesbild/latest/").content.decode()
    assert "Ambulans" in client.get("/embed/lagesbild/latest/?series=ambulans").content.decode()
    assert "Förra" in client.get(f"/embed/lagesbild/{older.pk}/").content.decode()


def test_no_report_an_unknown_series_or_a_draft_is_a_404_page(client, series, make_report):
    response = client.get("/embed/lagesbild/latest/")
    assert response.status_code == 404
    assert "Ingen lägesbild är publicerad ännu." in response.content.decode()
    draft = make_report(publish=False)
    assert client.get(f"/embed/lagesbild/{draft.pk}/").status_code == 404
    assert client.get("/embed/lagesbild/latest/?series=finns-inte").status_code == 404
    assert client.get("/embed/lagesbild/99999999/").status_code == 404
    assert client.get("/embed/lagesbild/99999999999999999999999/").status_code == 404


def test_the_next_report_and_a_late_one(client, make_report):
    make_report(next_expected_at=factories.stockholm(2025, 6, 3))
    with mock.patch("frontend_widget.embed.timezone.now", return_value=factories.stockholm(2025, 6, 1)):
        on_time = client.get("/embed/lagesbild/latest/")
    assert "Nästa lägesbild väntas 3 juni 2025 kl. 08:30." in on_time.content.decode()
    # Time passes, the report does not change: the page (and its ETag) must.
    with mock.patch("frontend_widget.embed.timezone.now", return_value=factories.stockholm(2025, 6, 4)):
        late = client.get("/embed/lagesbild/latest/", HTTP_IF_NONE_MATCH=on_time["ETag"])
    assert late.status_code == 200
    assert (
        "Nästa lägesbild väntades 3 juni 2025 kl. 08:30 men har inte publicerats ännu."
        in late.content.decode()
    )


def test_framable_by_the_cors_origins_and_itself_only(client, make_report):
    make_report()
    response = client.get("/embed/lagesbild/latest/")
    assert "X-Frame-Options" not in response
    assert csp(response)["frame-ancestors"] == ["'self'", ORIGIN]
    assert csp(response)["default-src"] == ["'none'"]


def test_every_other_page_keeps_x_frame_options_deny(client, make_report):
    report = make_report()
    for url in (report.url, "/api/lagesbild/latest/", "/api/oembed/?url=x", "/widget/"):
        assert client.get(url)["X-Frame-Options"] == "DENY", url


def test_the_inline_style_and_script_are_exactly_the_ones_the_csp_allows(client, make_report):
    make_report()
    response = client.get("/embed/lagesbild/latest/")
    html = response.content.decode()
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        (source,) = re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.S)
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert csp(response)[directive] == [f"'sha256-{digest}'"]


def test_sets_no_cookie_and_does_not_vary_on_cookies(client, make_report, django_user_model):
    make_report()
    client.force_login(django_user_model.objects.create_user("redaktor", is_staff=True))
    client.cookies["csrftoken"] = "x" * 32
    response = client.get("/embed/lagesbild/latest/", HTTP_COOKIE="messages=abc")
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")


def test_the_parent_origin_must_be_allowed(client, make_report):
    make_report()
    allowed = client.get(f"/embed/lagesbild/latest/?origin={ORIGIN}").content.decode()
    assert f'data-parent-origin="{ORIGIN}"' in allowed
    for origin in ("https://evil.example", "null", "javascript:alert(1)", f"{ORIGIN}.evil.example"):
        html = client.get("/embed/lagesbild/latest/", {"origin": origin}).content.decode()
        assert "data-parent-origin=" not in html, origin


def test_a_second_request_with_the_etag_is_a_304(client, make_report):
    make_report()
    first = client.get("/embed/lagesbild/latest/")
    second = client.get("/embed/lagesbild/latest/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 304
    assert second.content == b""
    other_variant = client.get("/embed/lagesbild/latest/?lang=en", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other_variant.status_code == 200


def test_if_none_match_star_is_a_304_when_there_is_a_report(client, series, make_report):
    make_report()
    assert client.get("/embed/lagesbild/latest/?series=ingen", HTTP_IF_NONE_MATCH="*").status_code == 404
    response = client.get("/embed/lagesbild/latest/", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_read_only_also_with_csrf_checks_on(make_report, method):
    make_report()
    response = getattr(Client(enforce_csrf_checks=True), method)("/embed/lagesbild/latest/")
    assert response.status_code == 405  # not Django's CSRF page
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_huge_section_index_is_ignored_not_a_crash(client, make_report):
    make_report()
    response = client.get("/embed/lagesbild/latest/", {"sections": "9" * 5000})
    assert response.status_code == 200
