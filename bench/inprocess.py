"""The same comparison without network or load generator: Django's WSGI handler called in-process.

bench/run.py starts it with the benchmark's environment (database, cache, LAGESBILD_BENCH). It
measures the CPU time of this process per request (time.process_time), which other programs on
the machine disturb far less than requests/s do, so the ratios are steadier on a busy machine.
It covers everything Django does (middleware, URL routing, the view), not gunicorn or the socket.
"""

import json
import os
import statistics
import sys
import time


def main(requests: int = 2000, rounds: int = 5):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    handler = WSGIHandler()
    factory = RequestFactory(SERVER_NAME="127.0.0.1")

    def call(environ) -> tuple[str, dict]:
        answer = []
        body = handler(dict(environ), lambda status, headers, exc_info=None: answer.append((status, headers)))
        b"".join(body)
        body.close()
        return answer[0][0], dict(answer[0][1])

    latest = factory.get("/api/lagesbild/latest/").environ
    status, headers = call(latest)
    assert status.startswith("200"), "the latest report is missing"
    etag = headers["ETag"]
    cases = {
        "constant": factory.get("/api/bench/constant/").environ,
        "latest 200": latest,
        "latest 304": factory.get("/api/lagesbild/latest/", HTTP_IF_NONE_MATCH=etag).environ,
    }
    expected = {"constant": "200", "latest 200": "200", "latest 304": "304"}
    for name, environ in cases.items():
        assert call(environ)[0].startswith(expected[name]), name

    samples = {name: [] for name in cases}
    for _round in range(rounds):
        for name, environ in cases.items():
            start = time.process_time()
            for _ in range(requests):
                call(environ)
            samples[name].append(requests / (time.process_time() - start))
    figures = {name: statistics.median(values) for name, values in samples.items()}
    print(f"\nin-process (Django's WSGI handler, CPU time; median of {rounds} x {requests} requests)")
    print(f"{'case':<11} {'requests/cpu-s':>15} {'ratio':>7}")
    for name, value in figures.items():
        print(f"{name:<11} {value:>15.0f} {value / figures['constant']:>7.2f}")

    # The cold presentation: the first request for a report after a publish (a new generation),
    # which presents, sanitises, encodes and compresses it, and stores it.
    from frontend_widget import delivery

    cold = []
    for _ in range(20):
        delivery.invalidate()
        start = time.perf_counter()
        assert call(latest)[0].startswith("200")
        cold.append((time.perf_counter() - start) * 1000)
    warm = []
    for _ in range(200):
        start = time.perf_counter()
        call(latest)
        warm.append((time.perf_counter() - start) * 1000)
    print(
        f"cold presentation (first request after a publish): median {statistics.median(cold):.1f} ms; "
        f"warm: {statistics.median(warm):.2f} ms"
    )
    out = os.environ.get("BENCH_INPROCESS_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as file:
            json.dump(
                {
                    "requests_per_cpu_second": figures,
                    "cold_presentation_ms_median": statistics.median(cold),
                    "warm_latest_ms_median": statistics.median(warm),
                },
                file,
            )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
