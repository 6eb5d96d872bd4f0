"""The report page's shared copy (frontend_widget/page_cache.py): for anonymous visitors only.

A cached report page is never served to an editor, to the visitor of a restricted report, or after
the report is hidden (unpublished, restricted, past its expiry, its series unpublished); and what a
visitor gets is byte for byte what the page renders without the cache, in every encoding.
"""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import stockholm, text

pytestmark = pytest.mark.django_db

ENCODINGS = ("", "gzip", "br")


@pytest.fixture
def report(make_report):
    return make_report(
        title="Vecka 21",
        compiled_at=stockholm(2025, 5, 20),
        body=[text(heading="Läget", html="<p>Allt fungerar.</p>")],
    )


def get(client, url, encoding=""):
    headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return response, len(captured)


def test_a_second_anonymous_view_is_the_shared_copy(client, report):
    first, first_queries = get(client, report.url)
    again, again_queries = get(client, report.url)
    assert first.status_code == again.status_code == 200
    assert first_queries > 0 and again_queries == 0
    assert again.content == first.content and "Allt fungerar." in again.content.decode()


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_shared_copy_is_byte_identical_to_a_fresh_rendering(client, settings, report, encoding):
    settings.LAGESBILD_PAGE_CACHE_SECONDS = 0
    fresh, _ = get(client, report.url, encoding)
    settings.LAGESBILD_PAGE_CACHE_SECONDS = 300
    stored, stored_queries = get(client, report.url, encoding)  # rendered, then kept
    served, served_queries = get(client, report.url, encoding)  # the kept copy
    assert stored_queries > 0 and served_queries == 0
    for response in (stored, served):
        assert response.content == fresh.content
        assert response.get("Content-Encoding") == fresh.get("Content-Encoding") == (encoding or None)
        assert dict(response.items()) == dict(fresh.items())


def test_the_kept_copy_is_compressed_once(client, report, monkeypatch):
    from frontend_widget import compression

    calls = []
    real = compression.encode
    monkeypatch.setattr(compression, "encode", lambda body: calls.append(body) or real(body))
    pages = []
    for encoding in ("gzip", "br", "gzip", "br", ""):
        response, _ = get(client, report.url, encoding)
        assert response.status_code == 200
        pages.append(response)
    html = pages[-1].content
    # The API's entry (the page's presentation) is encoded once too; the page's HTML once only.
    assert [body for body in calls if body == html] == [html]


def test_an_editor_is_never_served_the_shared_copy_nor_leaves_one(client, admin_client, report):
    anonymous, _ = get(client, report.url)
    editor, editor_queries = get(admin_client, report.url)
    assert editor_queries > 0
    assert b"wagtail-userbar" in editor.content and b"wagtail-userbar" not in anonymous.content
    after, after_queries = get(client, report.url)
    assert after_queries == 0 and b"wagtail-userbar" not in after.content


def test_a_restricted_report_is_never_kept_nor_served_from_a_copy(client, report, commit):
    get(client, report.url)  # a copy of the public page exists
    with commit():
        restriction = PageViewRestriction.objects.create(
            page=report, restriction_type=PageViewRestriction.PASSWORD, password="x-lösen-123"
        )
    for _ in range(2):
        form, queries = get(client, report.url)
        assert queries > 0
        assert "Allt fungerar." not in form.content.decode()
    # Whoever gives the password has a session: rendered for them, every time.
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, report.pk]),
        {"password": "x-lösen-123", "return_url": report.url},
    )
    for _ in range(2):
        page, queries = get(client, report.url)
        assert page.status_code == 200 and queries > 0
        assert "Allt fungerar." in page.content.decode()
    client.cookies.clear()
    form, _ = get(client, report.url)
    assert "Allt fungerar." not in form.content.decode()


def test_a_restriction_on_the_series_hides_the_kept_report(client, series, report, commit):
    get(client, report.url)
    with commit():
        PageViewRestriction.objects.create(
            page=series, restriction_type=PageViewRestriction.PASSWORD, password="x-lösen-123"
        )
    response, queries = get(client, report.url)
    assert queries > 0 and "Allt fungerar." not in response.content.decode()


def test_an_unpublished_report_is_gone_at_once(client, report, commit):
    get(client, report.url)
    with commit():
        report.unpublish()
    response, _ = get(client, report.url)
    assert response.status_code == 404


def test_an_unpublished_series_hides_its_kept_report(client, series, report, commit):
    get(client, report.url)
    with commit():
        series.unpublish()
    response, _ = get(client, report.url)
    assert response.status_code == 404


def test_a_copy_ends_when_the_report_expires(client, make_report):
    expiring = make_report(
        title="Vecka 22", compiled_at=stockholm(2025, 5, 27), expire_at=timezone.now() + timedelta(seconds=2)
    )
    first, _ = get(client, expiring.url)
    again, queries = get(client, expiring.url)
    assert first.status_code == again.status_code == 200 and queries == 0
    time.sleep(max(0, (expiring.expire_at - timezone.now()).total_seconds()) + 0.1)
    response, _ = get(client, expiring.url)
    assert response.status_code == 404


def test_the_visibility_rule_decides_even_for_an_answer_that_looks_public(client, series, report, commit):
    """Beside the headers: a page the rule refuses is never kept, whatever its answer says."""
    from frontend_widget import page_cache

    request = get(client, report.url)[0].wsgi_request
    looks_public = HttpResponse("<p>Allt fungerar.</p>")
    looks_public.context_data = {"page": report}
    assert page_cache._cacheable(request, looks_public) is True
    with commit():
        PageViewRestriction.objects.create(
            page=series, restriction_type=PageViewRestriction.PASSWORD, password="x-lösen-123"
        )
    assert page_cache._cacheable(request, looks_public) is False


@pytest.mark.parametrize(
    "credentials",
    [{"HTTP_AUTHORIZATION": "Bearer x-token"}, {"HTTP_COOKIE": "sessionid=x-session"}],
    ids=["authorization", "cookie"],
)
def test_a_request_with_credentials_is_rendered_and_leaves_no_copy(client, report, credentials):
    get(client, report.url)  # a copy exists
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(report.url, **credentials)
        assert response.status_code == 200 and len(captured) > 0
    client.cookies.clear()
    _response, queries = get(client, report.url)
    assert queries == 0  # the anonymous copy is still the one from before
