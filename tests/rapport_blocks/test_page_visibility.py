"""The site's own pages obey the visibility rule where Wagtail alone would still serve a page."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from tests.factories import make_report, stockholm

pytestmark = pytest.mark.django_db


def test_a_live_report_under_an_unpublished_series_is_a_404(client, series, make_report, commit):
    report = make_report()
    assert client.get(report.url).status_code == 200  # where a delivery is installed, a kept copy now
    with commit():  # as in production: the unpublication commits, and kept copies go with it
        series.unpublish()
    report.refresh_from_db()
    assert report.live  # Wagtail keeps it live and would serve it
    assert client.get(report.url).status_code == 404


def test_an_expired_report_is_a_404_before_publish_scheduled_runs(client, make_report):
    report = make_report()
    url = report.url
    Page.objects.filter(pk=report.pk).update(expire_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(url).status_code == 404


def test_an_expired_series_hides_its_page_and_its_reports(client, series, make_report):
    report = make_report()
    Page.objects.filter(pk=series.pk).update(expire_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(series.url).status_code == 404
    assert client.get(report.url).status_code == 404
    assert report.title not in client.get("/").content.decode()


def test_a_restricted_report_shows_wagtails_password_form_not_its_content(client, make_report):
    report = make_report(title="Skyddad rapport")
    PageViewRestriction.objects.create(page=report, restriction_type="password", password="x")
    response = client.get(report.url)
    assert response.status_code == 200
    assert "Skyddad rapport" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_the_series_page_lists_only_visible_reports(client, series, make_report):
    visible = make_report(title="Synlig", compiled_at=stockholm(2025, 5, 1))
    expired = make_report(title="Utgången", compiled_at=stockholm(2025, 5, 8))
    Page.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - dt.timedelta(seconds=1))
    page = client.get(series.url).content.decode()
    assert visible.title in page
    assert expired.title not in page


def test_a_preview_still_works_for_the_editor_where_the_series_is_unpublished(series):
    draft = make_report(series=series, title="Utkast", publish=False)
    series.unpublish()
    response = draft.make_preview_request()
    assert response.status_code == 200
    assert "Utkast" in response.content.decode()
