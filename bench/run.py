"""Benchmark of the delivery API's hot path, in one run: `make bench` (or `.venv/bin/python bench/run.py`).

Sets up a throw-away SQLite database with the demo content, serves the app with gunicorn on
127.0.0.1 (DEBUG off, LAGESBILD_BENCH on), and measures with wrk (Debian package `wrk`; a bounded
Python load generator when wrk is missing) for a fixed time each:

  constant   /api/bench/constant/  a JsonResponse of the latest report's data, same size, same
                                   process and middleware: the stack's limit
  latest     /api/lagesbild/latest/                       the warm 200 (stored bytes)
  304        /api/lagesbild/latest/ with If-None-Match    the conditional path
  wagtail v2 /bench/wagtail-api/pages/<id>/               Wagtail's own API v2 page detail of the
                                                          same report (mounted only here)
  page       the report's page, warm (its HTML)
  varnish    /api/lagesbild/latest/ through Varnish from docs/deploy/varnish.vcl (when varnishd
             is installed): what a front cache adds
  varnish page  the report's page through Varnish

each with throttling on (counted in each worker's memory, the default without Redis, at a rate it
never reaches) and off, interleaved in rounds. It prints requests/s, best and median of the rounds,
and the ratios to the constant view (aims: 200 >= 0.9, 304 >= 1.0); then bench/inprocess.py the
same comparison in CPU time, and the cold presentation (the first request after a publish) in
milliseconds; the first request after a real publish over HTTP, directly and through Varnish
(purged), in milliseconds; and bench/scale.py, the archive's addresses (list, series page with
filters, home page, feeds, latest, FAQ) with 1 report against 5,000, cold and warm (aim: within
2x). Everything goes to bench/results.json too. Only 127.0.0.1 is ever contacted.
Figures: docs/performance.md (`bench/figures.py` writes its table from bench/results.json).
"""

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
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


class Server:
    def __init__(self, env, workers):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"{HOST}:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=PROJECT,
            env=env,
        )
        self.base = f"http://{HOST}:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(self.base + "/api/lagesbild/latest/")
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


