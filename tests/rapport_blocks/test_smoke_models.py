import pytest

from tests.factories import bullets, make_report, stockholm

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_first_publication_numbers_reports_in_their_series(series):
    first = make_report(series=series, compiled_at=stockholm(2025, 5, 20))
    second = make_report(series=series, compiled_at=stockholm(2025, 5, 27))
    assert (first.number, second.number) == (1, 2)


def test_number_survives_publishing_a_later_revision(series):
    report = make_report(series=series)
    report.body = [bullets(html="<ul><li>Ändrad punkt</li></ul>")]
    report.save_revision().publish()
    report.refresh_from_db()
    assert report.number == 1


def test_draft_gets_no_number_until_published(series):
    draft = make_report(series=series, publish=False)
    assert draft.number is None
    draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert draft.number == 1


def test_slug_is_the_compiled_date_with_a_suffix_for_a_second_report_that_day(series):
    first = make_report(series=series, compiled_at=stockholm(2025, 5, 27, 8, 30))
    second = make_report(series=series, compiled_at=stockholm(2025, 5, 27, 15, 0))
    assert (first.slug, second.slug) == ("2025-05-27", "2025-05-27-2")


def test_slug_uses_stockholm_date_not_utc(series):
    late_evening = stockholm(2025, 5, 27, 23, 30)  # 21:30 UTC the same day; 00:30 would differ
    just_after_midnight = stockholm(2025, 5, 28, 0, 30)  # 22:30 UTC on the 27th
    assert make_report(series=series, compiled_at=late_evening).slug == "2025-05-27"
    assert make_report(series=series, compiled_at=just_after_midnight).slug == "2025-05-28"
