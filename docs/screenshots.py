"""The demo's screenshots in docs/screenshots/: the widget and the report page, at 1280 and 375 px.

    make screenshots        (or: .venv/bin/python docs/screenshots.py)

Loads the demo (`load_demo`) into a throw-away database, serves it with runserver (DEBUG on, so
/widget/ is open) and photographs it in Debian's Chromium with Playwright:

- widget-1280.png: the /widget/ page, a wide column and the 300 px sidebar side by side;
- widget-sidebar-1280.png, widget-sidebar-375.png: the sidebar's widget (its snippet's reserved
  box), scrolled by its summary link to "Nytt sedan förra lägesbilden";
- report-1280.png, report-375.png: the report page, opened from that part at the changed bullet.

Written for docs/widget.md, and to look at: the PNGs are reduced to 256 colours to stay small.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "docs" / "screenshots"
CHROMIUM = os.environ.get("LAGESBILD_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_demo(folder: Path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "LAGESBILD_VAR_DIR": str(folder / "var"),
        "DEMO_ADMIN_PASSWORD": "skarmbilder-demo",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=PROJECT, env=env, check=True)
    subprocess.run(
        [*manage, "load_demo", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise SystemExit("the demo server did not start") from None
            time.sleep(0.2)


def small_png(path: Path) -> None:
    """The screenshot in 256 colours: a tenth of the bytes, the same to read."""
    from PIL import Image

    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(path, optimize=True)


def shoot(target, name: str) -> None:
    path = OUT / f"{name}.png"
    target.screenshot(path=str(path), animations="disabled")
    small_png(path)
    print(f"{path.relative_to(PROJECT)}: {path.stat().st_size:,} bytes")


def photograph(cms: str) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width, height in ((1280, 900), (375, 812)):
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="sv-SE", timezone_id="Europe/Stockholm"
            )
            page = context.new_page()
            page.goto(cms + "/widget/")
            sidebar = page.locator("aside lagesbild-widget")
            page.wait_for_function("document.querySelector('aside lagesbild-widget')?.state === 'report'")
            page.wait_for_function("document.querySelector('article lagesbild-widget')?.state === 'report'")
            if width == 1280:
                shoot(page, "widget-1280")
            sidebar.scroll_into_view_if_needed()
            sidebar.locator("[part=summary-link]").click()
            shoot(sidebar, f"widget-sidebar-{width}")
            sidebar.locator("[part=news-link]").first.click()
            page.wait_for_load_state("load")
            page.locator(":target").wait_for()
            shoot(page, f"report-{width}")
            context.close()
        browser.close()


def main() -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = serve_demo(Path(folder), port)
        try:
            photograph(f"http://127.0.0.1:{port}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
