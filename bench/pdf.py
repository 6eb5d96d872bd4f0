"""The PDF's figures: render time and size for the real sample report, and serving a stored PDF.

`make bench-pdf` (also the end of `make bench`). A throw-away SQLite database and media folder in a
temporary directory; the sample from ../shared/samples/ imported and published as an editor would.

- Render: `frontend_widget.pdf.document.render` of the presented sample (what the publish's task
  does), ROUNDS times after one warm-up (fonts loaded): wall and CPU time, median and spread;
  the PDF's size and pages.
- Serve: Django's WSGI handler called in-process for `<report>pdf/` (the stored copy; a warm
  delivery cache, as after the first visitor), REQUESTS times: CPU and wall time per request,
  median; and the 304 for a client that has it. The server's part only: no socket, no gunicorn.

Writes bench/pdf.json; docs/performance.md ("The PDF") quotes it.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT.parent / "shared" / "samples" / "regional-rapport-2025-05-27.txt"
ROUNDS = int(os.environ.get("BENCH_PDF_ROUNDS", "10"))
REQUESTS = int(os.environ.get("BENCH_PDF_REQUESTS", "2000"))


def setup(work: Path):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings",
        DATABASE_URL=f"sqlite:///{work / 'bench.sqlite3'}",
        LAGESBILD_VAR_DIR=str(work),
        MEDIA_ROOT=str(work / "media"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main():
    if not SAMPLE.exists():
        sys.exit(f"bench/pdf.py: the sample report is not here ({SAMPLE})")
    with tempfile.TemporaryDirectory(prefix="lagesbild-bench-pdf-") as tmp:
        work = Path(tmp)
        setup(work)
        from django.core.handlers.wsgi import WSGIHandler
        from django.test import RequestFactory
        from wagtail.models import Page, Site

        from frontend_widget.pdf import document
        from rapport_blocks.importing import import_report
        from rapport_blocks.models import RapportIndexPage
        from rapport_blocks.rules.presentation import present, report_base_url
        from tests import pdf_checks

        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = "127.0.0.1", 80
        site.save()
        home = site.root_page
        home.add_child(instance=RapportIndexPage(title="Lägesbild", slug="lagesbild"))
        Page.objects.get(slug="lagesbild").specific.save_revision().publish()
        page = import_report(
            SAMPLE.read_text(encoding="utf-8"), filename=str(SAMPLE), series_slug="lagesbild", publish=True
        ).page
        page.refresh_from_db()
        report = present(page, base_url=report_base_url(page))
        root = report_base_url(page)

        document.render(report, site_root=root)  # warm-up: fonts, templates
        walls, cpus = [], []
        for _ in range(ROUNDS):
            wall, cpu = time.perf_counter(), time.process_time()
            pdf = document.render(report, site_root=root, revision_id=page.live_revision_id)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        pages = len(pdf_checks.reader(pdf.data).pages)

        handler = WSGIHandler()
        factory = RequestFactory(SERVER_NAME="127.0.0.1")

        def call(environ):
            answer = []
            body = handler(
                dict(environ), lambda status, headers, exc_info=None: answer.append((status, headers))
            )
            size = sum(len(chunk) for chunk in body)
            body.close()
            return answer[0][0], dict(answer[0][1]), size

        address = f"{page.url}pdf/"
        status, headers, served = call(factory.get(address).environ)  # renders nothing: stored at publish
        assert status.startswith("200") and headers["Content-Type"] == "application/pdf", status
        cases = {
            "200 (stored PDF)": factory.get(address).environ,
            "304 (If-None-Match)": factory.get(address, HTTP_IF_NONE_MATCH=headers["ETag"]).environ,
        }
        serving = {}
        for name, environ in cases.items():
            call(environ)
            wall_times, cpu_times = [], []
            for _ in range(REQUESTS):
                wall, cpu = time.perf_counter(), time.process_time()
                call(environ)
                wall_times.append(time.perf_counter() - wall)
                cpu_times.append(time.process_time() - cpu)
            serving[name] = {
                "median wall ms": round(statistics.median(wall_times) * 1000, 3),
                "p95 wall ms": round(sorted(wall_times)[int(len(wall_times) * 0.95)] * 1000, 3),
                "median cpu ms": round(statistics.median(cpu_times) * 1000, 3),
            }

    figures = {
        "sample": SAMPLE.name,
        "render": {
            "rounds": ROUNDS,
            "median wall s": round(statistics.median(walls), 3),
            "min wall s": round(min(walls), 3),
            "max wall s": round(max(walls), 3),
            "median cpu s": round(statistics.median(cpus), 3),
            "bytes": len(pdf.data),
            "pages": pages,
        },
        "serve": {"requests": REQUESTS, "bytes": served, **serving},
        "load average at the end": os.getloadavg(),
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    (PROJECT / "bench" / "pdf.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
