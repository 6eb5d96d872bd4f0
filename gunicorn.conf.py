"""gunicorn's defaults for Lägesbild (`gunicorn -c gunicorn.conf.py`, as `make serve-production` runs it).

Every value can be overridden by the environment (or gunicorn's own GUNICORN_CMD_ARGS):

- GUNICORN_BIND (127.0.0.1:8000): behind a proxy on the same machine; a comma separates several.
- WEB_CONCURRENCY: workers. Default 2 x cores + 1: a cached answer is CPU work of well under a
  millisecond, and the rest of a request's time is spent waiting for PostgreSQL or Redis.
- GUNICORN_TIMEOUT (30 s): a worker silent this long is restarted. An import of a large report
  in the admin is the slowest request; nothing the public asks for comes near.
- GUNICORN_PRELOAD (1): load Django once in the master and fork the workers from it (below, `when_ready`).
  A deploy then restarts the service; a HUP would fork new workers from the old code.
- NUM_PROXIES (0) and FORWARDED_ALLOW_IPS: the same NUM_PROXIES that tells the API's throttle how
  many X-Forwarded-For entries to trust (cms/settings.py). With 0, gunicorn trusts no forwarded
  header from anyone; with proxies, it trusts them from FORWARDED_ALLOW_IPS (default 127.0.0.1,
  a proxy on this machine), so the proxy's X-Forwarded-Proto sets the scheme.
"""

import multiprocessing
import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "cms.wsgi:application"
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Idle keep-alive connections from the proxy stay open this long (seconds).
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (with jitter, so they are not replaced all at once):
# a bound on what any slow leak can grow to.
max_requests = _int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 1000)
# A replaced worker is forked from a master that has loaded Django: it serves at once. Booting
# Django and Wagtail in each new worker took 2.5 s, and at 2,000 requests a second two workers
# recycled every 2,000 requests were at times both booting (docs/performance.md, "Recycling").
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").strip().lower() not in ("0", "false", "no", "off")

num_proxies = _int("NUM_PROXIES", 0)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1") if num_proxies > 0 else ""

# Heartbeat files in memory: a worker on a slow disk would otherwise look hung.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# GUNICORN_ACCESS_LOG: a file, "-" (standard output, the default) or "off" (the proxy logs requests).
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-").strip()
accesslog = None if _access_log in ("", "off") else _access_log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "lagesbild"


def when_ready(server):
    """With preload: finish loading in the master, then keep its objects out of the workers' GC.

    The URLconf is otherwise imported by each worker's first request. The master's database
    connections are closed, so that no worker inherits a socket another uses. gc.freeze() moves
    everything loaded so far out of the collector's reach: a freshly forked worker otherwise ran a
    full collection over the inherited heap within its first requests, a 0.5 s stall that also
    copied every page it touched (p99 0.56 s while recycling; 9 ms with the freeze).
    """
    if not server.cfg.preload_app:
        return
    import gc

    from django.db import connections
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 - imports every view module and builds the reverse lookups
    connections.close_all()
    gc.collect()
    gc.freeze()


def worker_exit(server, worker):
    """A worker that leaves normally skips Python's teardown, so its replacement starts at once.

    Forked from a preloaded master, a worker shares the master's heap copy on write. The
    interpreter's teardown frees every module and object, which writes to nearly every one of those
    pages, so the kernel copies each of them first, and only then can the master fork the
    replacement. With two workers recycled every 2,000 requests (bench/run.py's recycling part),
    p99 was 7.8 to 73 ms with that teardown (over 36 ms in three of four runs) and 6.8 to 7.8 ms
    without it (four runs). Nothing is lost:
    the worker has answered its last request, its database connections are closed here and its
    logs flushed. A worker that exits with an error code goes through the normal exit, so the
    master still sees the code (gunicorn stops on a boot or app load error).
    """
    import logging
    import sys

    leaving = sys.exc_info()[1]  # gunicorn calls this while the worker's SystemExit propagates
    if not server.cfg.preload_app or not isinstance(leaving, SystemExit) or leaving.code not in (0, None):
        return
    from django.db import connections

    connections.close_all()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


# LAGESBILD_TRACEMALLOC_DIR (opt-in, for `make soak`): each worker traces its allocations with
# tracemalloc and writes a snapshot there every LAGESBILD_TRACEMALLOC_SECONDS (60), as
# <pid>-<seconds since the worker started>.tracemalloc, so growth can be read per line of code.
# Only the first LAGESBILD_TRACEMALLOC_WORKERS workers trace (default: all). Tracing starts once
# the worker has loaded Django: traced, the imports take ten times as long (36 s instead of 3 s
# here), and the soak is about what grows while serving. A traced worker serves about a tenth
# as fast and keeps memory of its own for the traces: never in production.
def post_worker_init(worker):
    folder = os.environ.get("LAGESBILD_TRACEMALLOC_DIR", "").strip()
    if not folder or worker.age > _int("LAGESBILD_TRACEMALLOC_WORKERS", workers):
        return
    import threading
    import time
    import tracemalloc

    interval = float(os.environ.get("LAGESBILD_TRACEMALLOC_SECONDS", "60"))
    tracemalloc.start(int(os.environ.get("LAGESBILD_TRACEMALLOC_FRAMES", "8")))
    started = time.monotonic()

    def snapshots():
        Path(folder).mkdir(parents=True, exist_ok=True)
        while True:
            time.sleep(interval)
            elapsed = round(time.monotonic() - started)
            snapshot = tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen *>")]
            )
            path = Path(folder) / f"{os.getpid()}-{elapsed:06d}.tracemalloc"
            snapshot.dump(str(path) + ".part")
            os.replace(str(path) + ".part", path)

    threading.Thread(target=snapshots, name="tracemalloc-snapshots", daemon=True).start()
