"""Browser fixtures: Debian's headless Chromium, the CMS as a live server, intranet pages elsewhere.

The widget is always loaded the way intranets load it: a host page on another origin (127.0.0.1
on its own port; the CMS answers on localhost) pulls the module from the CMS and reads the API
across origins. Static files go through WhiteNoise, as in production, so its CORS header is part
of what is tested.

Without Chromium (or, for the accessibility checks, axe-core from `npm install`) these tests are
skipped, saying so; with REQUIRE_BROWSER=1 (CI) they fail instead.
"""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR

CHROMIUM = Path(os.environ.get("LAGESBILD_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDGET_PATH = "/static/frontend_widget/lagesbild-widget.js"
API_PATH = "/api/lagesbild/latest/"


def unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1: the browser tests may not be skipped)")
    pytest.skip(f"browser tests skipped: {reason}")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# The browser: one per session, a fresh context per test


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    # While Playwright's sync API is alive, an event loop counts as running in this thread; the
    # ORM calls of the tests are still plain synchronous code, so Django's async guard is lifted
    # for exactly that time.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if saved is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture
def context(browser):
    # A visitor far from Stockholm: the widget must still show Swedish time.
    context = browser.new_context(locale="sv-SE", timezone_id="America/New_York")
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # no 404 noise in the console
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def axe_source() -> str:
    if not AXE_JS.exists():
        unavailable(f"axe-core is not installed ({AXE_JS}; run `npm install`)")
    return AXE_JS.read_text(encoding="utf-8")


def screenshots(page, folder: Path, name: str, height: int = 900):
    """The page at 1280 and 375 px wide, for a person to look at (test-results/)."""
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": height})


def axe_violations(page, axe_source: str, context=None) -> list:
    """axe-core's violations on the page, reduced to what a reader needs in a failure message."""
    page.evaluate(axe_source)
    results = page.evaluate(
        "async (context) => await axe.run(context || document, {resultTypes: ['violations']})", context
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results["violations"]
    ]


# The CMS, served the production way


def _no_static_handler(app):
    return app


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with /static/ served by WhiteNoise (and its CORS header)."""
    from django.conf import settings
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.static_handler = _no_static_handler
    names = ("WHITENOISE_USE_FINDERS", "WHITENOISE_AUTOREFRESH")
    saved = {name: getattr(settings, name) for name in names if hasattr(settings, name)}
    for name in names:
        setattr(settings, name, True)
    try:
        server.start()  # WhiteNoise reads its settings while the server thread starts
    finally:
        for name in names:
            setattr(settings, name, saved[name]) if name in saved else delattr(settings, name)
    yield server
    server.stop()


# Intranet pages on another origin


class Intranet:
    """A tiny web server on 127.0.0.1 that serves the pages a test registers, with their headers."""

    def __init__(self):
        pages = self.pages = {}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body, headers = pages.get(self.path.split("?")[0], (None, {}))
                if self.path == "/favicon.ico":
                    self.send_response(204)
                    self.end_headers()
                    return
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, path: str, body: str, **headers) -> str:
        self.pages[path] = (body, {name.replace("_", "-"): value for name, value in headers.items()})
        return self.origin + path

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def _intranet_server():
    server = Intranet()
    yield server
    server.close()


@pytest.fixture
def intranet(_intranet_server, settings):
    """The intranet origin, allowed by the CMS as LAGESBILD_CORS_ORIGINS would allow it."""
    settings.CORS_ALLOWED_ORIGINS = [_intranet_server.origin]
    _intranet_server.pages.clear()
    return _intranet_server


def host_page(body: str, *, head: str = "", lang: str = "sv") -> str:
    """A well-formed intranet page around `body` (so that axe judges the widget, not the host)."""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Intranätet</title>{head}'
        f"</head><body><main><h1>Intranätet</h1>{body}</main></body></html>"
    )


class CMS:
    def __init__(self, url: str):
        self.url = url
        self.widget_js = url + WIDGET_PATH
        self.api = url + API_PATH

    def script(self) -> str:
        return f'<script type="module" src="{self.widget_js}"></script>'

    def widget(self, fallback: str = "Senaste lägesbilden", **attributes) -> str:
        attributes.setdefault("src", self.api)
        attrs = " ".join(
            name.replace("_", "-") if value is True else f'{name.replace("_", "-")}="{value}"'
            for name, value in attributes.items()
        )
        return f'<lagesbild-widget {attrs}><a href="{self.url}/">{fallback}</a></lagesbild-widget>'


def wagtail_root() -> None:
    """Wagtail's locale, root page and default site, which come from migrations.

    A live server needs a transactional database, which is emptied after every test: the next
    test gets these rows again here (cheaper than serializing the whole database for it).
    """
    from django.conf import settings
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Locale, Page, Site

    if Site.objects.filter(is_default_site=True).exists():
        return
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)


@pytest.fixture
def cms(live_server, transactional_db, intranet) -> CMS:
    """The CMS origin, with Wagtail's root page and site in place."""
    wagtail_root()
    return CMS(live_server.url)


# Reading the widget


def wait_for_state(page, state: str, selector: str = "lagesbild-widget"):
    """Wait until the widget shows `state`: "report", "error", "empty", "offline" or "loading"."""
    page.wait_for_function(
        "([selector, state]) => document.querySelector(selector)?.state === state", arg=[selector, state]
    )


def shadow_text(page, selector: str = "lagesbild-widget") -> str:
    return page.locator(selector).evaluate("w => w.shadowRoot.textContent.replace(/\\s+/g, ' ').trim()")


def bullet_tree(page, section_index: int = 0, selector: str = "lagesbild-widget") -> list:
    """The rendered bullets of a shown section as [text, [children...]] pairs."""
    return page.locator(selector).evaluate(
        """(w, index) => {
            const tree = (ul) => [...ul.children].map((li) => {
                const own = [...li.childNodes]
                    .filter((n) => !['UL', 'BUTTON'].includes(n.nodeName) && !n.classList?.contains('badge'))
                    .map((n) => n.textContent).join('');
                const sub = li.querySelector(':scope > ul');
                return [own.replace(/\\s+/g, ' ').trim(), sub ? tree(sub) : []];
            });
            const section = w.shadowRoot.querySelectorAll('[part=section]')[index];
            return tree(section.querySelector(':scope > ul'));
        }""",
        section_index,
    )


def load_json(page, url: str) -> dict:
    return json.loads(page.request.get(url).text())
