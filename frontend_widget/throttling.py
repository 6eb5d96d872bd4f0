"""Anonymous throttling of the delivery API: a fixed-window counter per client address.

DRF's AnonRateThrottle keeps a list of every request's timestamp per address and writes the whole
list back to the cache on each request. With a generous rate (thousands a minute from one
intranet's NAT address) that list is long, so each request would pickle thousands of floats. A
counter per address and window answers the same question closely enough for an abuse guard.

The rate is LAGESBILD_THROTTLE_RATE ("N/second", "N/minute", "N/hour", "N/day"; "off" turns it
off). The counters live where LAGESBILD_THROTTLE_CACHE says: "local", each worker's own memory
(the default without Redis: the limit then counts per worker), or a cache alias such as "default"
(the default with Redis: one shared count). A counter file written on every request would cost
more than the rest of a cached answer (docs/performance.md has the figures).
"""

import functools
import math
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from rest_framework.throttling import BaseThrottle

from .conf import delivery_settings

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@functools.lru_cache(maxsize=8)
def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """("6000/minute") -> (6000, 60); None when throttling is off."""
    if not rate or rate.strip().lower() in {"off", "none", "0"}:
        return None
    count, _, period = rate.strip().partition("/")
    return int(count), PERIODS[period.strip()[0].lower()]


class _LocalCounts:
    """Counters of the current window in this process; a new window starts from nothing."""

    def __init__(self):
        self.lock = threading.Lock()
        self.window = None
        self.counts: dict[str, int] = {}

    def incr(self, ident: str, window: tuple) -> int:
        with self.lock:
            if window != self.window:
                self.window, self.counts = window, {}
            count = self.counts.get(ident, 0) + 1
            self.counts[ident] = count
            return count


_local = _LocalCounts()


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    if setting in ("CACHES", "LAGESBILD_THROTTLE_RATE", "LAGESBILD_THROTTLE_CACHE"):
        _local.window = None  # start counting afresh


def within(scope: str, ident: str, limit: int, period: int, alias: str) -> bool:
    """Count one more request of `ident` in the current window; whether it is within `limit`.

    `alias` is a CACHES alias shared by every worker, or "local" (this worker's memory).
    """
    window = int(time.time() // period)
    if alias == "local" or alias not in settings.CACHES:
        return _local.incr(f"{scope}:{ident}", (scope, limit, period, window)) <= limit
    cache = caches[alias]
    key = f"lagesbild:throttle:{scope}:{ident}:{period}:{window}"
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first request
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return count <= limit


class ReportThrottle(BaseThrottle):
    scope = "lagesbild"

    def allow_request(self, request, view) -> bool:
        rate = parse_rate(delivery_settings.THROTTLE_RATE)
        if rate is None:
            return True
        limit, period = rate
        now = time.time()
        self.retry_after = (int(now // period) + 1) * period - now
        return within(self.scope, self.get_ident(request), limit, period, delivery_settings.THROTTLE_CACHE)

    def wait(self) -> float:
        return max(1, math.ceil(self.retry_after))
