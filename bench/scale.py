"""One report against 5,000: the archive's addresses timed in-process, cold and warm.

bench/run.py starts it with the benchmark's environment and a database of its own (a copy of the
demo database). It leaves exactly one visible report (`generate_reports 1`, the demo series and
FAQ unpublished, as tests/frontend_widget/test_scale.py does), times every address, then does again
with 63 reports and an FAQ of 200 questions, and with 5,000 reports (`generate_reports`):

- cold: the first request after a publish (a new cache generation, `delivery.invalidate`), wall
  time in ms, median of `--cold` runs;
- warm: the requests after those, wall time in ms, median of `--warm` runs. `--warm-up` requests
  go untimed first. Warm answers take a few tenths of a millisecond, and the first few dozen after
  the cold runs' heavy work took up to twice as long as the rest. Timed from the first, they made a
  2x ratio out of 0.15 ms.

Aim (issues 13 and 26): every address within 2x, warm and cold, of its time with 63 reports (3
series of 21): like with like, since from there on a list page holds 20 items, a feed 20 entries and
the latest report a previous one to compare, however large the archive; only the archive's size
still grows. The FAQ has its 200 questions from the 63 reports on, so its addresses show what the
archive's size costs them, not what 200 questions cost against one. The series page's search is
timed outside the aim: its word is in nearly every generated report, so its hits (counted for the
paging) grow with the archive, and Wagtail's PostgreSQL backend matches each index row's
`title || body`, which no index serves. The ratios to one report (and one question) are recorded
too. tests/frontend_widget/test_scale.py pins their queries; this their time.
Django's WSGI handler is called in this process (as bench/inprocess.py does): no server, no socket.
"""

import argparse
import io
import json
import os
import statistics
import time

FULL = 63  # 3 series of 21 reports: as in tests/frontend_widget/test_scale.py
OUTSIDE_AIM = ("series page, search",)  # timed, not aimed: see above


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--cold", type=int, default=7, help="cold requests per address (median)")
    parser.add_argument("--warm", type=int, default=100, help="warm requests per address (median)")
    parser.add_argument(
        "--warm-up", type=int, default=20, help="untimed requests between the cold and the warm ones"
    )
    parser.add_argument("--out", default=os.environ.get("BENCH_SCALE_OUT"))
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory

    from cms.management.commands.generate_reports import FAQ_TITLE
    from cms.management.commands.load_demo import SERIES_SLUG as DEMO_SERIES
    from frontend_widget import delivery
    from rapport_blocks.models import FaqPage, RapportIndexPage

    handler = WSGIHandler()
    factory = RequestFactory(SERVER_NAME="127.0.0.1")

    def generate(count, questions=0):
        call_command(
            "generate_reports",
            count,
            "--series",
            "3",
            "--faq-questions",
            str(questions),
            "--force",
            stdout=io.StringIO(),
        )

    def call(path) -> float:
        answer = []
        start = time.perf_counter()
        body = handler(
            factory.get(path).environ, lambda status, headers, exc_info=None: answer.append(status)
        )
        b"".join(body)
        body.close()
        elapsed = (time.perf_counter() - start) * 1000
        assert answer[0].startswith("200"), f"{path}: {answer[0]}"
        return elapsed

    def addresses() -> dict[str, str]:
        series = RapportIndexPage.objects.get(slug="lagesbild-it")
        faq = FaqPage.objects.get(title=FAQ_TITLE)
        year = series.latest_report().compiled_at.year
        return {
            "latest": "/api/lagesbild/latest/",
            "latest of a series": "/api/lagesbild/latest/?series=lagesbild-it",
            "list": "/api/lagesbild/",
            "list of a series": "/api/lagesbild/?series=lagesbild-it",
            "series page": series.url,
            "series page, year": f"{series.url}?year={year}",
            "series page, search": f"{series.url}?q=journalsystem",
            "home page": "/",
            "rss": "/flode/lagesbild-it/rss/",
            "atom": "/flode/lagesbild-it/atom/",
            "faq": f"/api/faq/{faq.pk}/",
            "faq page": faq.url,
        }

    def measure(label: str) -> dict:
        figures = {}
        for name, path in addresses().items():
            cold = []
            for _ in range(options.cold):
                delivery.invalidate()
                cold.append(call(path))
            for _ in range(options.warm_up):
                call(path)
            warm = [call(path) for _ in range(options.warm)]
            figures[name] = {"cold_ms": statistics.median(cold), "warm_ms": statistics.median(warm)}
        print(f"  measured {label}")
        return figures

    print(f"scale: 1 report, then {options.reports} (and {options.questions} FAQ questions) ...")
    generate(1, 1)
    RapportIndexPage.objects.get(slug=DEMO_SERIES).unpublish()
    for faq in FaqPage.objects.exclude(title=FAQ_TITLE):
        faq.unpublish()
    one = measure("1 report")
    # Like with like: with FULL reports every series' first page, feed (20 entries) and latest
    # report (with a previous one to compare) are as full as they will ever be; from there on only
    # the archive's size grows. tests/frontend_widget/test_scale.py pins the same three steps' queries.
    generate(FULL - 1, options.questions)
    full = measure(f"{FULL} reports")
    start = time.perf_counter()
    generate(options.reports - FULL, options.questions)
    generated_s = time.perf_counter() - start
    many = measure(f"{options.reports} reports")

    def ratios_to(base):
        kinds = ("cold_ms", "warm_ms")
        return {name: {kind: many[name][kind] / base[name][kind] for kind in kinds} for name in base}

    ratios, ratios_full = ratios_to(one), ratios_to(full)
    print(f"\nscale (in-process wall time, ms; cold median of {options.cold}, warm median of {options.warm})")
    print(
        f"{'address':<20} {'cold 1':>8} {f'cold {options.reports}':>10} {'ratio':>6}"
        f" {'warm 1':>8} {f'warm {options.reports}':>10} {'ratio':>6}"
    )
    for name in one:
        a, b, ratio = one[name], many[name], ratios[name]
        print(
            f"{name:<20} {a['cold_ms']:>8.1f} {b['cold_ms']:>10.1f} {ratio['cold_ms']:>6.2f}"
            f" {a['warm_ms']:>8.2f} {b['warm_ms']:>10.2f} {ratio['warm_ms']:>6.2f}"
        )
    aimed = [name for name in ratios if name not in OUTSIDE_AIM]
    verdict = {}
    for kind in ("cold_ms", "warm_ms"):
        missed = sorted(name for name in aimed if ratios_full[name][kind] > 2)
        worst = max(ratios_full[name][kind] for name in aimed)
        verdict[kind] = {"missed": missed, "worst_ratio": worst}
        print(
            f"aim ({kind[:4]}): every address within 2x of {FULL} reports -> worst {worst:.2f}; "
            + (f"NOT met by: {', '.join(missed)}" if missed else "met")
        )
    print(f"generate_reports {options.reports - FULL}: {generated_s:.1f} s")
    if options.out:
        with open(options.out, "w", encoding="utf-8") as file:
            json.dump(
                {
                    "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                    "load_average": os.getloadavg()[0],
                    "reports": options.reports,
                    "faq_questions": options.questions,
                    "one_report": one,
                    "many_reports": many,
                    "ratios": ratios,
                    "full_reports": FULL,
                    "full": full,
                    "ratios_to_full": ratios_full,
                    "aimed": aimed,
                    "cold": verdict["cold_ms"],
                    "warm": verdict["warm_ms"],
                    "generate_seconds": generated_s,
                    "database": connection.vendor,
                },
                file,
            )


if __name__ == "__main__":
    main()
