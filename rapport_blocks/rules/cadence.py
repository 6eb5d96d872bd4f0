"""When the next report is due: the series' rhythm (a weekday and a time) and the dates a new draft gets.

Editors publish on a rhythm ("every Tuesday at 08:30") and each report promises the next one
("Nästa lägesbild väntas"). A new draft should start with the dates the editor would type anyway:
the promise that was made, or the next slot of the rhythm, and the slot after that as its own
promise. Without a rhythm the previous report's interval is kept. Plain functions of datetimes,
in the site's time zone (settings.TIME_ZONE), so that summer time never moves 08:30.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Rhythm:
    """A weekly slot: `weekday` 0 = Monday ... 6 = Sunday, at `time` local time."""

    weekday: int
    time: dt.time

    def slot_on(self, day: dt.date) -> dt.datetime:
        naive = dt.datetime.combine(day, self.time)
        return timezone.make_aware(naive, timezone.get_current_timezone())

    def next_slot(self, after: dt.datetime) -> dt.datetime:
        """The first slot strictly after `after`."""
        local = timezone.localtime(after)
        day = local.date() + dt.timedelta(days=(self.weekday - local.weekday()) % 7)
        slot = self.slot_on(day)
        if slot <= after:
            slot = self.slot_on(day + dt.timedelta(days=7))
        return slot


def rhythm_of(series) -> Rhythm | None:
    """The series' rhythm, or None when it has none (both fields are needed)."""
    weekday = getattr(series, "cadence_weekday", None)
    time = getattr(series, "cadence_time", None)
    if weekday is None or time is None:
        return None
    return Rhythm(weekday=weekday, time=time)


def next_dates(
    *,
    previous_compiled_at: dt.datetime | None,
    previous_next_expected_at: dt.datetime | None,
    rhythm: Rhythm | None,
    now: dt.datetime,
) -> tuple[dt.datetime, dt.datetime | None]:
    """(compiled_at, next_expected_at) for a new report.

    compiled_at: the previous report's promise while it is still ahead; otherwise the rhythm's
    next slot, or now (to the minute) without a rhythm. next_expected_at: the rhythm's slot after
    compiled_at; without a rhythm compiled_at plus the previous report's interval, or None when
    the previous report promised nothing.
    """
    now = now.replace(second=0, microsecond=0)
    if previous_next_expected_at and previous_next_expected_at > now:
        compiled_at = previous_next_expected_at
    elif rhythm is not None:
        compiled_at = rhythm.next_slot(now)
    else:
        compiled_at = now
    if rhythm is not None:
        return compiled_at, rhythm.next_slot(compiled_at)
    if (
        previous_compiled_at
        and previous_next_expected_at
        and previous_next_expected_at > previous_compiled_at
    ):
        return compiled_at, _wall_clock_add(
            compiled_at, _wall_clock(previous_next_expected_at) - _wall_clock(previous_compiled_at)
        )
    return compiled_at, None


def _wall_clock(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def _wall_clock_add(moment: dt.datetime, interval: dt.timedelta) -> dt.datetime:
    """A week after Tuesday 08:30 is Tuesday 08:30, also across a change to or from summer time."""
    return timezone.make_aware(_wall_clock(moment) + interval, timezone.get_current_timezone())
