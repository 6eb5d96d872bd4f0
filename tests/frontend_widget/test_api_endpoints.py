"""The endpoints as a client sees them: which report, which order, pages, and clear JSON errors."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_report, make_series, stockholm

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_latest_is_the_newest_by_compiled_at_of_all_series(client, home, series):
    other = make_series(home, title="Andra serien", slug="andra")
    older = make_report(series=series, compiled_at=stockholm(2025, 5, 20))
    newest = make_report(series=other, compiled_at=stockholm(2025, 5, 27))
    make_report(series=series, compiled_at=stockholm(2025, 5, 13))
    assert client.get("/api/lagesbild/latest/").json()["id"] == newest.pk
    assert client.get("/api/lagesbild/latest/?series=lagesbild").json()["id"] == older.pk
    assert client.get("/api/lagesbild/latest/?series=andra").json()["id"] == newest.pk


def test_reports_compiled_at_the_same_time_are_ordered_by_first_publication(client, series):
    same = stockholm(2025, 5, 27)
    first = make_report(series=series, compiled_at=same, publish=False)
    second = make_report(series=series, compiled_at=same)
    first.get_latest_revision().publish()  # published after `second`
    assert client.get("/api/lagesbild/latest/").json()["id"] == first.pk
    assert ids(client.get("/api/lagesbild/")) == [first.pk, second.pk]


def test_the_list_items_have_the_contracts_fields(client, series):
    report = make_report(series=series, title="Regional rapport", compiled_at=stockholm(2025, 5, 27, 8, 30))
    item = client.get("/api/lagesbild/").json()["results"][0]
    assert item == {
        "id": report.pk,
        "title": "Regional rapport",
        "series": {
            "slug": "lagesbild",
            "title": "Lägesbild vårdinformationssystem",
            "url": "http://testserver/lagesbild/",
        },
        "compiled_at": "2025-05-27T08:30:00+02:00",
        "url": "http://testserver/lagesbild/2025-05-27/",
    }


def test_the_list_is_paginated_newest_first_with_absolute_links(client, series, settings):
    settings.LAGESBILD_API_PAGE_SIZE = 2
    reports = [make_report(series=series, compiled_at=stockholm(2025, 5, day)) for day in (6, 13, 20, 27, 28)]
    newest_first = [report.pk for report in reversed(reports)]

    first = client.get("/api/lagesbild/").json()
    assert first["count"] == 5
    assert [item["id"] for item in first["results"]] == newest_first[:2]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/lagesbild/?page=2"

    second = client.get(first["next"]).json()
    assert [item["id"] for item in second["results"]] == newest_first[2:4]
    assert second["previous"] == "http://testserver/api/lagesbild/"

    last = client.get("/api/lagesbild/?page=3").json()
    assert [item["id"] for item in last["results"]] == newest_first[4:]
    assert last["next"] is None


def test_the_series_filter_is_kept_in_page_links(client, home, series, settings):
    settings.LAGESBILD_API_PAGE_SIZE = 1
    other = make_series(home, slug="andra")
    make_report(series=other)
    wanted = [make_report(series=series, compiled_at=stockholm(2025, 5, day)) for day in (20, 27)]
    first = client.get("/api/lagesbild/?series=lagesbild").json()
    assert first["count"] == 2
    assert first["next"] == "http://testserver/api/lagesbild/?series=lagesbild&page=2"
    assert ids(client.get(first["next"])) == [wanted[0].pk]


def test_an_empty_site_lists_nothing_and_has_no_latest(client, series):
    response = client.get("/api/lagesbild/")
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
    latest = client.get("/api/lagesbild/latest/")
    assert latest.status_code == 404
    assert latest["Content-Type"] == "application/json"
    assert latest.json()["detail"] == "Ingen rapport har publicerats än."


def test_a_series_with_no_report_yet_has_no_latest(client, home, series):
    make_report(series=series)
    make_series(home, slug="tom")
    response = client.get("/api/lagesbild/latest/?series=tom")
    assert response.status_code == 404
    assert response.json()["detail"] == "Ingen rapport har publicerats än."


def test_one_report_by_id(client, series):
    report = make_report(series=series, title="Rapport 7")
    data = client.get(f"/api/lagesbild/{report.pk}/").json()
    assert (data["id"], data["title"], data["url"]) == (
        report.pk,
        "Rapport 7",
        "http://testserver/lagesbild/2025-05-27/",
    )


def test_a_page_that_is_not_a_report_is_not_found(client, home, series):
    make_report(series=series)
    assert client.get(f"/api/lagesbild/{series.pk}/").status_code == 404
    assert client.get(f"/api/lagesbild/{home.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path, status, detail",
    [
        ("/api/lagesbild/latest/?series=finns-inte", 404, "Det finns ingen sådan rapportserie."),
        ("/api/lagesbild/?series=finns-inte", 404, "Det finns ingen sådan rapportserie."),
        ("/api/lagesbild/latest/?series=%C3%A5%00%3Cscript%3E", 404, "Det finns ingen sådan rapportserie."),
        ("/api/lagesbild/abc/", 404, "Ett rapport-id är ett tal."),
        ("/api/lagesbild/-1/", 404, "Ett rapport-id är ett tal."),
        ("/api/lagesbild/1.5/", 404, "Ett rapport-id är ett tal."),
        ("/api/lagesbild/99999999999999999999999999/", 404, "Det finns ingen sådan rapport."),
        ("/api/lagesbild/9223372036854775807/", 404, "Det finns ingen sådan rapport."),
        ("/api/lagesbild/?page=abc", 400, "Sidnumret ska vara ett heltal från 1."),
        ("/api/lagesbild/?page=-1", 400, "Sidnumret ska vara ett heltal från 1."),
        ("/api/lagesbild/?page=0", 400, "Sidnumret ska vara ett heltal från 1."),
        ("/api/lagesbild/?page=", 400, "Sidnumret ska vara ett heltal från 1."),
        ("/api/lagesbild/?page=1.5", 400, "Sidnumret ska vara ett heltal från 1."),
        ("/api/lagesbild/?page=%C2%B2", 400, "Sidnumret ska vara ett heltal från 1."),
        ("/api/lagesbild/?page=2", 404, "Sidan finns inte."),
        ("/api/lagesbild/?page=999999999999", 404, "Sidan finns inte."),
        ("/api/lagesbild/?page=" + "9" * 5000, 404, "Sidan finns inte."),
        ("/api/lagesbild/latest/?series=" + "x" * 5000, 404, "Det finns ingen sådan rapportserie."),
    ],
)
def test_bad_input_gets_a_json_error_in_swedish(client, series, path, status, detail):
    make_report(series=series)
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/lagesbild/latest/", "/api/lagesbild/", "/api/lagesbild/{id}/"])
def test_the_api_is_read_only(client, series, method, path):
    report = make_report(series=series)
    response = getattr(client, method)(path.format(id=report.pk), data={}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["detail"] == f'Metoden "{method.upper()}" tillåts inte.'
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert client.get("/api/lagesbild/").json()["count"] == 1


def test_wagtails_api_v3_is_not_exposed(client, series):
    make_report(series=series)
    for path in ("/api/v3/", "/api/v3/pages/", "/api/v3/pages/1/", "/api/v2/pages/"):
        assert client.get(path).status_code == 404, path
        assert client.post(path, data={}).status_code in (403, 404, 405), path


def test_the_browsable_api_is_off_without_debug(client, series):
    make_report(series=series)
    response = client.get("/api/lagesbild/latest/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/json"
    assert response.json()["title"]


def test_the_browsable_api_is_there_with_debug(client, series, settings):
    settings.DEBUG = True
    make_report(series=series)
    response = client.get("/api/lagesbild/latest/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert client.get("/api/lagesbild/latest/").json()["title"]


def test_the_benchmarks_constant_view_is_not_mounted(client, series):
    assert client.get("/api/bench/constant/").status_code == 404


def test_a_request_without_a_wagtail_site_gets_a_json_404(client, series):
    from wagtail.models import Site

    make_report(series=series)
    Site.objects.all().delete()
    for _round in ("cold", "warm"):
        response = client.get("/api/lagesbild/latest/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Adressen hör inte till någon webbplats."}


def test_a_scheduled_expiry_in_the_future_still_shows(client, series):
    report = make_report(series=series, expire_at=timezone.now() + dt.timedelta(days=7))
    assert client.get("/api/lagesbild/latest/").json()["id"] == report.pk
