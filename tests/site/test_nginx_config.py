"""docs/deploy/nginx.conf is a configuration nginx accepts (`nginx -t`), with the purge module loaded."""

import subprocess
from pathlib import Path

from tests import servers
from tests.conftest import PROJECT_DIR

CONFIG = PROJECT_DIR / "docs" / "deploy" / "nginx.conf"
PURGE_MODULE = Path("/usr/share/nginx/modules/ngx_http_cache_purge_module.so")


def test_nginx_accepts_the_configuration(tmp_path):
    nginx = servers.require_service("nginx", "nginx")
    if not PURGE_MODULE.exists():
        servers.require_service("missing-ngx-cache-purge", "libnginx-mod-http-cache-purge")
    config = CONFIG.read_text().replace("/var/cache/nginx/lagesbild", str(tmp_path / "cache"))
    (tmp_path / "lagesbild.conf").write_text(config)
    (tmp_path / "nginx.conf").write_text(
        f"load_module {PURGE_MODULE};\n"
        f"pid {tmp_path / 'nginx.pid'};\n"
        f"error_log {tmp_path / 'error.log'};\n"
        "events {}\n"
        "http {\n"
        f"    access_log off;\n    client_body_temp_path {tmp_path / 'body'};\n"
        f"    include {tmp_path / 'lagesbild.conf'};\n"
        "}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr
