"""Benchmark of the delivery's hot path, one thing at a time: `make bench` (or `python bench/run.py`).

Sets up a throw-away SQLite database with the demo content and serves it with gunicorn on 127.0.0.1
(`gunicorn -c gunicorn.conf.py`, DEBUG off, LAGESBILD_BENCH on). Each part measures one thing:

1. The hot path, in one worker that stays up (`max_requests` 0: no Django boot inside a round),
   pinned to one core and wrk to the other where there are two (taskset). Every endpoint is paired
   with the constant view in the same round (`/api/bench/constant/`, a JsonResponse of the same
   data through the same middleware: the stack's limit), in alternating order; the figure is the
   median over the rounds of the pair's ratio, in requests per server CPU-second (the worker's
   utime + stime from /proc, which a busy neighbour does not stretch as it stretches the wall
   clock), with wall-clock requests/s beside it.
     latest 200, latest 304, latest 200 gzip, Wagtail API v2's page detail of the same report,
     the report page (HTML, warm; plain and gzip), the series page
2. What each piece of the hot path costs: the same worker started with one piece turned off
   (LAGESBILD_BENCH_WITHOUT: the kept answers, ETags, the Content-Security-Policy, compression,
   throttling), latest paired with the constant view; the cost is the difference in server CPU per
   request. The kept answers' "cost" is negative: it is what they save.
3. The recycling, on its own: two workers recycled every 2,000 requests (`max_requests`, jitter
   as gunicorn.conf.py's), wrk's 99th percentile and slowest answer, beside the same two workers
   never recycled.
4. The first request after a publish: `manage.py shell` publishes the latest report (its commit
   starts a new generation, and the outbox's pre-warm renders the answers when its task runs),
   then one timed GET of latest, directly (wall time and the worker's CPU for it) and through
   Varnish after a PURGE (when varnishd is installed); Varnish's own throughput beside. Directly
   again with the worker down (a task backend that runs nothing): the first request renders.
5. bench/inprocess.py (CPU time in one process, and the cold presentation) and bench/scale.py
   (the archive's addresses with 1, 63 and 5,000 reports; BENCH_SCALE_DATABASE_URL=postgres://...
   runs it on PostgreSQL).

It prints the figures, judges them against issue 26's targets (TARGETS below) and writes
bench/results.json; bench/figures.py turns that into the tables of docs/performance.md. Only
127.0.0.1 is ever contacted. Timing means something only on a quiet machine: the load average
is recorded at the start and the end of every part.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TICKS = os.sysconf("SC_CLK_TCK")

# Issue 26's "Done when", as numbers: bench/figures.py prints the same verdicts.
TARGETS = {
    "latest 200 / constant (server CPU)": (">=", 1.0),
    "latest 304 / constant (server CPU)": (">=", 1.0),
    "latest / Wagtail API v2 page detail (server CPU)": (">=", 15.0),
    "report page / constant (server CPU)": (">=", 0.5),
    "recycling: p99 ms (2 workers, every 2,000 requests)": ("<=", 10.9),
    "recycling: slowest answer ms": ("<=", 176.0),
    "first request after a publish, direct, ms": ("<=", 20.0),
}
PIECES = ("front", "etag", "csp", "compression", "throttle")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def cores() -> list[int]:
    return sorted(os.sched_getaffinity(0))


def pinned(command: list[str], core: int | None) -> list[str]:
    """The command on one core (taskset), where the machine has two or more."""
    if core is None or shutil.which("taskset") is None:
        return command
    return ["taskset", "-c", str(core), *command]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


class Server:
    """gunicorn as production starts it (gunicorn.conf.py), with the bench's workers and recycling."""

    def __init__(self, env, *, workers=1, max_requests=0, jitter=0, core=None, extra_env=None):
        self.port = free_port()
        server_env = {
            **env,
            **(extra_env or {}),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_MAX_REQUESTS": str(max_requests),
            "GUNICORN_MAX_REQUESTS_JITTER": str(jitter),
            "GUNICORN_BIND": f"{HOST}:{self.port}",
            "GUNICORN_ACCESS_LOG": "off",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        self.process = subprocess.Popen(pinned(command, core), cwd=PROJECT, env=server_env)
        self.base = f"http://{HOST}:{self.port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                fetch(self.base + "/api/lagesbild/latest/")
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in path.read_text().split())

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.workers())

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wrk(url, headers, seconds, connections, core=None) -> dict:
    """One wrk run: requests, wall-clock requests/s and latency percentiles (ms)."""
    args = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run(pinned([*args, url], core), capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise SystemExit(f"{url}: {bad.group(1)} error responses\n{output}")
    errors = re.search(r"Socket errors: (.*)", output)

    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE))
    latency = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": ms(percentiles["50"]),
        "p99_ms": ms(percentiles["99"]),
        "max_ms": ms(latency.group(1)),
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def measure(server: Server, url, headers, seconds, connections, core) -> dict:
    """One run against one worker: wall-clock figures and the worker's CPU per request."""
    before = server.cpu()
    result = wrk(url, headers, seconds, connections, core)
    cpu = server.cpu() - before
    result["server_cpu_s"] = round(cpu, 3)
    result["requests_per_cpu_second"] = result["requests"] / cpu if cpu > 0 else float("inf")
    return result


