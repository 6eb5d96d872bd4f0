"""The benchmark's figures as Markdown, from bench/results.json: `python bench/figures.py [--write]`.

Prints the tables; with --write it replaces the text between the markers
`<!-- bench-figures:start -->` and `<!-- bench-figures:end -->` in docs/performance.md and
docs/deployment.md, so a new `make bench` run (on a quiet machine) updates both documents alike.
"""

import argparse
import json
import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results.json"
DOCUMENTS = [PROJECT / "docs" / "performance.md", PROJECT / "docs" / "deployment.md"]
START, END = "<!-- bench-figures:start -->", "<!-- bench-figures:end -->"
HTTP_CASES = {
    "constant": "constant JsonResponse (the stack's limit)",
    "latest 200": "latest, warm 200",
    "latest 304": "latest, 304",
    "wagtail v2": "Wagtail API v2 page detail, same report",
    "page": "the report page (HTML), warm",
    "varnish": "latest through Varnish",
    "varnish page": "the report page through Varnish",
}


def markdown(results: dict) -> str:
    machine = results["machine"]
    lines = [
        f"Run {results.get('date', '(date not recorded)')}: {machine['cpus']} cores, "
        f"{machine.get('memory_gib', '?')} GiB, load average {machine.get('load_average_start', 0):.1f} at "
        f"the start and {machine['load_average']:.1f} at the end (5-minute "
        f"{machine.get('load_average_5min', machine['load_average']):.1f}); {results['workers']} gunicorn "
        f"workers, load from {machine['load_generator']} with {results['connections']} connections, "
        f"best of {results.get('rounds', '?')} x {results.get('seconds', '?')} s; a "
        f"{results['body_bytes']}-byte report.",
        "",
        "| case (throttling on) | best req/s | ratio to constant | median req/s |",
        "|---|---:|---:|---:|",
    ]
    best, median = (
        results["http_best_requests_per_second"]["on"],
        results["http_median_requests_per_second"]["on"],
    )
    for name, label in HTTP_CASES.items():
        if name in best:
            lines.append(
                f"| {label} | {best[name]:.0f} | {best[name] / best['constant']:.2f} | {median[name]:.0f} |"
            )
    inprocess = results["inprocess"]
    cpu = inprocess["requests_per_cpu_second"]
    warm = best["latest 200"]
    lines += [
        "",
        f"- Latest (warm 200) against Wagtail's API v2 page detail: **{warm / best['wagtail v2']:.1f}x**; "
        f"against the report page's HTML: {warm / best['page']:.1f}x.",
        "- In CPU time (in-process, steadier on a busy machine): warm 200 at "
        f"{cpu['latest 200'] / cpu['constant']:.2f} and 304 at {cpu['latest 304'] / cpu['constant']:.2f} "
        "of the constant view.",
        "- Cold presentation (in-process, the first request after a new generation): median "
        f"**{inprocess['cold_presentation_ms_median']:.0f} ms**; "
        f"warm {inprocess['warm_latest_ms_median']:.2f} ms.",
    ]
    cold = results.get("cold_latest_http_ms_median", {})
    if cold:
        parts = [f"{name} {value:.0f} ms" for name, value in cold.items()]
        lines.append(
            f"- The first request for the latest report after a real publish, over HTTP: {', '.join(parts)}."
        )
    if "varnish" in best:
        lines.append(
            f"- Through Varnish: latest {best['varnish'] / best['latest 200']:.1f}x the direct warm answer"
            + (
                f", the report page {best['varnish page'] / best['page']:.1f}x"
                if "varnish page" in best
                else ""
            )
            + " (bounded by the load generator)."
        )
    scale = results.get("scale")
    if scale:
        reports = scale["reports"]
        lines += [
            "",
            f"One report against {reports:,} (and {scale['faq_questions']} FAQ questions), "
            "in-process wall time in ms (bench/scale.py; cold: the first request after a new generation"
            + (
                f"; run {scale['date']}, load average {scale['load_average']:.1f} at its end"
                if "date" in scale
                else ""
            )
            + "):",
            "",
        ]
        full = scale.get("full")
        if full:
            n = scale["full_reports"]
            lines += [
                f"| address | cold, 1 | cold, {n} | cold, {reports:,} | ratio to {n} | warm, 1 | warm, {n} "
                f"| warm, {reports:,} | ratio to {n} |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for name, one in scale["one_report"].items():
                many, mid, ratio = scale["many_reports"][name], full[name], scale["ratios_to_full"][name]
                lines.append(
                    f"| {name} | {one['cold_ms']:.1f} | {mid['cold_ms']:.1f} | {many['cold_ms']:.1f} | "
                    f"{ratio['cold_ms']:.2f} | {one['warm_ms']:.2f} | {mid['warm_ms']:.2f} | "
                    f"{many['warm_ms']:.2f} | {ratio['warm_ms']:.2f} |"
                )
            baseline = f"their time with {n} reports (a full list page, feed and comparison: like with like)"
        else:
            lines += [
                f"| address | cold, 1 | cold, {reports:,} | ratio | warm, 1 | warm, {reports:,} | ratio |",
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            for name, one in scale["one_report"].items():
                many, ratio = scale["many_reports"][name], scale["ratios"][name]
                lines.append(
                    f"| {name} | {one['cold_ms']:.1f} | {many['cold_ms']:.1f} | {ratio['cold_ms']:.2f} | "
                    f"{one['warm_ms']:.2f} | {many['warm_ms']:.2f} | {ratio['warm_ms']:.2f} |"
                )
            baseline = "their one-report time"
        missed = scale.get("missed", [])
        verdict = f"**not met** by {', '.join(missed)}" if missed else "met"
        lines += [
            "",
            f"Aim, the list, latest, series page (and its filters), home page and feeds each within 2x of "
            f"{baseline}, cold and warm: {verdict} (worst ratio {scale['worst_ratio']:.2f}; the series "
            "page's search and the FAQ rows are outside the aim: a search's hits grow with the archive, "
            "and 200 questions are 200 times the content of one). "
            f"`generate_reports {reports - scale.get('full_reports', 1)} "
            f"--faq-questions {scale['faq_questions']}` took "
            f"{scale['generate_seconds']:.0f} s.",
        ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update the marked section of the documents")
    options = parser.parse_args()
    text = markdown(json.loads(RESULTS.read_text()))
    if not options.write:
        print(text)
        return
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    for document in DOCUMENTS:
        source = document.read_text()
        if not pattern.search(source):
            raise SystemExit(f"{document.relative_to(PROJECT)} has no {START} ... {END} section")
        document.write_text(pattern.sub(lambda _match: f"{START}\n{text}\n{END}", source))
        print(f"updated {document.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
