"""The repo's Varnish VCL in front of gunicorn: a publish shows within a second, private reports vanish.

Varnish (Debian's `varnish`) starts on 127.0.0.1 from docs/deploy/varnish.vcl, pointed at a
gunicorn that runs as production does with LAGESBILD_PURGE_URLS naming that Varnish. Publishing
and restricting happen in `manage.py shell` processes of their own, as an editor's would in
another instance. Without varnishd the test is skipped, saying so; in CI (CI set) it fails.
"""

import http.client
import json
import subprocess
import sys
import time

import pytest
from wagtail.models import Site

from tests import factories, servers
from tests.conftest import PROJECT_DIR

pytestmark = pytest.mark.django_db(transaction=True)

VCL = PROJECT_DIR / "docs" / "deploy" / "varnish.vcl"

PUBLISH = """
import time
from rapport_blocks.models import RapportIndexPage
from tests import factories
factories.make_report(series=RapportIndexPage.objects.get(slug="lagesbild"), title="Andra rapporten",
                      compiled_at=factories.stockholm(2025, 5, 27))
print("committed", time.time(), flush=True)
"""
RESTRICT = """
import time
from wagtail.models import PageViewRestriction
from rapport_blocks.models import RapportPage
PageViewRestriction.objects.create(page=RapportPage.objects.get(title="Andra rapporten"),
                                   restriction_type="password", password="hemligt")
print("committed", time.time(), flush=True)
"""


class Varnish(servers.Process):
    def __init__(self, tmp_path, backend_port: int, port: int):
        varnishd = servers.require_service("varnishd", "varnish")
        vcl = tmp_path / "varnish.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
        args = [varnishd, "-F", "-j", "none", "-n", str(tmp_path / "varnish"), "-f", str(vcl)]
        args += ["-a", f"{servers.HOST}:{port}", "-T", f"{servers.HOST}:{servers.free_port()}"]
        args += ["-s", "malloc,64m", "-p", "ban_lurker_sleep=0.01"]
        super().__init__(args, None, tmp_path / "varnish.log")
        self.base = f"http://{servers.HOST}:{port}"


@pytest.fixture
def stack(tmp_path):
    """gunicorn (two workers, purging Varnish on every change) behind Varnish, serving one report."""
    servers.require_service("varnishd", "varnish")
    varnish_port = servers.free_port()
    home = servers.home_page()
    # The public address is Varnish's: the purge names that host, as Varnish's cache does.
    Site.objects.filter(root_page=home).update(hostname=servers.HOST, port=varnish_port)
    series = factories.make_series(home, slug="lagesbild")
    factories.make_report(
        series=series, title="Första rapporten", compiled_at=factories.stockholm(2025, 5, 20)
    )
    database = servers.sqlite_copy_of_test_database(tmp_path / "db.sqlite3")
    env = servers.production_env(tmp_path, database, LAGESBILD_PURGE_URLS=f"http://127.0.0.1:{varnish_port}")
    app, app_base = servers.gunicorn(env, tmp_path / "gunicorn.log")
    varnish = None
    try:
        varnish = Varnish(tmp_path, int(app_base.rsplit(":", 1)[1]), varnish_port)
        varnish.wait_for(varnish.base + "/api/lagesbild/latest/", timeout=60)
        yield varnish.base, env
    finally:
        if varnish is not None:
            varnish.stop()
        app.stop()


def in_background(env, code) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def committed_at(process) -> float:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return float(out.split("committed", 1)[1].split()[0])


def watch(base, path, until) -> float:
    """Poll through Varnish until `until(status, body)`; the time it first held."""
    deadline = time.time() + 120  # the shell process starts Django first
    while time.time() < deadline:
        status, _headers, body = servers.fetch(base + path)
        assert status < 500, body
        if until(status, body):
            return time.time()
        time.sleep(0.02)
    pytest.fail(f"{path} never changed through Varnish")


def title(body) -> str:
    return json.loads(body)["title"]


def test_publish_and_privacy_show_through_varnish_within_a_second(stack):
    base, env = stack
    latest = "/api/lagesbild/latest/"
    for _ in range(3):  # cached in Varnish now
        status, headers, body = servers.fetch(base + latest)
        assert status == 200 and title(body) == "Första rapporten"
    assert headers["X-Cache"] == "HIT"
    assert "s-maxage=86400" in headers["Cache-Control"]

    publisher = in_background(env, PUBLISH)
    shown = watch(base, latest, lambda status, body: title(body) == "Andra rapporten")
    assert shown - committed_at(publisher) < 1.0
    time.sleep(1)  # the second purge has run: still the new report, and cached again
    assert {title(servers.fetch(base + latest)[2]) for _ in range(5)} == {"Andra rapporten"}
    status, _headers, body = servers.fetch(base + "/api/lagesbild/")
    new_id = json.loads(body)["results"][0]["id"]
    assert servers.fetch(base + f"/api/lagesbild/{new_id}/")[0] == 200

    restricter = in_background(env, RESTRICT)
    gone = watch(base, latest, lambda status, body: title(body) == "Första rapporten")
    assert gone - committed_at(restricter) < 1.0
    time.sleep(1)
    assert servers.fetch(base + f"/api/lagesbild/{new_id}/")[0] == 404
    assert b"Andra rapporten" not in servers.fetch(base + "/api/lagesbild/")[2]


def test_the_latest_endpoint_is_served_from_varnish(stack):
    base, _env = stack
    port = int(base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection(servers.HOST, port, timeout=10)
    hits = 0
    total = 2000
    for _ in range(total):
        connection.request("GET", "/api/lagesbild/latest/", headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        hits += response.getheader("X-Cache") == "HIT"
    connection.close()
    assert hits / total > 0.99


def test_varnish_never_caches_cookies_authorization_or_the_admin(stack):
    base, _env = stack
    for headers in ({"Cookie": "sessionid=x"}, {"Authorization": "Basic eDp5"}):
        for _ in range(2):
            status, answer, _body = servers.fetch(base + "/api/lagesbild/latest/", headers)
        assert answer["X-Cache"] == "MISS", headers
    for _ in range(2):
        status, answer, _body = servers.fetch(base + "/admin/login/")
    assert status == 200 and answer["X-Cache"] == "MISS"
    for _ in range(2):
        status, answer, _body = servers.fetch(base + "/healthz")
    assert status == 200 and answer["X-Cache"] == "MISS"


def test_purge_only_from_the_allowlist(stack):
    base, _env = stack
    port = int(base.rsplit(":", 1)[1])

    def purge_from(address):
        connection = http.client.HTTPConnection(servers.HOST, port, timeout=10, source_address=(address, 0))
        connection.request("PURGE", "/api/lagesbild/latest/")
        status = connection.getresponse().status
        connection.close()
        return status

    servers.fetch(base + "/api/lagesbild/latest/")
    assert purge_from("127.0.0.2") == 405, "127.0.0.2 is not in the VCL's purgers"
    assert servers.fetch(base + "/api/lagesbild/latest/")[1]["X-Cache"] == "HIT"
    assert purge_from("127.0.0.1") == 200
    assert servers.fetch(base + "/api/lagesbild/latest/")[1]["X-Cache"] == "MISS"
