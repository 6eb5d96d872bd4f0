"""The report page serves the delivery's cached presentation: sanitised once per publication.

Previews and unpublished drafts never go through the cache, and without RAPPORT_BLOCKS_PRESENTER
the plugin presents the page on every view, as it does on a site without the delivery app.
"""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from frontend_widget import delivery
from tests.factories import stockholm, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(make_report):
    return make_report(
        title="Vecka 22",
        compiled_at=stockholm(2025, 5, 27, 8, 30),
        next_expected_at=stockholm(2025, 6, 3, 9, 0),
        body=[text(heading="Läget", html='<p>Allt <a href="https://example.se/">fungerar</a>.</p>')],
    )


def view(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_view_is_served_from_the_cache_with_the_same_html(client, report, present_calls):
    first = view(client, report)
    assert present_calls == [report.pk]
    delivery.forget_local()  # as another worker: only the shared cache holds the entry
    second = view(client, report)
    assert present_calls == [report.pk]
    assert second == first
    assert 'Allt <a href="https://example.se/">fungerar</a>.' in second
    assert '<time datetime="2025-05-27T08:30:00+02:00">' in second


def test_the_page_shows_what_it_would_present_itself(client, settings, report):
    cached = view(client, report)
    del settings.RAPPORT_BLOCKS_PRESENTER
    assert view(client, report) == cached


def test_the_cache_shares_its_entry_with_the_api_detail(client, report, present_calls):
    assert client.get(f"/api/lagesbild/{report.pk}/").status_code == 200
    view(client, report)
    assert present_calls == [report.pk]


def test_a_template_cannot_change_the_cached_entry(rf, report):
    from frontend_widget.pages import cached_presentation

    request = rf.get(report.url)
    first = cached_presentation(report, request)
    first["title"] = "Ändrad"
    first["sections"][0]["heading"] = "Ändrad"
    again = cached_presentation(report, request)
    assert again["title"] == "Vecka 22"
    assert again["sections"][0]["heading"] == "Läget"


def test_a_publish_shows_on_the_page_at_once(client, report, commit):
    assert "Läget" in view(client, report)
    report.body = [text(heading="Nytt läge", html="<p>Rättat.</p>")]
    with commit():
        report.save_revision().publish()
    content = view(client, report)
    assert "Nytt läge" in content and "Rättat." in content
    assert "Läget" not in content


def test_an_unpublished_edit_does_not_show_on_the_page(client, report, commit):
    view(client, report)
    report.body = [text(heading="Utkast", html="<p>Inte klart.</p>")]
    with commit():
        report.save_revision()
    content = view(client, report)
    assert "Läget" in content
    assert "Utkast" not in content and "Inte klart." not in content


def test_the_admin_preview_of_a_draft_shows_the_draft_not_the_cached_page(
    client, admin_client, report, present_calls
):
    view(client, report)
    report.body = [text(heading="Utkast", html="<p>Inte klart.</p>")]
    revision = report.save_revision()
    present_calls.clear()
    response = admin_client.get(reverse("wagtailadmin_pages:revisions_view", args=[report.pk, revision.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Utkast" in content and "Inte klart." in content
    assert "Läget" not in content
    assert present_calls == [report.pk]  # presented from the draft, not read from the cache
    assert "Utkast" not in view(client, report)  # and the draft did not reach the cache


def test_a_password_protected_report_is_presented_for_whoever_has_the_password(client, report, present_calls):
    restriction = PageViewRestriction.objects.create(
        page=report, restriction_type="password", password="x-lösen-123"
    )
    assert "Läget" not in client.get(report.url).content.decode()  # Wagtail's password form
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, report.pk]),
        {"password": "x-lösen-123", "return_url": report.url},
    )
    present_calls.clear()
    assert "Läget" in view(client, report)
    assert "Läget" in view(client, report)
    assert present_calls == [report.pk, report.pk]  # never cached: the delivery doesn't serve it


def test_without_the_setting_the_page_presents_itself_on_every_view(client, settings, report, present_calls):
    del settings.RAPPORT_BLOCKS_PRESENTER
    settings.LAGESBILD_PAGE_CACHE_SECONDS = 0  # the rendered page's own cache aside
    first = view(client, report)
    second = view(client, report)
    assert present_calls == [report.pk, report.pk]
    assert first == second and 'Allt <a href="https://example.se/">fungerar</a>.' in first
