"""Anonymous throttling of the delivery API: a fixed-window counter per client address.

DRF's AnonRateThrottle keeps a list of every request's timestamp per address and writes the whole
list back to the cache on each request. With a generous rate (thousands a minute from one
intranet's NAT address) that list is long, so each request would pickle thousands of floats. A
counter per address and window costs one small cache read and write, and answers the same
question closely enough for an abuse guard. The rate is LAGESBILD_THROTTLE_RATE ("N/second",
"N/minute", "N/hour", "N/day"; "off" or empty turns it off); the counters live in the cache named
by LAGESBILD_THROTTLE_CACHE (docs/performance.md weighs the choice).
"""

import math
import time

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import BaseThrottle

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """("6000/minute") -> (6000, 60); None when throttling is off."""
    if not rate or rate.strip().lower() in {"off", "none", "0"}:
        return None
    count, _, period = rate.strip().partition("/")
    return int(count), PERIODS[period.strip()[0].lower()]


class ReportThrottle(BaseThrottle):
    scope = "lagesbild"

    def allow_request(self, request, view) -> bool:
        rate = parse_rate(getattr(settings, "LAGESBILD_THROTTLE_RATE", None))
        if rate is None:
            return True
        limit, period = rate
        now = time.time()
        window = int(now // period)
        self.retry_after = (window + 1) * period - now
        key = f"lagesbild:throttle:{self.scope}:{self.get_ident(request)}:{period}:{window}"
        cache = caches[getattr(settings, "LAGESBILD_THROTTLE_CACHE", "default")]
        try:
            count = cache.incr(key)
        except ValueError:  # the window's first request
            cache.set(key, 1, timeout=period + 1)
            count = 1
        return count <= limit

    def wait(self) -> float:
        return max(1, math.ceil(self.retry_after))