def paired(server, cases, names, rounds, seconds, connections, core) -> dict:
    """Each case against the constant view in the same round, in alternating order; medians of ratios."""
    constant_url, constant_headers = cases["constant"]
    figures = {}
    for name in names:
        url, headers = cases[name]
        cpu_ratios, wall_ratios, runs = [], [], []
        for index in range(rounds):
            order = [("case", url, headers), ("constant", constant_url, constant_headers)]
            if index % 2:
                order.reverse()
            got = {label: measure(server, u, h, seconds, connections, core) for label, u, h in order}
            if not (got["case"]["requests"] and got["constant"]["requests"]):
                continue  # a run that completed nothing (a stalled machine) has no ratio
            cpu_ratios.append(
                got["case"]["requests_per_cpu_second"] / got["constant"]["requests_per_cpu_second"]
            )
            wall_ratios.append(got["case"]["requests_per_second"] / got["constant"]["requests_per_second"])
            runs.append(got)
        if not runs:
            raise SystemExit(f"{name}: no round completed a request")
        figures[name] = {
            "ratio_cpu": statistics.median(cpu_ratios),
            "ratio_wall": statistics.median(wall_ratios),
            "requests_per_cpu_second": statistics.median(r["case"]["requests_per_cpu_second"] for r in runs),
            "requests_per_second": statistics.median(r["case"]["requests_per_second"] for r in runs),
            "constant_requests_per_cpu_second": statistics.median(
                r["constant"]["requests_per_cpu_second"] for r in runs
            ),
            "constant_requests_per_second": statistics.median(
                r["constant"]["requests_per_second"] for r in runs
            ),
            "ratios_cpu": [round(value, 3) for value in cpu_ratios],
        }
        print(
            f"  {name:<22} {figures[name]['ratio_cpu']:>6.2f}x constant (server CPU; rounds "
            f"{', '.join(f'{v:.2f}' for v in cpu_ratios)}), {figures[name]['ratio_wall']:.2f}x wall; "
            f"{figures[name]['requests_per_cpu_second']:.0f} req/CPU-s",
            flush=True,
        )
    return figures


def start_varnish(work: Path, backend_port: int):
    """varnishd from the repo's VCL in front of gunicorn, or (None, None) when Varnish is not installed."""
    varnishd = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )
    if varnishd is None:
        print("varnishd not found (apt-get install varnish): no figures through Varnish")
        return None, None
    vcl = work / "varnish.vcl"
    source = (PROJECT / "docs" / "deploy" / "varnish.vcl").read_text()
    vcl.write_text(source.replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    command = [varnishd, "-F", "-j", "none", "-n", str(work / "varnish"), "-f", str(vcl)]
    command += ["-a", f"{HOST}:{port}", "-T", f"{HOST}:{free_port()}", "-s", "malloc,64m"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fetch(base + "/api/lagesbild/latest/")
            return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    return None, None


PUBLISH_LATEST = (
    "from rapport_blocks.models import RapportPage; "
    "from wagtail.models import Site; "
    "root = Site.objects.get(is_default_site=True).root_page.path; "
    "RapportPage.visible_reports(root).first().specific.save_revision().publish()"
)


def first_after_publish(env, server: Server, url, purge_base=None, rounds=4, worker=True) -> dict:
    """The first request for `url` after a real publish: wall ms, and the worker's CPU ms for it.

    The publish runs in `manage.py shell` (its commit starts a new generation; the pre-warm
    channel's task runs there, on commit, with the immediate backend: the task worker, done before
    the request). `worker=False` is the worker down: a backend that runs nothing, so the first
    request renders. A PURGE clears the front cache when one is measured; a pause lets the
    worker's half-second copies lapse.
    """
    address = urllib.parse.urlsplit(url)
    path = address.path
    # The origin the visitor uses (the server's, or Varnish's, which passes its Host on): the
    # pre-warmed answers are keyed by it, as they are by the public origin in production.
    publisher = {**env, "LAGESBILD_PREWARM_ORIGINS": f"{address.scheme}://{address.netloc}"}
    if not worker:
        publisher["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    wall, cpu = [], []
    for _ in range(rounds):
        manage(publisher, "shell", "-c", PUBLISH_LATEST)
        if purge_base:
            urllib.request.urlopen(
                urllib.request.Request(purge_base + path, method="PURGE"), timeout=10
            ).close()
        time.sleep(1.0)
        before = server.cpu()
        start = time.perf_counter()
        fetch(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((server.cpu() - before) * 1000)
    return {"wall_ms": statistics.median(wall), "server_cpu_ms": statistics.median(cpu), "wall_ms_all": wall}


def verdicts(figures: dict) -> dict:
    out = {}
    for name, (sense, limit) in TARGETS.items():
        value = figures.get(name)
        if value is None:
            out[name] = {"value": None, "target": f"{sense} {limit:g}", "met": None}
            continue
        met = value >= limit if sense == ">=" else value <= limit
        out[name] = {"value": round(value, 3), "target": f"{sense} {limit:g}", "met": met}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="per run (default 5)")
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds per case (default 5)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--recycle-seconds", type=int, default=30, help="the recycling run (default 30)")
    parser.add_argument(
        "--skip", default="", help="parts to leave out: pieces,recycle,publish,inprocess,scale"
    )
    parser.add_argument("--scale-args", default="", help='passed to bench/scale.py, e.g. "--reports 500"')
    parser.add_argument("--out", default=str(PROJECT / "bench" / "results.json"))
    options = parser.parse_args()
    skip = set(filter(None, options.skip.split(",")))
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk (apt-get install wrk)")
    available = cores()
    server_core, load_core = (available[-1], available[0]) if len(available) >= 2 else (None, None)

    results = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "load_average_start": load_average(),
            "pinned": {"server": server_core, "wrk": load_core},
        },
        "method": {
            "seconds": options.seconds,
            "rounds": options.rounds,
            "connections": options.connections,
            "workers": 1,
            "max_requests": 0,
        },
    }
    work = Path(tempfile.mkdtemp(prefix="lagesbild-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "LAGESBILD_VAR_DIR": str(work),
        "LAGESBILD_CACHE_DIR": str(work / "cache"),
        "STATIC_ROOT": str(work / "static"),
        "SECRET_KEY": "bench-only-" + "b" * 50,
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "LAGESBILD_BENCH": "1",
        "LAGESBILD_BENCH_PAYLOAD": str(work / "payload.json"),
        # A rate the load never reaches: every request is counted, none refused.
        "LAGESBILD_THROTTLE_RATE": "100000000/minute",
        "DEMO_ADMIN_PASSWORD": "bench-only-password",
        # bench/*.py import the demo host, which the installed package does not carry.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])),
    }
    for name in ("REDIS_URL", "LAGESBILD_BENCH_WITHOUT", "WEB_CONCURRENCY"):
        env.pop(name, None)
    print(f"Setting up {work} (migrate, collectstatic, load_demo) ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo", "--host", HOST)
    shutil.copy(work / "db.sqlite3", work / "scale.sqlite3")  # the scale run's own copy, untouched
    judged = {}
    try:
        # 1. The hot path, one worker that stays up.
        server = Server(env, core=server_core)
        try:
            latest = server.base + "/api/lagesbild/latest/"
            _status, headers, body = fetch(latest)
            (work / "payload.json").write_bytes(body)
            _status, _headers, constant_body = fetch(server.base + "/api/bench/constant/")
            assert json.loads(constant_body) == json.loads(body), "the constant view must serve the same data"
            report = json.loads(body)
            page = server.base + urllib.parse.urlsplit(report["url"]).path
            series_page = page.rstrip("/").rsplit("/", 1)[0] + "/"
            gzip = {"Accept-Encoding": "gzip"}
            cases = {
                "constant": (server.base + "/api/bench/constant/", {}),
                "latest 200": (latest, {}),
                "latest 304": (latest, {"If-None-Match": headers["ETag"]}),
                "latest 200 gzip": (latest, gzip),
                "wagtail v2": (server.base + f"/bench/wagtail-api/pages/{report['id']}/", {}),
                "report page": (page, {}),
                "report page gzip": (page, gzip),
                "series page": (series_page, {}),
            }
            for url, extra in cases.values():  # warm: every answer cached, every code path loaded
                wrk(url, extra, 1, options.connections, load_core)
            results["body_bytes"] = len(body)
            results["load_average_hot_path_start"] = load_average()
            print(
                f"\n1. The hot path: one worker (max_requests 0), {options.rounds} paired rounds"
                f" x {options.seconds} s"
            )
            hot = paired(
                server,
                cases,
                [n for n in cases if n != "constant"],
                options.rounds,
                options.seconds,
                options.connections,
                load_core,
            )
            results["hot_path"] = hot
            results["load_average_hot_path_end"] = load_average()
            judged["latest 200 / constant (server CPU)"] = hot["latest 200"]["ratio_cpu"]
            judged["latest 304 / constant (server CPU)"] = hot["latest 304"]["ratio_cpu"]
            judged["latest / Wagtail API v2 page detail (server CPU)"] = (
                hot["latest 200"]["ratio_cpu"] / hot["wagtail v2"]["ratio_cpu"]
            )
            judged["report page / constant (server CPU)"] = hot["report page"]["ratio_cpu"]
            print(
                f"  latest / Wagtail API v2: "
                f"{judged['latest / Wagtail API v2 page detail (server CPU)']:.1f}x (server CPU), "
                f"{hot['latest 200']['ratio_wall'] / hot['wagtail v2']['ratio_wall']:.1f}x (wall)"
            )

            # 4. The first request after a publish (this server; its cache is the one the shell writes).
            if "publish" not in skip:
                print("\n4. The first request after a publish")
                first = {
                    "direct": first_after_publish(env, server, latest),
                    "direct, worker down": first_after_publish(env, server, latest, worker=False),
                }
                varnish, varnish_base = start_varnish(work, server.port)
                if varnish_base:
                    first["varnish"] = first_after_publish(
                        env, server, varnish_base + "/api/lagesbild/latest/", purge_base=varnish_base
                    )
                    results["varnish_requests_per_second"] = {
                        "latest": wrk(
                            varnish_base + "/api/lagesbild/latest/",
                            {},
                            options.seconds,
                            options.connections,
                            load_core,
                        )["requests_per_second"],
                        "report page": wrk(
                            varnish_base + urllib.parse.urlsplit(page).path,
                            {},
                            options.seconds,
                            options.connections,
                            load_core,
                        )["requests_per_second"],
                    }
                    varnish.terminate()
                    varnish.wait(timeout=20)
                results["first_after_publish"] = first
                judged["first request after a publish, direct, ms"] = first["direct"]["wall_ms"]
                for name, values in first.items():
                    print(
                        f"  {name}: {values['wall_ms']:.1f} ms wall, "
                        f"{values['server_cpu_ms']:.1f} ms server CPU"
                    )
        finally:
            server.stop()

        # 2. What each piece costs: one server per configuration, all up at once, in turn each round.
        if "pieces" not in skip:
            print(
                "\n2. What each piece of the hot path costs"
                " (latest 200, one worker per configuration, the configurations in turn each round)"
            )
            servers = {}
            try:
                for piece in ("", *PIECES):
                    servers[piece] = Server(
                        env, core=server_core, extra_env={"LAGESBILD_BENCH_WITHOUT": piece}
                    )
                for server in servers.values():
                    wrk(server.base + "/api/lagesbild/latest/", {}, 1, options.connections, load_core)
                    wrk(server.base + "/api/bench/constant/", {}, 1, options.connections, load_core)
                costs = {piece: [] for piece in servers}
                for index in range(options.rounds):
                    order = list(servers.items())
                    if index % 2:
                        order.reverse()
                    for piece, server in order:
                        got = measure(
                            server,
                            server.base + "/api/lagesbild/latest/",
                            {},
                            options.seconds,
                            options.connections,
                            load_core,
                        )
                        costs[piece].append(1e6 / got["requests_per_cpu_second"])
            finally:
                for server in servers.values():
                    server.stop()
            base_runs = costs.pop("")
            pieces = {"all on": {"latest_us_per_request": statistics.median(base_runs), "runs": base_runs}}
            for piece, runs in costs.items():
                differences = [on - off for on, off in zip(base_runs, runs, strict=True)]
                pieces[piece] = {
                    "latest_us_per_request": statistics.median(runs),
                    "cost_us": statistics.median(differences),
                    "runs": runs,
                }
                print(
                    f"  {piece:<12} costs {pieces[piece]['cost_us']:>6.1f} us"
                    f" of {pieces['all on']['latest_us_per_request']:.1f} us per latest request (server CPU)"
                )
            results["pieces"] = pieces

        # 3. The recycling, on its own.
        if "recycle" not in skip:
            print(
                f"\n3. Recycling: two workers, {options.recycle_seconds} s of latest,"
                " with and without recycling"
            )
            recycle = {}
            for label, max_requests, jitter in (("never", 0, 0), ("every 2,000", 2000, 200)):
                server = Server(env, workers=2, max_requests=max_requests, jitter=jitter)
                try:
                    url = server.base + "/api/lagesbild/latest/"
                    wrk(url, {}, 1, options.connections, None)
                    recycle[label] = wrk(url, {}, options.recycle_seconds, options.connections, None)
                    recycle[label]["load_average"] = load_average()
                finally:
                    server.stop()
                print(
                    f"  {label:<12} {recycle[label]['requests_per_second']:>7.0f} req/s, p50 "
                    f"{recycle[label]['p50_ms']:.2f} ms, p99 {recycle[label]['p99_ms']:.2f} ms, "
                    f"slowest {recycle[label]['max_ms']:.1f} ms"
                )
            results["recycling"] = recycle
            judged["recycling: p99 ms (2 workers, every 2,000 requests)"] = recycle["every 2,000"]["p99_ms"]
            judged["recycling: slowest answer ms"] = recycle["every 2,000"]["max_ms"]

        # 5. In-process CPU time and the archive at scale.
        if "inprocess" not in skip:
            inprocess_env = {**env, "BENCH_INPROCESS_OUT": str(work / "inprocess.json")}
            subprocess.run([sys.executable, "bench/inprocess.py"], cwd=PROJECT, env=inprocess_env, check=True)
            results["inprocess"] = json.loads((work / "inprocess.json").read_text())
        if "scale" not in skip:
            scale_env = {
                **env,
                "DATABASE_URL": os.environ.get("BENCH_SCALE_DATABASE_URL")
                or f"sqlite:///{work / 'scale.sqlite3'}",
                "LAGESBILD_CACHE_DIR": str(work / "scale-cache"),
                "BENCH_SCALE_OUT": str(work / "scale.json"),
            }
            if os.environ.get("BENCH_SCALE_DATABASE_URL"):
                manage(scale_env, "migrate", "--noinput")
                manage(scale_env, "load_demo", "--host", HOST)
            subprocess.run(
                [sys.executable, "bench/scale.py", *options.scale_args.split()],
                cwd=PROJECT,
                env=scale_env,
                check=True,
            )
            results["scale"] = json.loads((work / "scale.json").read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)

    results["machine"]["load_average"] = load_average()
    results["machine"]["load_average_5min"] = round(os.getloadavg()[1], 2)
    results["targets"] = verdicts(judged)
    print(
        f"\nIssue 26's targets (load average {results['machine']['load_average_start']} at the start, "
        f"{results['machine']['load_average']} at the end; timing means something only on a quiet machine):"
    )
    for name, verdict in results["targets"].items():
        shown = "not measured" if verdict["value"] is None else f"{verdict['value']:.2f}"
        state = {True: "met", False: "NOT MET", None: "-"}[verdict["met"]]
        print(f"  {name:<52} {shown:>10}  (target {verdict['target']}): {state}")
    out = Path(options.out)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written: {out}")


if __name__ == "__main__":
    main()
