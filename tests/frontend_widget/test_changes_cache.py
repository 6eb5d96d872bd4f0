"""The change markers are cached with the presentation, and a change to the previous report reaches them."""

import pytest

from tests.factories import bullets, stockholm

pytestmark = pytest.mark.django_db


def detail(client, page):
    response = client.get(f"/api/lagesbild/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def markers(data):
    return [item["change"] for item in data["sections"][0]["items"]]


@pytest.fixture
def two_reports(make_report):
    previous = make_report(
        compiled_at=stockholm(2026, 11, 17), body=[bullets(html="<ul><li>Mötet hålls i dag.</li></ul>")]
    )
    current = make_report(
        compiled_at=stockholm(2026, 11, 24),
        body=[bullets(html="<ul><li>Mötet hålls i dag.</li><li>Beslutet väntas i vår.</li></ul>")],
    )
    return previous, current


def test_publishing_an_edit_of_the_previous_report_changes_the_markers(client, two_reports, commit):
    previous, current = two_reports
    assert markers(detail(client, current)) == [None, "new"]  # now cached

    previous.body = [bullets(html="<ul><li>Beslutet väntas i vår.</li></ul>")]
    with commit():
        previous.save_revision().publish()

    data = detail(client, current)
    assert markers(data) == ["new", None]
    assert data["changes"] == {"new": 1, "changed": 0, "removed": 0, "compared_with": previous.pk}


def test_unpublishing_the_previous_report_makes_the_next_the_first(client, two_reports, commit):
    previous, current = two_reports
    assert detail(client, current)["changes"]["compared_with"] == previous.pk

    with commit():
        previous.unpublish()

    data = detail(client, current)
    assert data["changes"]["compared_with"] is None
    assert markers(data) == [None, None]


def test_a_draft_of_the_previous_report_changes_nothing(client, two_reports, commit):
    previous, current = two_reports
    before = detail(client, current)

    previous.body = [bullets(html="<ul><li>Ett utkast som ingen ser.</li></ul>")]
    with commit():
        previous.save_revision()

    assert detail(client, current) == before
