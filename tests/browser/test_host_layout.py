"""The plugin's pages inside a realistic host site: in the host's container, breadcrumbs once.

tests/sites/realistic/ (a region's intranet on Wagtail: API v2 on DRF, a site search, page templates
that put their content in the base template's `container`, breadcrumbs from its own tag) with the
README's steps applied (docs/install/steps.py, and RAPPORT_BLOCKS_CONTAINER_CLASS), served by a
process of its own on this interpreter's Wagtail and Django. Chromium at 1280 and 375 px; the
screenshots go to test-results/host-layout/ for people to look at.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from tests import servers
from tests.conftest import DEMO_FIXTURE_DIR, PROJECT_DIR

SITE = PROJECT_DIR / "tests" / "sites" / "realistic"
ARTEFACTS = PROJECT_DIR / "test-results" / "host-layout"
WIDTHS = (1280, 375)


def _steps():
    spec = importlib.util.spec_from_file_location(
        "install_steps", PROJECT_DIR / "docs" / "install" / "steps.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def realistic(tmp_path_factory):
    """The realistic site with the plugin and the delivery, the demo reports and FAQ: its base URL."""
    work = tmp_path_factory.mktemp("realistic")
    site = work / "site"
    shutil.copytree(SITE, site, ignore=shutil.ignore_patterns("__pycache__", "db.sqlite3"))
    steps = _steps()
    settings_file = site / "intranet" / "settings.py"
    steps.apply_plugin(settings_file)
    steps.apply_delivery(settings_file, site / "intranet" / "urls.py")
    steps.append_settings(settings_file, steps.LAYOUT_SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intranet.settings",
        "SITE_DATABASE": str(work / "db.sqlite3"),
        "DEBUG": "1",  # runserver serves the static files, as the site's developers run it
        "PYTHONPATH": str(site),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=site, env=env, check=True, capture_output=True
        )

    manage("migrate", "--noinput")
    for report in ("regional-rapport-2026-11-17.txt", "regional-rapport-2026-11-24.txt"):
        manage("import_rapport", str(DEMO_FIXTURE_DIR / "demo" / report), "--publish")
    manage("import_faq", str(next((DEMO_FIXTURE_DIR / "demo" / "faq").glob("*.txt"))), "--publish")
    port = servers.free_port()
    server = servers.Process(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env,
        work / "server.log",
        cwd=site,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_for(base + "/om-regionen/", timeout=120)
        yield base
    finally:
        server.stop()


def api(base: str, path: str) -> dict:
    status, _headers, body = servers.fetch(base + path)
    assert status == 200, body[:300]
    return json.loads(body)


def here(base: str, url: str) -> str:
    """An absolute URL of the site (its Site is localhost) on the test server."""
    return base + urlsplit(url).path


CONTENT_BOX = """(selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const container = element.closest('.container');
    const box = element.getBoundingClientRect();
    const style = container && getComputedStyle(container);
    const inner = container && container.getBoundingClientRect();
    return {
        left: box.left, right: box.right, width: box.width,
        container: container && {
            left: inner.left + parseFloat(style.paddingLeft),
            right: inner.right - parseFloat(style.paddingRight),
        },
    };
}"""

TRAIL = """() => [...document.querySelectorAll('nav')]
    .filter((nav) => /bread|brödsmul/i.test((nav.getAttribute('aria-label') || '') + ' ' + nav.className))
    .map((nav) => [...nav.querySelectorAll('li, a')].filter((node) => node.tagName === 'LI'
        || !node.closest('li')).map((node) => node.textContent.trim()))"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_series_and_faq_pages_sit_in_the_hosts_container(realistic, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="sv-SE")
    page = context.new_page()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    try:
        # Where the host's own pages put their content: the heading of an ordinary page.
        page.goto(realistic + "/om-regionen/")
        host = page.evaluate(CONTENT_BOX, "main h1")
        assert host["container"] and host["left"] > 0
        report = api(realistic, "/api/lagesbild/latest/")
        pages = {
            "report": (here(realistic, report["url"]), "article.rapport"),
            "series": (here(realistic, report["series"]["url"]), "main h1"),
            "faq": (here(realistic, api(realistic, "/api/faq/")["results"][0]["url"]), "article.faq"),
        }
        for name, (url, selector) in pages.items():
            page.goto(url)
            page.screenshot(path=str(ARTEFACTS / f"{name}-{width}.png"), full_page=True)
            box = page.evaluate(CONTENT_BOX, selector)
            assert box is not None, f"{name}: no {selector} on {url}"
            assert box["container"], f"{name}: {selector} is outside the host's .container"
            # The same left edge as the host's own content, and within the container's width.
            assert abs(box["left"] - host["left"]) <= 1, (name, box, host)
            assert box["right"] <= box["container"]["right"] + 1, (name, box)
    finally:
        context.close()


def test_the_report_page_shows_each_ancestor_once_in_the_hosts_breadcrumbs(realistic, page):
    report = api(realistic, "/api/lagesbild/latest/")
    page.goto(here(realistic, report["url"]))
    trails = page.evaluate(TRAIL)
    assert len(trails) == 1, f"one trail, the host's: {trails}"
    (trail,) = trails
    assert trail == ["Startsida", report["series"]["title"], report["title"]], trail
    assert len(trail) == len(set(trail))
    assert page.locator("nav.breadcrumbs").count() == 0, "the plugin's own trail beside the host's"
