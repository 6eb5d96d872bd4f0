"""The outbox's retry schedule: exponential waits with jitter, about a day in all, Retry-After as asked."""

import random
from datetime import UTC, datetime, timedelta

from frontend_widget.outbox import backoff

NOW = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)


def waits(attempts: int, samples: int = 500) -> list[float]:
    rng = random.Random(attempts)
    return [
        (backoff.next_attempt(attempts, NOW, rng=rng) - NOW).total_seconds() for _sample in range(samples)
    ]


def test_each_wait_doubles_from_a_minute_up_to_four_hours():
    assert [backoff.nominal(n) for n in range(1, 6)] == [60, 120, 240, 480, 960]
    assert backoff.nominal(9) == backoff.nominal(13) == 4 * 3600


def test_the_attempts_last_about_a_day_and_then_wait_for_an_editor():
    total = sum(backoff.nominal(n) for n in range(1, backoff.MAX_ATTEMPTS))
    assert timedelta(hours=23) < timedelta(seconds=total) < timedelta(hours=26)
    shortest = total * (1 - backoff.JITTER)
    longest = sum(backoff.longest(n) for n in range(1, backoff.MAX_ATTEMPTS))
    assert timedelta(hours=17) < timedelta(seconds=shortest) and timedelta(seconds=longest) < timedelta(
        hours=31
    )
    assert backoff.next_attempt(backoff.MAX_ATTEMPTS - 1, NOW) is not None
    assert backoff.next_attempt(backoff.MAX_ATTEMPTS, NOW) is None


def test_the_jitter_stays_within_its_bounds_and_spreads_the_retries():
    for attempts in (1, 2, 5, 12):
        seen = waits(attempts)
        low = backoff.nominal(attempts) * (1 - backoff.JITTER)
        high = backoff.longest(attempts)
        assert all(low <= wait <= high for wait in seen), (attempts, min(seen), max(seen))
        # Receivers that failed together do not come back together: the waits cover the range.
        assert min(seen) < low + (high - low) * 0.1 and max(seen) > high - (high - low) * 0.1
        assert len({round(wait, 3) for wait in seen}) > len(seen) * 0.9


def test_a_receivers_retry_after_is_honoured_as_it_is():
    assert backoff.next_attempt(1, NOW, retry_after=7) == NOW + timedelta(seconds=7)
    assert backoff.next_attempt(3, NOW, retry_after=3600) == NOW + timedelta(hours=1)
    assert backoff.next_attempt(1, NOW, retry_after=-5) == NOW  # a date in the past: at once
    # Later than the outbox keeps trying, or after the last attempt: an editor decides.
    assert backoff.next_attempt(1, NOW, retry_after=2 * 86400) is None
    assert backoff.next_attempt(backoff.MAX_ATTEMPTS, NOW, retry_after=10) is None