def start_varnish(work: Path, backend_port: int):
    """varnishd from the repo's VCL in front of gunicorn, or None when Varnish is not installed."""
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
    process = subprocess.Popen(
        [
            varnishd,
            "-F",
            "-j",
            "none",
            "-n",
            str(work / "varnish"),
            "-f",
            str(vcl),
            "-a",
            f"{HOST}:{port}",
            "-T",
            f"{HOST}:{free_port()}",
            "-s",
            "malloc,64m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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


def cold_after_publish(env, url, purge_base=None, rounds=4) -> list[float]:
    """The first request for `url` after a publish, in ms: a real publish (manage.py shell, so its
    commit starts a new generation), a PURGE of the path when a front cache is asked, a pause for
    the workers' half-second local copies, then one timed GET."""
    path = urllib.parse.urlsplit(url).path
    times = []
    for _ in range(rounds):
        manage(env, "shell", "-c", PUBLISH_LATEST)
        if purge_base:
            urllib.request.urlopen(
                urllib.request.Request(purge_base + path, method="PURGE"), timeout=10
            ).close()
        time.sleep(1.0)
        start = time.perf_counter()
        fetch(url)
        times.append((time.perf_counter() - start) * 1000)
    return times


def run_wrk(url, headers, seconds, connections) -> float:
    args = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def run_python(url, headers, seconds, connections) -> float:
    """Bounded load from threads: a fallback, itself slower than the server (ratios still compare)."""
    import http.client

    stop_at = time.monotonic() + seconds
    counts = [0] * connections
    port = int(url.split(":")[2].split("/")[0])
    path = "/" + url.split("/", 3)[3]

    def worker(index):
        while time.monotonic() < stop_at and counts[index] < 1_000_000:
            connection = http.client.HTTPConnection(HOST, port, timeout=10)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status >= 400:
                raise SystemExit(f"{url}: HTTP {response.status}")
            counts[index] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=4, help="per measurement (default 4)")
    parser.add_argument("--rounds", type=int, default=6, help="measurements of each (default 6)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--scale-args", default="", help='passed to bench/scale.py, e.g. "--reports 500"')
    options = parser.parse_args()
    load = run_wrk if shutil.which("wrk") else run_python
    if load is run_python:
        print("wrk not found (apt-get install wrk): using the slower Python load generator")

    load_at_start = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="lagesbild-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "LAGESBILD_VAR_DIR": str(work),
        "LAGESBILD_CACHE_DIR": str(work / "cache"),
        "SECRET_KEY": "bench-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "LAGESBILD_BENCH": "1",
        "LAGESBILD_BENCH_PAYLOAD": str(work / "payload.json"),
        "DEMO_ADMIN_PASSWORD": "bench-only-password",
        "GUNICORN_ACCESS_LOG": "off",  # gunicorn reads ./gunicorn.conf.py: no log line per request
        # bench/*.py import the demo host, which the installed package no longer carries (issue 12).
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("REDIS_URL", None)
    print(f"Setting up {work} (migrate, load_demo) ...")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--host", HOST)

    # The scale benchmark's own database: the demo, before anything else touches it.
    shutil.copy(work / "db.sqlite3", work / "scale.sqlite3")
    results, medians, size, cold_http = {}, {}, 0, {}
    try:
        for throttle in ("on", "off"):
            server_env = {**env, "LAGESBILD_THROTTLE_RATE": "100000000/minute" if throttle == "on" else "off"}
            server = Server(server_env, options.workers)
            try:
                latest = server.base + "/api/lagesbild/latest/"
                _status, headers, body = fetch(latest)
                (work / "payload.json").write_bytes(body)
                etag = headers["ETag"]
                constant = server.base + "/api/bench/constant/"
                _status, _headers, constant_body = fetch(constant)
                assert json.loads(constant_body) == json.loads(body), (
                    "the constant view must serve the same data"
                )
                report = json.loads(body)
                page = server.base + urllib.parse.urlsplit(report["url"]).path
                cases = {
                    "constant": (constant, {}),
                    "latest 200": (latest, {}),
                    "latest 304": (latest, {"If-None-Match": etag}),
                    "wagtail v2": (server.base + f"/bench/wagtail-api/pages/{report['id']}/", {}),
                    "page": (page, {}),
                }
                varnish, varnish_base = (None, None)
                if throttle == "on":
                    varnish, varnish_base = start_varnish(work, server.port)
                    if varnish_base:
                        cases["varnish"] = (varnish_base + "/api/lagesbild/latest/", {})
                        cases["varnish page"] = (varnish_base + urllib.parse.urlsplit(report["url"]).path, {})
                for _name, (url, extra) in cases.items():  # warm every worker
                    load(url, extra, 1, options.connections)
                samples = {name: [] for name in cases}
                for _round in range(options.rounds):  # interleaved, so drift hits all alike
                    for name, (url, extra) in cases.items():
                        samples[name].append(load(url, extra, options.seconds, options.connections))
                # Best of the rounds: the least disturbed by whatever else runs on the machine.
                results[throttle] = {name: max(values) for name, values in samples.items()}
                medians[throttle] = {name: statistics.median(values) for name, values in samples.items()}
                size = len(body)
                if throttle == "on":
                    cold_http["direct"] = cold_after_publish(server_env, latest)
                    if varnish_base:
                        cold_http["varnish"] = cold_after_publish(
                            server_env, varnish_base + "/api/lagesbild/latest/", purge_base=varnish_base
                        )
                if varnish is not None:
                    varnish.terminate()
                    varnish.wait(timeout=20)
            finally:
                server.stop()
        inprocess_env = {
            **env,
            "LAGESBILD_THROTTLE_RATE": "100000000/minute",
            "BENCH_INPROCESS_OUT": str(work / "inprocess.json"),
        }
        subprocess.run([sys.executable, "bench/inprocess.py"], cwd=PROJECT, env=inprocess_env, check=True)
        inprocess = json.loads((work / "inprocess.json").read_text())
        scale_env = {
            **inprocess_env,
            "DATABASE_URL": f"sqlite:///{work / 'scale.sqlite3'}",
            "LAGESBILD_CACHE_DIR": str(work / "scale-cache"),
            "BENCH_SCALE_OUT": str(work / "scale.json"),
        }
        subprocess.run(
            [sys.executable, "bench/scale.py", *options.scale_args.split()],
            cwd=PROJECT,
            env=scale_env,
            check=True,
        )
        scale = json.loads((work / "scale.json").read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nHTTP (gunicorn, {load.__name__[4:]}; best and median of {options.rounds} x {options.seconds}s)")
    print(f"{'throttle':<9} {'case':<11} {'best req/s':>11} {'ratio':>7} {'median':>9} {'ratio':>7}")
    for throttle, figures in results.items():
        base, middle = figures["constant"], medians[throttle]
        for name in figures:
            print(
                f"{throttle:<9} {name:<11} {figures[name]:>11.0f} {figures[name] / base:>7.2f}"
                f" {middle[name]:>9.0f} {middle[name] / middle['constant']:>7.2f}"
            )
    print(
        f"\nbody: {size} bytes; {options.workers} gunicorn workers; {options.connections} connections; "
        f"load average now {os.getloadavg()[0]:.1f}"
    )
    on = results["on"]
    print(
        f"aims (throttling on, best): 200 >= 0.9 -> {on['latest 200'] / on['constant']:.2f}, "
        f"304 >= 1.0 -> {on['latest 304'] / on['constant']:.2f}"
    )
    print(
        f"latest 200 / wagtail v2 page detail: {on['latest 200'] / on['wagtail v2']:.1f}x; "
        f"latest 200 / report page: {on['latest 200'] / on['page']:.1f}x"
        + (f"; through Varnish / direct: {on['varnish'] / on['latest 200']:.2f}x" if "varnish" in on else "")
    )
    for name, values in cold_http.items():
        print(
            f"cold latest over HTTP ({name}, first request after a publish):"
            f" median {statistics.median(values):.0f} ms"
        )
    if "varnish page" in on:
        print(f"report page through Varnish / direct: {on['varnish page'] / on['page']:.1f}x")
    load_average = os.getloadavg()
    out = PROJECT / "bench" / "results.json"
    out.write_text(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "machine": {
                    "cpus": os.cpu_count(),
                    "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                    "load_average_start": load_at_start,
                    "load_average": load_average[0],
                    "load_average_5min": load_average[1],
                    "load_generator": load.__name__[4:],
                },
                "seconds": options.seconds,
                "rounds": options.rounds,
                "body_bytes": size,
                "workers": options.workers,
                "connections": options.connections,
                "http_best_requests_per_second": results,
                "http_median_requests_per_second": medians,
                "ratios_to_constant_best": {
                    throttle: {name: value / figures["constant"] for name, value in figures.items()}
                    for throttle, figures in results.items()
                },
                "inprocess": inprocess,
                "cold_latest_http_ms_median": {name: statistics.median(v) for name, v in cold_http.items()},
                "scale": scale,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written: {out.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
