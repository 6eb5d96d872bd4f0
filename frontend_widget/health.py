"""`GET /healthz` for load balancers: can this instance reach its database and its shared cache?

200 when both answer, 503 when either does not, so a balancer takes an instance out of rotation
when its services are unreachable from it. The body names each check and says "ok" or "unavailable":
never an exception's text, a host name or a setting (anyone may ask). It also names the version
this instance runs (`rapport_blocks.__version__`), so a rolling upgrade can be watched instance by
instance (docs/security.md: the version is no secret). The answer is never cached (`Cache-Control:
no-store`: a front cache must not answer for an instance) and never throttled (it is a plain Django
view, outside the API's throttle).
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

import rapport_blocks

from .conf import delivery_settings

logger = logging.getLogger(__name__)

CACHE_KEY = "lagesbild:healthz"


def check_database() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database is unavailable")
        return False


def check_cache() -> bool:
    """A write and a read back of the shared cache the delivery uses (the generation lives there)."""
    token = uuid.uuid4().hex
    try:
        cache = caches[delivery_settings.CACHE_ALIAS]
        cache.set(CACHE_KEY, token, timeout=30)
        return cache.get(CACHE_KEY) == token
    except Exception:
        logger.exception("Health check: the shared cache is unavailable")
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {"database": check_database(), "cache": check_cache()}
    healthy = all(checks.values())
    response = JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "version": rapport_blocks.__version__,
            "checks": {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
    response["Cache-Control"] = "no-store"
    return response
