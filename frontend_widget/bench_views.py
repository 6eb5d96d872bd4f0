"""The benchmark's yardsticks, mounted only when LAGESBILD_BENCH is on (never in production).

`wagtail_api`: Wagtail's own API v2 pages endpoint, so bench/run.py can compare the cached
delivery with the page detail Wagtail itself would serve for the same report.

The constant: a JsonResponse.

It serves the same data as the latest report (read once from the file LAGESBILD_BENCH_PAYLOAD,
which bench/run.py writes), so it has the same size, and it runs through the same middleware:
what it reaches is the stack's limit, which the cached API is compared with.
"""

import json
import os
from functools import cache

from django.http import JsonResponse


@cache
def _payload() -> dict:
    path = os.environ.get("LAGESBILD_BENCH_PAYLOAD")
    if path:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    return {"detail": "x" * 4000}


def constant_json(request):
    return JsonResponse(_payload(), json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


def wagtail_api():
    """Wagtail API v2 with its pages endpoint, for `path("...", wagtail_api().urls)`."""
    from wagtail.api.v2.router import WagtailAPIRouter
    from wagtail.api.v2.views import PagesAPIViewSet

    router = WagtailAPIRouter("bench_wagtailapi")
    router.register_endpoint("pages", PagesAPIViewSet)
    return router
