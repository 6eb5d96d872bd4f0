"""The install check: the plugin installed as a user would, into a fresh `wagtail start` site.

`make test` runs it (and CI with it), with the wheel that tests/release/ built from the sdist. It
needs nothing but PyPI (through pip, whose cache makes a second run quick) and takes about a minute:

1. build the wheel (from the sdist, as release/dist.py builds it), or take the one given with
   `--wheel`, and check what it holds (the two apps with templates, static files, catalogues and
   migrations; no `cms`);
2. a fresh virtual environment in a temporary folder; the wheel installed into it;
3. `wagtail start`, then the README's steps from docs/install/steps.py: first rapport_blocks alone,
   migrate, import the demo report, fetch its page; then the delivery, and fetch the page again,
   /api/lagesbild/latest/ and the iframe page.

    python docs/install/check.py [--keep] [--python python3.13] [--wheel dist/lagesbild-….whl]
    # --keep leaves the folder for a look; tests/release/ passes the wheel it built from the sdist
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path[:0] = [str(HERE), str(REPO)]

import steps  # noqa: E402

from release import dist  # noqa: E402

DEMO_REPORT = REPO / "fixtures" / "demo" / "regional-rapport-2026-11-24.txt"
PROJECT = "hostsite"

# Run inside the new site (manage.py shell -c): what a visitor and another system would get.
FETCH = """
import json, sys
from django.test import Client
from rapport_blocks.models import RapportPage
report = RapportPage.objects.live().get()
client = Client()
page = client.get(report.url)
assert page.status_code == 200, f"report page: {page.status_code}"
html = page.content.decode()
assert report.title in html and "rapport-section" in html, "the report page shows no report"
assert "rapport_blocks/css/rapport.css" in html, "the report page does not link the plugin's CSS"
result = {"page": report.url}
if WITH_DELIVERY:
    api = client.get("/api/lagesbild/latest/")
    assert api.status_code == 200, f"/api/lagesbild/latest/: {api.status_code} {api.content[:300]!r}"
    data = api.json()
    assert data["id"] == report.pk and data["sections"], data
    assert api["ETag"], "no ETag"
    frame = client.get("/embed/lagesbild/latest/")
    assert frame.status_code == 200 and report.title in frame.content.decode(), frame.status_code
    result["api"] = data["title"]
print("FETCHED " + json.dumps(result, ensure_ascii=False))
"""

IN_WHEEL = [
    "rapport_blocks/models.py",
    "rapport_blocks/migrations/0001_initial.py",
    "rapport_blocks/templates/rapport_blocks/rapport_page.html",
    "rapport_blocks/templates/rapport_blocks/includes/section.html",
    "rapport_blocks/templates/rapport_blocks/sections/bullets.html",
    "rapport_blocks/templates/rapport_blocks/includes/stylesheets.html",
    "rapport_blocks/static/rapport_blocks/css/rapport.css",
    "rapport_blocks/locale/sv/LC_MESSAGES/django.mo",
    "frontend_widget/urls.py",
    "frontend_widget/templates/frontend_widget/embed.html",
    "frontend_widget/static/frontend_widget/lagesbild-widget.js",
    "frontend_widget/locale/sv/LC_MESSAGES/django.mo",
]


def run(*args, cwd=None, env_python=None) -> str:
    started = time.monotonic()
    print("install check: $", " ".join(str(arg) for arg in args), flush=True)
    # The new site's manage.py picks its own settings, unless the caller's (pytest's) are exported.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run([str(arg) for arg in args], cwd=cwd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-4000:])
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"install check: failed ({done.returncode}): {' '.join(str(a) for a in args)}")
    print(f"install check:   ({time.monotonic() - started:.1f} s)", flush=True)
    return done.stdout


def build_wheel(out: Path) -> Path:
    return dist.build(out, tree_wheel=False).wheel


def check_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in IN_WHEEL if name not in names]
    strays = sorted({name.split("/")[0] for name in names} - {"rapport_blocks", "frontend_widget"})
    strays = [name for name in strays if not name.endswith(".dist-info")]
    if missing or strays:
        raise SystemExit(f"install check: the wheel lacks {missing} or holds other packages {strays}")
    print(f"install check: {wheel.name} holds rapport_blocks and frontend_widget only", flush=True)


def fetch(python: Path, site: Path, *, with_delivery: bool) -> None:
    code = f"WITH_DELIVERY = {with_delivery!r}\n{FETCH}"
    out = run(python, "manage.py", "shell", "-c", code, cwd=site)
    print("install check:", out.strip().splitlines()[-1], flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--python", default=sys.executable, help="the interpreter of the new site's venv (e.g. python3.13)"
    )
    parser.add_argument("--wheel", type=Path, help="install this wheel instead of building one")
    options = parser.parse_args()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="lagesbild-install-"))
    try:
        wheel = options.wheel.resolve() if options.wheel else build_wheel(work / "dist")
        check_contents(wheel)
        # Without a pip of its own (ensurepip is the slowest part of a venv): this pip installs into it.
        run(options.python, "-m", "venv", "--without-pip", work / "venv")
        python = work / "venv" / "bin" / "python"
        # Step 1 (steps.PIP), with the wheel just built in place of the published package.
        run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel)
        site = work / "site"
        site.mkdir()
        run(work / "venv" / "bin" / "wagtail", "start", PROJECT, site)

        steps.apply_plugin(site, PROJECT)
        run(python, "manage.py", "migrate", "--noinput", cwd=site)
        run(python, "manage.py", "import_rapport", DEMO_REPORT, "--publish", cwd=site)
        fetch(python, site, with_delivery=False)

        steps.apply_delivery(site, PROJECT)
        run(python, "manage.py", "check", cwd=site)
        run(python, "manage.py", "migrate", "--noinput", cwd=site)
        fetch(python, site, with_delivery=True)
        print(f"install check: passed in {time.monotonic() - started:.0f} s ({work})", flush=True)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
