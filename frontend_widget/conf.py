"""The delivery's settings, each with its one default (docs/settings.md).

Every module reads them through `delivery_settings`, never from django.conf.settings, so a host
project that sets none of them gets a working delivery, and the defaults live in one place:

    from .conf import delivery_settings
    delivery_settings.CACHE_CONTROL

A project overrides one by setting `LAGESBILD_<NAME>` (for example `LAGESBILD_CACHE_CONTROL`).
Tests that change a setting (`override_settings`, pytest-django's `settings`) are seen at once.
"""

from django.conf import settings

PREFIX = "LAGESBILD_"

DEFAULTS = {
    # The Cache-Control of the API's answers, the iframe page's and oEmbed's.
    "CACHE_CONTROL": "public, max-age=60, stale-while-revalidate=600",
    # The cache (an alias of CACHES) that every worker shares: entries and the generation token.
    "CACHE_ALIAS": "default",
    # How long a worker may serve its own copy of the shared cache's entries, in seconds.
    "LOCAL_CACHE_SECONDS": 1.0,
    # Reports per page of /api/lagesbild/.
    "API_PAGE_SIZE": 20,
    # Requests per client address: "N/second|minute|hour|day", or "off".
    "THROTTLE_RATE": "6000/minute",
    # Where the throttle counts: a CACHES alias shared by all workers, or "local" (each worker's memory).
    "THROTTLE_CACHE": "local",
    # Mounts the constant comparison view that bench/ measures against; never on in production.
    "BENCH": False,
}


class DeliverySettings:
    """`LAGESBILD_<NAME>` from the project's settings, else the default above."""

    def __init__(self, defaults: dict):
        self.defaults = defaults

    def __getattr__(self, name: str):
        # Read on every use, not copied: django.conf.settings keeps a set value as an attribute,
        # so this costs one lookup, and a test's override_settings, setting_changed or a deleted
        # setting (pytest-django's `del settings.X`, which sends no signal) is seen at once.
        if name not in self.defaults:
            raise AttributeError(f"No delivery setting {name!r}; the settings are {sorted(self.defaults)}.")
        return getattr(settings, PREFIX + name, self.defaults[name])


delivery_settings = DeliverySettings(DEFAULTS)
