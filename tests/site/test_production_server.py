"""Production settings and `make serve-production`: deployment checks clean, gunicorn with DEBUG off."""

import importlib.util
import subprocess
import sys

import pytest

from tests import factories, servers
from tests.conftest import PROJECT_DIR

PRODUCTION = {
    "SECRET_KEY": "a-production-key-of-fifty-characters-and-more-0123456789",
    "ALLOWED_HOSTS": "lagesbild.example.se",
    "CSRF_TRUSTED_ORIGINS": "https://lagesbild.example.se",
    "BEHIND_TLS_PROXY": "1",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "DATABASE_URL": "postgres://lagesbild:secret@db.internal/lagesbild",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    env = {**servers.production_env(tmp_path, PRODUCTION["DATABASE_URL"]), **PRODUCTION}
    env.pop("DEBUG")  # a SECRET_KEY alone turns DEBUG off
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def load_gunicorn_conf(monkeypatch, **env):
    for name in ("NUM_PROXIES", "FORWARDED_ALLOW_IPS", "WEB_CONCURRENCY", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", PROJECT_DIR / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_defaults(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch)
    import multiprocessing

    assert conf.workers == 2 * multiprocessing.cpu_count() + 1
    assert conf.bind == ["127.0.0.1:8000"]
    assert conf.timeout == 30
    assert conf.forwarded_allow_ips == "", "no proxies: no forwarded header is trusted"


def test_gunicorn_trusts_forwarded_headers_only_with_proxies(monkeypatch):
    conf = load_gunicorn_conf(
        monkeypatch, NUM_PROXIES="1", FORWARDED_ALLOW_IPS="10.0.0.5", WEB_CONCURRENCY="3"
    )
    assert conf.forwarded_allow_ips == "10.0.0.5"
    assert conf.workers == 3
    assert load_gunicorn_conf(monkeypatch, NUM_PROXIES="2").forwarded_allow_ips == "127.0.0.1"


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # committed rows: SQLite's backup waits for open writes
def test_make_serve_production_runs_gunicorn_with_debug_off(tmp_path):
    series = factories.make_series(servers.home_page(), slug="lagesbild")
    factories.make_report(series=series, title="Vecka 22")
    serve_production(tmp_path, servers.sqlite_copy_of_test_database(tmp_path / "db.sqlite3"))


def serve_production(tmp_path, database: str) -> None:
    """`make serve-production` on `database` (with a report "Vecka 22"): its checks pass, it serves."""
    port = servers.free_port()
    env = servers.production_env(
        tmp_path,
        database,
        ALLOWED_HOSTS="127.0.0.1",
        BEHIND_TLS_PROXY="1",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        # Copies, not the compressed (gzip and brotli) copies production makes: minutes saved.
        LAGESBILD_PLAIN_STATIC="1",
    )
    env.pop("DEBUG")
    log = tmp_path / "serve.log"
    # -o install: the environment is already installed (make test did it); never reinstall here.
    # VENV: this interpreter's environment, so that a matrix leg (noxfile.py) serves with its versions.
    command = ["make", "--no-print-directory", "-o", "install", f"VENV={sys.prefix}", "serve-production"]
    server = servers.Process(command, env, log)
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_for(base + "/healthz", timeout=240)
        assert (tmp_path / "static" / "frontend_widget").is_dir(), "collectstatic ran"
        # Behind the TLS proxy: plain HTTP is redirected, the proxy's https requests are served.
        status, headers, _body = servers.fetch_no_redirect(base + "/api/lagesbild/latest/")
        assert status == 301 and headers["Location"].startswith("https://")
        status, headers, body = servers.fetch(base + "/api/lagesbild/latest/", {"X-Forwarded-Proto": "https"})
        assert status == 200 and b"Vecka 22" in body
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        # DEBUG is off: an unknown address gets the site's 404, not Django's technical page.
        status, _headers, body = servers.fetch(base + "/nowhere/", {"X-Forwarded-Proto": "https"})
        assert status == 404 and b"URLconf" not in body
    finally:
        server.stop()
    assert "Booting worker" in log.read_text()


def test_serve_production_refuses_without_a_secret_key(tmp_path):
    env = servers.production_env(tmp_path, "sqlite:///" + str(tmp_path / "db.sqlite3"))
    env.pop("SECRET_KEY")
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", "install", "serve-production"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stdout + result.stderr
