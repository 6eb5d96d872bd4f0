"""The benchmark's figures as Markdown, from bench/results.json: `python bench/figures.py [--write]`.

Prints the tables; with --write it replaces the text between the markers
`<!-- bench-figures:start -->` and `<!-- bench-figures:end -->` in docs/performance.md and
docs/deployment.md, so a new `make bench` run (on a quiet machine) updates both documents alike.
The verdicts are bench/run.py's, against issue 26's targets.
"""

import argparse
import json
import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results.json"
DOCUMENTS = [PROJECT / "docs" / "performance.md", PROJECT / "docs" / "deployment.md"]
START, END = "<!-- bench-figures:start -->", "<!-- bench-figures:end -->"
HOT_PATH = {
    "latest 200": "latest, warm 200",
    "latest 304": "latest, 304",
    "latest 200 gzip": "latest, warm 200, gzip",
    "wagtail v2": "Wagtail API v2 page detail, same report",
    "report page": "the report page (HTML), warm",
    "report page gzip": "the report page, gzip",
    "series page": "the series page, warm",
}
PIECES = {
    "front": "kept answers (front_answers, the first middleware)",
    "etag": "ETag and If-None-Match",
    "csp": "Content-Security-Policy",
    "compression": "compression middleware",
    "throttle": "throttling",
}


def machine_line(results: dict) -> str:
    machine, method = results["machine"], results.get("method", {})
    pinned = machine.get("pinned") or {}
    where = (
        f"server on core {pinned['server']}, wrk on core {pinned['wrk']}"
        if pinned.get("server") is not None
        else "not pinned (one core)"
    )
    start, end = machine.get("load_average_start", 0), machine["load_average"]
    five = machine.get("load_average_5min", end)
    return (
        f"Run {results.get('date', '(date not recorded)')}: {machine['cpus']} cores, "
        f"{machine.get('memory_gib', '?')} GiB, load average {start:.1f} at the "
        f"start and {end:.1f} at the end (5-minute {five:.1f}); one gunicorn worker that stays up "
        f"(max_requests 0), {where}; wrk with {method.get('connections', '?')} connections; "
        f"median of {method.get('rounds', '?')} paired rounds x {method.get('seconds', '?')} s; "
        f"a {results.get('body_bytes', '?')}-byte report."
    )


def markdown(results: dict) -> str:
    lines = [machine_line(results), ""]
    hot = results.get("hot_path")
    if hot:
        lines += [
            "| case (paired with the constant view) | ratio, server CPU | ratio, wall clock "
            "| requests per server CPU-s | rounds (CPU ratio) |",
            "|---|---:|---:|---:|---|",
        ]
        constant = next(iter(hot.values()))["constant_requests_per_cpu_second"]
        lines.append(f"| constant JsonResponse (the stack's limit) | 1.00 | 1.00 | {constant:.0f} | |")
        for name, label in HOT_PATH.items():
            if name in hot:
                row = hot[name]
                rounds = ", ".join(f"{value:.2f}" for value in row["ratios_cpu"])
                lines.append(
                    f"| {label} | {row['ratio_cpu']:.2f} | {row['ratio_wall']:.2f} | "
                    f"{row['requests_per_cpu_second']:.0f} | {rounds} |"
                )
    pieces = results.get("pieces")
    if pieces:
        total = pieces["all on"]["latest_us_per_request"]
        lines += [
            "",
            f"What each piece costs a warm latest answer (server CPU per request, {total:.0f} us with all "
            "of them; median of the per-round differences, each configuration a worker of its own):",
            "",
            "| piece turned off | us per request without it | its cost, us |",
            "|---|---:|---:|",
        ]
        for name, label in PIECES.items():
            if name in pieces:
                row = pieces[name]
                lines.append(f"| {label} | {row['latest_us_per_request']:.0f} | {row['cost_us']:.0f} |")
    recycling = results.get("recycling")
    if recycling:
        lines += ["", "Recycling (two workers, latest; wall clock as a visitor sees it):", ""]
        lines += ["| workers recycled | req/s | p50 ms | p99 ms | slowest ms |", "|---|---:|---:|---:|---:|"]
        for label, row in recycling.items():
            lines.append(
                f"| {label} | {row['requests_per_second']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
                f"{row['max_ms']:.1f} |"
            )
    first = results.get("first_after_publish")
    if first:
        parts = [
            f"{name} {row['wall_ms']:.1f} ms (server CPU {row['server_cpu_ms']:.0f} ms)"
            for name, row in first.items()
        ]
        lines += ["", f"- The first request for latest after a real publish: {', '.join(parts)}."]
    if "varnish_requests_per_second" in results:
        varnish = results["varnish_requests_per_second"]
        lines.append(
            f"- Through Varnish (wall clock, bounded by wrk): latest {varnish['latest']:.0f} req/s, "
            f"the report page {varnish['report page']:.0f} req/s."
        )
    inprocess = results.get("inprocess")
    if inprocess:
        cpu = inprocess["requests_per_cpu_second"]
        warm, not_modified = cpu["latest 200"] / cpu["constant"], cpu["latest 304"] / cpu["constant"]
        cold, warm_ms = inprocess["cold_presentation_ms_median"], inprocess["warm_latest_ms_median"]
        lines.append(
            f"- In-process (Django's handler, no gunicorn): warm 200 at {warm:.2f} and 304 at "
            f"{not_modified:.2f} of the constant view; the cold presentation {cold:.0f} ms, "
            f"warm {warm_ms:.2f} ms."
        )
    targets = results.get("targets")
    if targets:
        lines += ["", "Issue 26's targets:", "", "| target | measured | aim | |", "|---|---:|---|---|"]
        for name, verdict in targets.items():
            shown = "not measured" if verdict["value"] is None else f"{verdict['value']:.2f}"
            state = {True: "met", False: "**not met**", None: "-"}[verdict["met"]]
            lines.append(f"| {name} | {shown} | {verdict['target']} | {state} |")
    scale = results.get("scale")
    if scale:
        lines += ["", *scale_lines(scale)]
    return "\n".join(lines)


def scale_lines(scale: dict) -> list[str]:
    reports, n, full = scale["reports"], scale["full_reports"], scale["full"]
    database = scale.get("database", "sqlite")
    lines = [
        f"One report against {reports:,} (and {scale['faq_questions']} FAQ questions) on {database}, "
        "in-process wall time in ms (bench/scale.py; cold: the first request after a new generation"
        + (
            f"; run {scale['date']}, load average {scale['load_average']:.1f} at its end"
            if "date" in scale
            else ""
        )
        + "):",
        "",
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
    verdicts = []
    for kind in ("cold", "warm"):
        missed = scale[kind]["missed"]
        verdict = f"**not met** by {', '.join(missed)}" if missed else "met"
        verdicts.append(f"{kind}: {verdict} (worst ratio {scale[kind]['worst_ratio']:.2f})")
    lines += [
        "",
        f"Aim, every address but the series page's search (its hits grow with the archive) within "
        f"2x of its time with {n} reports: {'; '.join(verdicts)}. "
        f"`generate_reports {reports - n}` took {scale['generate_seconds']:.0f} s.",
    ]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update the marked section of the documents")
    parser.add_argument("--results", default=str(RESULTS))
    options = parser.parse_args()
    text = markdown(json.loads(Path(options.results).read_text()))
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
