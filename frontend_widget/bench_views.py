"""The benchmark's yardstick: a constant JsonResponse, mounted only when LAGESBILD_BENCH is on.

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
