"""When a failed delivery is tried again: exponential backoff with jitter, for about a day.

The n-th failed attempt waits BASE · 2^(n-1), at most CAP, then ±JITTER of that at random, so
the deliveries that failed together (a receiver that was down) do not all come back in the same
second. Attempts stop once the nominal waits add up to RETRY_FOR: 14 attempts over about 24
hours (between 18 and 30 with the jitter); after the last, a delivery waits for an editor's
"Skicka igen". A receiver's own Retry-After (a 429) is honoured as it is, up to RETRY_FOR.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

BASE = 60.0  # seconds after the first failed attempt
CAP = 4 * 3600.0  # the longest nominal wait
JITTER = 0.25  # each wait is its nominal length × a random factor in [1 - JITTER, 1 + JITTER]
RETRY_FOR = timedelta(hours=24)


def nominal(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed attempt, before jitter."""
    return min(BASE * 2 ** (attempts - 1), CAP)


def _max_attempts() -> int:
    attempts, waited = 1, 0.0
    while waited < RETRY_FOR.total_seconds():
        waited += nominal(attempts)
        attempts += 1
    return attempts


MAX_ATTEMPTS = _max_attempts()


def longest(attempts: int) -> float:
    """The longest wait after the `attempts`-th failed attempt (for tests and the docs)."""
    return nominal(attempts) * (1 + JITTER)


def next_attempt(
    attempts: int, now: datetime, retry_after: float | None = None, rng: random.Random | None = None
) -> datetime | None:
    """When to try again after `attempts` failed attempts; None: no more automatic attempts."""
    if attempts >= MAX_ATTEMPTS:
        return None
    if retry_after is not None:
        if retry_after > RETRY_FOR.total_seconds():
            return None  # later than we would still be trying: an editor decides
        return now + timedelta(seconds=max(retry_after, 0))
    factor = (rng or random).uniform(1 - JITTER, 1 + JITTER)
    return now + timedelta(seconds=nominal(attempts) * factor)
