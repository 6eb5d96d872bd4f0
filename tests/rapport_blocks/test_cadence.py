"""A new report's dates: the promise made last week, else the series' rhythm, else last week's interval."""

import datetime as dt

import pytest

from rapport_blocks.models import RapportIndexPage
from rapport_blocks.rules.cadence import Rhythm, next_dates, rhythm_of
from tests.factories import stockholm

TUESDAY_0830 = Rhythm(weekday=1, time=dt.time(8, 30))


def test_the_next_slot_is_the_coming_tuesday_at_0830():
    sunday_evening = stockholm(2026, 11, 29, 18, 4)
    assert TUESDAY_0830.next_slot(sunday_evening) == stockholm(2026, 12, 1, 8, 30)
    # On Tuesday before 08:30 it is today's slot, after it next week's.
    assert TUESDAY_0830.next_slot(stockholm(2026, 12, 1, 8, 0)) == stockholm(2026, 12, 1, 8, 30)
    assert TUESDAY_0830.next_slot(stockholm(2026, 12, 1, 8, 30)) == stockholm(2026, 12, 8, 8, 30)


def test_the_slot_stays_at_0830_across_summer_time():
    # Summer time ends on 25 October 2026: the slot after is still 08:30 in Stockholm.
    slot = TUESDAY_0830.next_slot(stockholm(2026, 10, 21, 12, 0))
    assert slot == stockholm(2026, 10, 27, 8, 30)
    assert slot.astimezone(dt.UTC).hour == 7


def test_with_a_rhythm_the_promise_still_ahead_is_the_new_compiled_date():
    compiled, expected = next_dates(
        previous_compiled_at=stockholm(2026, 11, 24, 8, 30),
        previous_next_expected_at=stockholm(2026, 12, 1, 8, 30),
        rhythm=TUESDAY_0830,
        now=stockholm(2026, 11, 29, 18, 4),
    )
    assert (compiled, expected) == (stockholm(2026, 12, 1, 8, 30), stockholm(2026, 12, 8, 8, 30))


def test_with_a_rhythm_a_broken_promise_gives_the_next_slot():
    compiled, expected = next_dates(
        previous_compiled_at=stockholm(2026, 11, 10, 8, 30),
        previous_next_expected_at=stockholm(2026, 11, 17, 8, 30),
        rhythm=TUESDAY_0830,
        now=stockholm(2026, 11, 29, 18, 4),
    )
    assert (compiled, expected) == (stockholm(2026, 12, 1, 8, 30), stockholm(2026, 12, 8, 8, 30))


def test_without_a_rhythm_the_promise_and_the_previous_interval_are_kept():
    compiled, expected = next_dates(
        previous_compiled_at=stockholm(2026, 11, 17, 9, 0),
        previous_next_expected_at=stockholm(2026, 12, 1, 9, 0),  # a fortnight
        rhythm=None,
        now=stockholm(2026, 11, 29, 18, 4),
    )
    assert (compiled, expected) == (stockholm(2026, 12, 1, 9, 0), stockholm(2026, 12, 15, 9, 0))


def test_without_a_rhythm_and_a_passed_promise_the_report_is_dated_now():
    compiled, expected = next_dates(
        previous_compiled_at=stockholm(2026, 11, 10, 9, 0),
        previous_next_expected_at=stockholm(2026, 11, 17, 9, 0),
        rhythm=None,
        now=stockholm(
            2026,
            11,
            29,
            18,
            4,
        )
        + dt.timedelta(seconds=42),
    )
    assert (compiled, expected) == (stockholm(2026, 11, 29, 18, 4), stockholm(2026, 12, 6, 18, 4))


def test_without_a_rhythm_or_a_promise_nothing_is_promised():
    assert next_dates(
        previous_compiled_at=stockholm(2026, 11, 17),
        previous_next_expected_at=None,
        rhythm=None,
        now=stockholm(2026, 11, 29, 18, 4),
    ) == (stockholm(2026, 11, 29, 18, 4), None)


@pytest.mark.django_db
def test_a_series_has_a_rhythm_only_with_both_day_and_time():
    assert rhythm_of(RapportIndexPage(cadence_weekday=1)) is None
    assert rhythm_of(RapportIndexPage(cadence_weekday=1, cadence_time=dt.time(8, 30))) == TUESDAY_0830
