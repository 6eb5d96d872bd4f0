"""Soak test: `make soak` (or `.venv/bin/python bench/soak.py`). Not part of `make test` or CI.

Serves the demo with gunicorn exactly as production starts it (`gunicorn -c gunicorn.conf.py`,
DEBUG off, production settings, throttling on at its production rate), on 127.0.0.1 only, and
drives it with wrk (Debian package `wrk`, required) at twice its measured capacity for
SOAK_SECONDS (default 1800, 30 minutes). The mix, in turn: the latest report's API answer (what every widget
asks for), a report page, the iframe embed, the widget's JavaScript and the FAQ page. Each request
comes from another intranet client address (X-Forwarded-For through one trusted proxy,
NUM_PROXIES=1, as production runs behind its proxy), so throttling counts per client as it would.

Method. wrk is a closed-loop generator: each connection sends its next request when the previous
answer arrives, and Debian has no wrk2 (no fixed-rate mode). So:

1. capacity: wrk with 2 connections per gunicorn worker (enough to keep every worker busy) for
   SOAK_CAPACITY_SECONDS (default 20): the requests per second the server completes, R.
2. soak: SOAK_CONNECTIONS connections (default 16 per worker), each paced by wrk's Lua `delay()`
   so that together they would send 2 x R if the server answered at once. The server cannot, so
   requests queue in gunicorn's listen backlog for the whole run: the offered load stays above
   capacity (what wrk2's rate mode gives), while the achieved rate stays near R. Both are written.

It passes when every answer is a 2xx/3xx, a 429 (throttled) or a 503, wrk saw no socket error or
timeout, no worker was restarted, no worker's resident memory (RSS, from /proc) grew by more
than SOAK_RSS_GROWTH_MB (default 20 MB) between the start of the soak (after warm-up and the
capacity run) and its end, and none grew by more than SOAK_RSS_LATE_GROWTH_MB (default 2 MB) over
the last SOAK_LATE_SECONDS (default 1200, the last 20 minutes; the last two thirds of a shorter run):
what a worker that is never recycled does once it has settled. gunicorn's max_requests recycling
is off for the run (GUNICORN_MAX_REQUESTS=0): it would replace a leaking worker and hide the
leak. RSS is sampled every 30 s.

What grows: one worker (SOAK_TRACED_WORKERS, 1) traces its allocations (tracemalloc, gunicorn.conf.py's
post_worker_init with LAGESBILD_TRACEMALLOC_DIR; SOAK_TRACEMALLOC=0 turns it off) and writes a
snapshot every SOAK_SNAPSHOT_SECONDS (60). The soak compares the snapshot nearest its start with
the last, and the one nearest the start of the last SOAK_LATE_SECONDS with the last: the lines of
code whose live memory grew most, and the traced total over time, go into the results. Tracing
makes a worker about ten times slower and its traces take memory of their own, so the others
serve untraced: the capacity is theirs, and the RSS limits judge them (the traced worker's RSS is
written, not judged). SOAK_KEEP=<dir> keeps the snapshot files. Results: bench/soak.json
(SOAK_OUT), and a summary on standard output.

Variables: SOAK_SECONDS, SOAK_CAPACITY_SECONDS, SOAK_CONNECTIONS, SOAK_FACTOR (2), SOAK_RSS_GROWTH_MB,
SOAK_RSS_LATE_GROWTH_MB, SOAK_LATE_SECONDS, SOAK_TRACEMALLOC, SOAK_TRACED_WORKERS, SOAK_SNAPSHOT_SECONDS,
SOAK_KEEP, SOAK_DATABASE_URL (default: a throw-away SQLite file; a postgres:// URL soaks PostgreSQL),
SOAK_OUT, WEB_CONCURRENCY (gunicorn workers; default as gunicorn.conf.py: 2 x cores + 1).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def setting(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(urllib.request.Request(url), timeout=30) as response:
        return response.status, response.read()


def manage(env, *args):
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL)


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def rss_of(master: int) -> dict[int, float]:
    return {pid: round(rss_mb(pid), 1) for pid in workers_of(master)}


LUA = """
local paths = {PATHS}
local pace = {PACE}
local counter = 0
statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring(args):match("0x(%x+)") or "0", 16) % 100000)
  counter = math.random(0, #paths - 1)
end

function request()
  counter = counter + 1
  local client = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format("GET", paths[(counter % #paths) + 1], {
    ["X-Forwarded-For"] = client,
    ["Accept-Encoding"] = "gzip, br",
  })
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

if pace > 0 then
  function delay()
    return pace
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'SOAK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "statuses": {%s}, ' ..
    '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
    '"latency_ms": {"p50": %.2f, "p90": %.2f, "p99": %.2f, "max": %.2f}}\\n',
    summary.requests, summary.duration, summary.bytes, table.concat(parts, ", "),
    errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def wrk(base: str, paths: list[str], seconds: int, connections: int, pace_ms: float, work: Path) -> dict:
    script = work / f"soak-{connections}-{int(pace_ms)}.lua"
    lua_paths = "{" + ", ".join(json.dumps(path) for path in paths) + "}"
    script.write_text(LUA.replace("{PATHS}", lua_paths).replace("{PACE}", f"{pace_ms:.3f}"))
    threads = min(2, connections)
    args = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s"]
    output = subprocess.run(
        [*args, "-s", str(script), base], capture_output=True, text=True, check=True
    ).stdout
    line = next((line for line in output.splitlines() if line.startswith("SOAK-JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result:\n{output}")
    result = json.loads(line.removeprefix("SOAK-JSON "))
    result["requests_per_second"] = round(result["requests"] / (result["duration_us"] / 1e6), 1)
    return result


def traced_workers(folder: Path) -> set[int]:
    """The workers that wrote snapshots (tracemalloc on)."""
    files = folder.glob("*.tracemalloc") if folder.is_dir() else []
    return {int(path.name.split("-")[0]) for path in files}


def tracemalloc_growth(folder: Path, soak_start: float, late_start: float) -> dict:
    """Per worker: traced memory over time, and the lines that grew most (whole soak; last part)."""
    import tracemalloc

    def top(old, new) -> list[dict]:
        stats = new.compare_to(old, "lineno")
        return [
            {
                "where": f"{stat.traceback[0].filename}:{stat.traceback[0].lineno}",
                "size_diff_kb": round(stat.size_diff / 1024, 1),
                "count_diff": stat.count_diff,
                "size_kb": round(stat.size / 1024, 1),
            }
            for stat in sorted(stats, key=lambda stat: stat.size_diff, reverse=True)[:15]
        ]

    found: dict = {}
    files = sorted(folder.glob("*.tracemalloc")) if folder.is_dir() else []
    for pid in sorted({path.name.split("-")[0] for path in files}):
        mine = sorted((path.stat().st_mtime, path) for path in files if path.name.startswith(f"{pid}-"))
        during = [(when, path) for when, path in mine if when >= soak_start]
        if len(during) < 2:
            continue

        def nearest(moment, taken=tuple(during)):
            return min(taken, key=lambda item: abs(item[0] - moment))[1]

        first, late, last = nearest(soak_start), nearest(late_start), during[-1][1]
        loaded = {path: tracemalloc.Snapshot.load(str(path)) for path in {first, late, last}}
        found[pid] = {
            "traced_mb": [
                {
                    "t": round(when - soak_start),
                    "mb": round(
                        sum(stat.size for stat in tracemalloc.Snapshot.load(str(path)).statistics("filename"))
                        / 2**20,
                        2,
                    ),
                }
                for when, path in during
            ],
            "top": top(loaded[first], loaded[last]),
            "late_top": top(loaded[late], loaded[last]),
        }
    return found


def main() -> int:
    if shutil.which("wrk") is None:
        print("make soak needs wrk: apt-get install wrk", file=sys.stderr)
        return 2
    seconds = int(setting("SOAK_SECONDS", 1800))
    late_seconds = min(int(setting("SOAK_LATE_SECONDS", 1200)), seconds * 2 // 3)
    late_limit = setting("SOAK_RSS_LATE_GROWTH_MB", 2)
    tracing = os.environ.get("SOAK_TRACEMALLOC", "1") != "0"
    capacity_seconds = int(setting("SOAK_CAPACITY_SECONDS", 20))
    factor = setting("SOAK_FACTOR", 2)
    rss_limit = setting("SOAK_RSS_GROWTH_MB", 20)
    out = Path(os.environ.get("SOAK_OUT") or PROJECT / "bench" / "soak.json")

    work = Path(tempfile.mkdtemp(prefix="lagesbild-soak-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("SOAK_DATABASE_URL") or f"sqlite:///{work / 'db.sqlite3'}",
        "LAGESBILD_VAR_DIR": str(work),
        "LAGESBILD_CACHE_DIR": str(work / "cache"),
        "STATIC_ROOT": str(work / "static"),
        "SECRET_KEY": "soak-only-" + "s" * 50,
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "DEMO_ADMIN_PASSWORD": "soak-only-password",
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_ACCESS_LOG": "off",
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_MAX_REQUESTS": "0",  # no recycling during the soak: a leak must show
        "NUM_PROXIES": "1",  # one trusted proxy on 127.0.0.1: X-Forwarded-For is the client
    }
    snapshots = work / "tracemalloc"
    if tracing:
        env["LAGESBILD_TRACEMALLOC_DIR"] = str(snapshots)
        env["LAGESBILD_TRACEMALLOC_SECONDS"] = str(int(setting("SOAK_SNAPSHOT_SECONDS", 60)))
        env["LAGESBILD_TRACEMALLOC_WORKERS"] = str(int(setting("SOAK_TRACED_WORKERS", 1)))
    for name in ("REDIS_URL", "LAGESBILD_THROTTLE_RATE", "DJANGO_ALLOW_ASYNC_UNSAFE", "LAGESBILD_BENCH"):
        env.pop(name, None)
    print(f"soak: setting up the demo in {work} (migrate, collectstatic, load_demo) ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo", "--host", HOST, "--port", str(port))

    log = (work / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://{HOST}:{port}"
    failures: list[str] = []
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start:\n" + (work / "gunicorn.log").read_text()[-3000:])
            time.sleep(0.3)

        latest = json.loads(fetch(base + "/api/lagesbild/latest/")[1])
        faq = json.loads(fetch(base + "/api/faq/")[1])["results"][0]
        paths = {
            "latest API": "/api/lagesbild/latest/",
            "report page": urllib.request.urlparse(latest["url"]).path,
            "embed": "/embed/lagesbild/latest/",
            "widget JS": "/static/frontend_widget/lagesbild-widget.js",
            "FAQ page": urllib.request.urlparse(faq["url"]).path,
        }
        for name, path in paths.items():
            status, _body = fetch(base + path)
            if status != 200:
                raise SystemExit(f"{name} {path}: HTTP {status}")
        workers = workers_of(server.pid)
        print(f"soak: gunicorn {server.pid}, {len(workers)} workers; {list(paths.values())}", flush=True)

        wrk(base, list(paths.values()), 5, 2 * len(workers), 0, work)  # warm every worker
        capacity = wrk(base, list(paths.values()), capacity_seconds, 2 * len(workers), 0, work)
        rate = capacity["requests_per_second"]
        connections = int(setting("SOAK_CONNECTIONS", 16 * len(workers)))
        target = factor * rate
        pace_ms = 1000 * connections / target
        print(
            f"soak: capacity {rate:.0f} req/s with {2 * len(workers)} connections; soak for {seconds} s at "
            f"{factor:g} x = {target:.0f} req/s offered ({connections} connections, one request per "
            f"{pace_ms:.1f} ms each)",
            flush=True,
        )

        before = rss_of(server.pid)
        samples = [{"t": 0, "rss_mb": before}]
        started = time.monotonic()
        started_wall = time.time()
        outcome: dict = {}

        def drive():
            try:
                outcome["result"] = wrk(base, list(paths.values()), seconds, connections, pace_ms, work)
            except BaseException as error:  # reported below, in the main thread
                outcome["error"] = error

        driver = threading.Thread(target=drive)
        driver.start()
        while driver.is_alive():
            driver.join(timeout=1)
            elapsed = time.monotonic() - started
            if driver.is_alive() and elapsed >= 30 * len(samples):
                try:
                    samples.append({"t": round(elapsed), "rss_mb": rss_of(server.pid)})
                except (OSError, RuntimeError):
                    pass
        if "error" in outcome:
            raise SystemExit(f"wrk failed during the soak: {outcome['error']}")
        result = outcome["result"]
        after = rss_of(server.pid)
        samples.append({"t": round(time.monotonic() - started), "rss_mb": after})
        load = os.getloadavg()

        unexpected = {
            status: count
            for status, count in result["statuses"].items()
            if not (200 <= int(status) < 400 or int(status) in (429, 503))
        }
        if unexpected:
            failures.append(f"unexpected statuses: {unexpected}")
        if any(result["socket_errors"].values()):
            failures.append(f"socket errors: {result['socket_errors']}")
        if sorted(after) != sorted(before):
            failures.append(f"workers restarted: {sorted(before)} -> {sorted(after)}")
        growth = {pid: round(after[pid] - before[pid], 1) for pid in before if pid in after}
        # The traced workers' RSS holds tracemalloc's own records: written, not judged.
        traced_pids = traced_workers(snapshots) if tracing else set()
        grown = {pid: value for pid, value in growth.items() if value > rss_limit and pid not in traced_pids}
        end_t = samples[-1]["t"]
        late_start = next(sample for sample in samples if sample["t"] >= end_t - late_seconds)
        late_growth = {
            pid: round(after[pid] - late_start["rss_mb"][pid], 1)
            for pid in late_start["rss_mb"]
            if pid in after
        }
        late_grown = {
            pid: value for pid, value in late_growth.items() if value > late_limit and pid not in traced_pids
        }
        if late_grown:
            failures.append(
                f"RSS grew by more than {late_limit} MB from {late_start['t']} s to {end_t} s: {late_grown}"
            )
        traced = (
            tracemalloc_growth(snapshots, started_wall, started_wall + late_start["t"]) if tracing else {}
        )
        if grown:
            failures.append(f"RSS grew by more than {rss_limit} MB: {grown}")
        if server.poll() is not None:
            failures.append("gunicorn exited")

        figures = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "load_average_after": [round(x, 2) for x in load]},
            "server": {
                "gunicorn": "gunicorn -c gunicorn.conf.py (production settings, DEBUG off, max_requests off)",
                "workers": len(before),
                "database": "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite",
                "cache": "file cache (no REDIS_URL)",
                "throttle": "production default (LAGESBILD_THROTTLE_RATE unset), per X-Forwarded-For client",
            },
            "paths": paths,
            "capacity": capacity,
            "soak": {
                "seconds": seconds,
                "factor": factor,
                "offered_requests_per_second": round(target, 1),
                "connections": connections,
                "pace_ms_per_connection": round(pace_ms, 2),
                **result,
            },
            "rss_mb": {
                "before": {str(pid): value for pid, value in before.items()},
                "after": {str(pid): value for pid, value in after.items()},
                "growth": {str(pid): value for pid, value in growth.items()},
                "limit_growth_mb": rss_limit,
                "traced_not_judged": sorted(str(pid) for pid in traced_pids),
                "samples": [
                    {"t": s["t"], "rss_mb": {str(pid): v for pid, v in s["rss_mb"].items()}} for s in samples
                ],
            },
            "rss_late_mb": {
                "from_t": late_start["t"],
                "to_t": end_t,
                "growth": {str(pid): value for pid, value in late_growth.items()},
                "limit_growth_mb": late_limit,
            },
            "tracemalloc": traced,
            "passed": not failures,
            "failures": failures,
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(figures, indent=2) + "\n")

        errors = sum(count for status, count in result["statuses"].items() if int(status) >= 400)
        print(
            f"\nsoak: {result['requests']} requests in {result['duration_us'] / 1e6:.0f} s "
            f"({result['requests_per_second']:.0f} req/s achieved, {target:.0f} offered = "
            f"{factor:g} x capacity {rate:.0f}); statuses {result['statuses']}; "
            f"4xx/5xx {errors} (429/503 allowed); socket errors "
            f"{result['socket_errors']}; latency p50 {result['latency_ms']['p50']:.0f} ms, "
            f"p99 {result['latency_ms']['p99']:.0f} ms"
        )
        for pid in before:
            print(
                f"soak: worker {pid}: RSS {before[pid]:.1f} MB -> {after.get(pid, float('nan')):.1f} MB; "
                f"over the last {end_t - late_start['t']} s {late_growth.get(pid, float('nan')):+.1f} MB"
                + (" (traced: not judged)" if pid in traced_pids else "")
            )
        for pid, found in traced.items():
            print(
                f"soak: worker {pid}: traced Python memory {found['traced_mb'][0]['mb']:.1f} MB -> "
                f"{found['traced_mb'][-1]['mb']:.1f} MB; grew most over the last part:"
            )
            for line in found["late_top"][:5]:
                print(f"    {line['size_diff_kb']:+9.1f} kB {line['count_diff']:+7d} blocks  {line['where']}")
        keep = os.environ.get("SOAK_KEEP")
        if keep and snapshots.is_dir():
            shutil.copytree(snapshots, keep, dirs_exist_ok=True)
        print(f"soak: {'PASSED' if not failures else 'FAILED: ' + '; '.join(failures)}; written {out}")
    finally:
        try:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, 9)
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
