"""The Python API other channels (the iframe embed, oEmbed) use: the same cached answers as the API."""

import datetime as dt
import json

import pytest
from django.test import RequestFactory
from wagtail.models import Site

from frontend_widget import delivery
from tests.factories import make_series, stockholm

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def report(make_report):
    return make_report(title="Vecka 22", compiled_at=stockholm(2025, 5, 27))


def test_latest_report_gives_bytes_validators_and_the_presentation(report):
    site = Site.objects.get(is_default_site=True)
    cached = delivery.latest_report(site)
    assert json.loads(cached.json_bytes)["id"] == report.pk
    assert cached.data["title"] == "Vecka 22"
    assert isinstance(cached.data["compiled_at"], dt.datetime)  # Python objects, for templates
    assert cached.etag.startswith('"') and cached.last_modified.endswith("GMT")
    # Without a base URL, links use the site's own root URL.
    assert cached.data["url"] == f"{site.root_url}/lagesbild/2025-05-27/"
    assert delivery.latest_report(site) == cached


def test_the_channels_share_the_apis_answer(client, report):
    response = client.get("/api/lagesbild/latest/")
    request = RequestFactory().get("/embed/lagesbild/latest/")
    site = delivery.site_for_request(request)
    cached = delivery.latest_report(site, base_url=delivery.base_url(request))
    assert cached.json_bytes == response.content
    assert cached.etag == response["ETag"]


def test_by_id_list_and_bad_input(home, series, report):
    site = Site.objects.get(is_default_site=True)
    assert delivery.report_by_id(site, report.pk).data["id"] == report.pk
    assert delivery.report_by_id(site, series.pk) is None
    assert [item["id"] for item in delivery.report_list(site).data["results"]] == [report.pk]
    with pytest.raises(delivery.UnknownSeries):
        delivery.latest_report(site, series_slug="finns-inte")
    with pytest.raises(delivery.PageOutOfRange):
        delivery.report_list(site, page=2)
    make_series(home, slug="tom")
    assert delivery.latest_report(site, series_slug="tom") is None


def test_invalidate_starts_a_new_generation_everywhere(report):
    site = Site.objects.get(is_default_site=True)
    before = delivery.generation()
    first = delivery.latest_report(site)
    delivery.invalidate()
    assert delivery.generation() != before
    assert delivery.latest_report(site) is not first  # built anew, from the database
