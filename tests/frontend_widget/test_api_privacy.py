"""Only live, public reports of the request's own site reach any endpoint, cached or not.

Each case hides a report B that is newer than the public report A, so B would be the latest if it
leaked. Where B was visible first, every endpoint is asked (and so cached) before B is hidden: the
cached answers must go too.
"""

import datetime as dt
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from tests.factories import bullets, make_report, make_series, stockholm

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.postgres]


def latest_id(client, **extra):
    response = client.get("/api/lagesbild/latest/", **extra)
    assert response.status_code == 200, response.content
    return response.json()["id"]


def listed_ids(client, **extra):
    response = client.get("/api/lagesbild/", **extra)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def detail_status(client, report, **extra):
    return client.get(f"/api/lagesbild/{report.pk}/", **extra).status_code


def ask_every_endpoint(client, *reports):
    client.get("/api/lagesbild/latest/")
    client.get("/api/lagesbild/")
    for report in reports:
        client.get(f"/api/lagesbild/{report.pk}/")


def assert_only_a_is_public(client, a, b):
    for _round in ("after the change", "warm"):
        assert latest_id(client) == a.pk
        assert listed_ids(client) == [a.pk]
        assert detail_status(client, b) == 404
        assert detail_status(client, a) == 200


@pytest.fixture
def public_report(make_report):
    return make_report(title="Publik rapport", compiled_at=stockholm(2025, 5, 20))


def newer(series, **kwargs):
    kwargs.setdefault("title", "Dold rapport")
    return make_report(series=series, compiled_at=stockholm(2025, 5, 27), **kwargs)


def test_a_draft_is_never_shown(client, series, public_report):
    ask_every_endpoint(client, public_report)
    draft = newer(series, publish=False)
    assert_only_a_is_public(client, public_report, draft)


def test_a_scheduled_report_is_not_shown_before_it_goes_live(client, series, public_report):
    ask_every_endpoint(client, public_report)
    scheduled = newer(series, publish=False, go_live_at=timezone.now() + dt.timedelta(days=1))
    scheduled.get_latest_revision().publish()
    scheduled.refresh_from_db()
    assert scheduled.live is False and scheduled.go_live_at > timezone.now()
    assert_only_a_is_public(client, public_report, scheduled)


def test_a_report_past_its_expiry_time_goes_even_before_publish_scheduled_runs(client, series, public_report):
    expire_at = timezone.now() + dt.timedelta(seconds=3)
    expiring = newer(series, expire_at=expire_at)
    ask_every_endpoint(client, public_report, expiring)
    assert latest_id(client) == expiring.pk
    time.sleep(max(0, (expire_at - timezone.now()).total_seconds()) + 0.1)
    assert_only_a_is_public(client, public_report, expiring)


def test_a_report_expired_by_publish_scheduled_is_gone(client, series, public_report, commit):
    expiring = newer(series, expire_at=timezone.now() + dt.timedelta(seconds=1))
    ask_every_endpoint(client, public_report, expiring)
    time.sleep(1.1)
    with commit():
        call_command("publish_scheduled", verbosity=0)
    expiring.refresh_from_db()
    assert expiring.expired and not expiring.live
    assert_only_a_is_public(client, public_report, expiring)


def test_an_unpublished_report_is_gone(client, series, public_report, commit):
    report = newer(series)
    ask_every_endpoint(client, public_report, report)
    with commit():
        report.unpublish()
    assert_only_a_is_public(client, public_report, report)


@pytest.mark.parametrize("kind", ["password", "login", "groups"])
def test_a_report_under_a_view_restriction_is_gone(client, series, public_report, kind, commit):
    report = newer(series)
    ask_every_endpoint(client, public_report, report)
    assert latest_id(client) == report.pk
    with commit():
        restriction = PageViewRestriction.objects.create(
            page=report, restriction_type=kind, password="hemligt"
        )
        if kind == "groups":
            restriction.groups.add(Group.objects.create(name="Samordnare"))
    assert_only_a_is_public(client, public_report, report)


def test_a_restriction_on_the_series_hides_all_its_reports(client, home, series, public_report, commit):
    other_series = make_series(home, title="Öppen serie", slug="oppen")
    open_report = make_report(series=other_series, compiled_at=stockholm(2025, 5, 1))
    ask_every_endpoint(client, public_report, open_report)
    with commit():
        PageViewRestriction.objects.create(page=series, restriction_type="login")
    assert latest_id(client) == open_report.pk
    assert listed_ids(client) == [open_report.pk]
    assert detail_status(client, public_report) == 404
    assert client.get("/api/lagesbild/latest/?series=lagesbild").status_code == 404


def test_reports_of_an_unpublished_series_are_gone(client, series, public_report, commit):
    ask_every_endpoint(client, public_report)
    with commit():
        series.unpublish()  # the reports themselves stay "live" in Wagtail, but have no public URL
    public_report.refresh_from_db()
    assert public_report.live
    assert client.get("/api/lagesbild/latest/").status_code == 404
    assert listed_ids(client) == []
    assert detail_status(client, public_report) == 404


@pytest.fixture
def other_site(settings, db):
    settings.ALLOWED_HOSTS = ["testserver", "annan.example"]
    root = Page.get_first_root_node().add_child(instance=Page(title="Annan webbplats", slug="annan"))
    site = Site.objects.create(hostname="annan.example", port=80, root_page=root)
    series = make_series(root, title="Annan serie", slug="annan-serie")
    return site, series


def test_a_report_of_another_site_is_never_shown(client, public_report, other_site):
    _site, other_series = other_site
    ask_every_endpoint(client, public_report)
    foreign = newer(other_series, title="Annan webbplats rapport")
    assert_only_a_is_public(client, public_report, foreign)
    # ... and the other site sees its own report only.
    assert latest_id(client, HTTP_HOST="annan.example") == foreign.pk
    assert listed_ids(client, HTTP_HOST="annan.example") == [foreign.pk]
    assert detail_status(client, public_report, HTTP_HOST="annan.example") == 404
    assert client.get("/api/lagesbild/latest/?series=lagesbild", HTTP_HOST="annan.example").status_code == 404


def test_an_unpublished_edit_keeps_the_published_revision_on_every_endpoint(client, series, public_report):
    report = newer(
        series, title="Publicerad titel", body=[bullets(html="<ul><li>Publicerad punkt</li></ul>")]
    )
    ask_every_endpoint(client, public_report, report)
    report.title = "Utkastets titel"
    report.body = [bullets(html="<ul><li>Utkastets punkt</li></ul>")]
    report.save_revision()
    for _round in ("after the edit", "warm", "after a cache rebuild"):
        for data in (
            client.get("/api/lagesbild/latest/").json(),
            client.get(f"/api/lagesbild/{report.pk}/").json(),
        ):
            assert data["title"] == "Publicerad titel"
            assert data["sections"][0]["items"][0]["html"] == "Publicerad punkt"
        assert client.get("/api/lagesbild/").json()["results"][0]["title"] == "Publicerad titel"
        from frontend_widget import delivery

        delivery.invalidate()


def test_a_scheduled_revision_of_a_live_report_keeps_the_live_content(client, series, public_report):
    report = newer(series, title="Nu gällande")
    report.title = "Kommande"
    report.go_live_at = timezone.now() + dt.timedelta(days=1)
    report.save_revision().publish()
    assert client.get("/api/lagesbild/latest/").json()["title"] == "Nu gällande"
    assert client.get(f"/api/lagesbild/{report.pk}/").json()["title"] == "Nu gällande"
