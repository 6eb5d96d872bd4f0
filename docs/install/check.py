"""The install check: the plugin installed as a user would, into Wagtail sites as they are.

`make test` runs it (and CI, on every leg of the matrix: noxfile.py). It needs nothing but PyPI
(through pip, whose cache makes a second run quick):

1. build the wheel from the sdist, as a user's pip would from a source release (release/dist.py; or
   take --wheel), and check what it holds (the two apps with templates, static files, catalogues
   and migrations; no `cms`);
2. per site, a fresh virtual environment with the site's own packages; `pip freeze`, the wheel
   installed, `pip freeze` again: pip may add the plugin's new dependencies, and change nothing
   the site had (its Wagtail, Django, DRF...);
3. the bare site: `wagtail start`, then the README's steps from docs/install/steps.py: first
   rapport_blocks alone, migrate, import the demo report, fetch its page; then the delivery, and
   fetch the page again, /api/lagesbild/latest/ and the iframe page;
4. the realistic site (tests/sites/realistic/: Wagtail 7.4 LTS, Wagtail's API v2 at /api/v2/ on
   DRF with a REST_FRAMEWORK of its own, a site search, pages in a container): the same steps, a
   clean `check`, the migrations, the site's own tests before and after, and the pages fetched.

    python docs/install/check.py [--keep] [--python python3.13] [--bare-only]
        [--wheel dist/lagesbild-0.1.0-py3-none-any.whl] [--site-packages "wagtail==7.4.*" ...]
    python docs/install/check.py --build-only --out DIR    # the sdist, the wheel from it, and
                                                           # from-tree/ a wheel from the source
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path[:0] = [str(HERE), str(REPO)]

import steps  # noqa: E402

from release import dist  # noqa: E402

DEMO_REPORT = REPO / "fixtures" / "demo" / "regional-rapport-2026-11-24.txt"
REALISTIC = REPO / "tests" / "sites" / "realistic"
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
if CONTAINER:
    assert f'<div class="{CONTAINER}">' in html.split('<article class="rapport"', 1)[0], "no container"
result = {"page": report.url}
if WITH_DELIVERY:
    api = client.get("/api/lagesbild/latest/")
    assert api.status_code == 200, f"/api/lagesbild/latest/: {api.status_code} {api.content[:300]!r}"
    data = api.json()
    assert data["id"] == report.pk and data["sections"], data
    assert api["ETag"], "no ETag"
    frame = client.get("/embed/lagesbild/latest/")
    assert frame.status_code == 200 and report.title in frame.content.decode(), frame.status_code
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/lagesbild/latest/" in schema.content, schema.status_code
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

checks: list[str] = []  # what passed, for --results


def run(*args, cwd=None) -> str:
    started = time.monotonic()
    print("install check: $", " ".join(str(arg) for arg in args), flush=True)
    done = subprocess.run([str(arg) for arg in args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-4000:])
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"install check: failed ({done.returncode}): {' '.join(str(a) for a in args)}")
    print(f"install check:   ({time.monotonic() - started:.1f} s)", flush=True)
    return done.stdout + done.stderr


def passed(what: str) -> None:
    checks.append(what)
    print(f"install check: ok: {what}", flush=True)


def build_wheel(out: Path) -> Path:
    """The sdist and the wheel pip builds from it (and one from the source, which tests/release/
    compares it with and reuses with the sdist when LAGESBILD_WHEEL names this wheel)."""
    dist.build(out)
    (wheel,) = out.glob("lagesbild-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in IN_WHEEL if name not in names]
    strays = sorted({name.split("/")[0] for name in names} - {"rapport_blocks", "frontend_widget"})
    strays = [name for name in strays if not name.endswith(".dist-info")]
    if missing or strays:
        raise SystemExit(f"install check: the wheel lacks {missing} or holds other packages {strays}")
    passed(f"{wheel.name} holds rapport_blocks and frontend_widget only")
    return wheel


def freeze(python: Path) -> dict[str, str]:
    listed = json.loads(run(sys.executable, "-m", "pip", "--python", python, "list", "--format=json"))
    return {row["name"].lower().replace("_", "-"): row["version"] for row in listed}


def new_site_venv(work: Path, interpreter: str, packages: list[str]) -> Path:
    """A virtual environment with the site's own packages installed: the site as it is."""
    # Without a pip of its own (ensurepip is the slowest part of a venv): this pip installs into it.
    run(interpreter, "-m", "venv", "--without-pip", work)
    python = work / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", *packages)
    return python


def install_plugin(python: Path, wheel: Path) -> None:
    """Step 1 (steps.PIP), with the wheel in place of the published package: pip changes none of
    the site's packages, it only adds the plugin's own new dependencies."""
    before = freeze(python)
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel)
    after = freeze(python)
    changed = {
        name: (version, after.get(name)) for name, version in before.items() if after.get(name) != version
    }
    if changed:
        raise SystemExit(f"install check: pip changed the site's packages (before, after): {changed}")
    added = sorted(f"{name} {version}" for name, version in after.items() if name not in before)
    versions = ", ".join(
        f"{name} {before[name]}" for name in ("wagtail", "django", "djangorestframework") if name in before
    )
    passed(f"pip kept the site's {len(before)} packages ({versions}) and added {', '.join(added)}")


def fetch(python: Path, site: Path, *, with_delivery: bool, container: str = "") -> None:
    code = f"WITH_DELIVERY = {with_delivery!r}\nCONTAINER = {container!r}\n{FETCH}"
    out = run(python, "manage.py", "shell", "-c", code, cwd=site)
    passed("fetched " + [line for line in out.splitlines() if line.startswith("FETCHED ")][-1][8:])


def check_clean(python: Path, site: Path) -> None:
    """`manage.py check` finds nothing, and the plugin's code causes no warning (-W default shows
    each deprecation once; Wagtail's and Django's own are the site's business)."""
    out = run(python, "-W", "default", "manage.py", "check", cwd=site)
    ours = [
        line
        for line in out.splitlines()
        if "Warning" in line and ("/rapport_blocks/" in line or "/frontend_widget/" in line)
    ]
    if "System check identified no issues" not in out or ours:
        raise SystemExit(f"install check: `manage.py check` is not clean:\n{out}")
    passed(f"{site.name}: manage.py check is clean")


def bare_site(work: Path, interpreter: str, packages: list[str], wheel: Path) -> None:
    """A fresh `wagtail start` site on the given Wagtail and Django."""
    python = new_site_venv(work / "bare-venv", interpreter, packages)
    install_plugin(python, wheel)
    site = work / "bare"
    site.mkdir()
    run(python.parent / "wagtail", "start", PROJECT, site)
    settings_file = site / PROJECT / "settings" / "base.py"

    steps.apply_plugin(settings_file)
    run(python, "manage.py", "migrate", "--noinput", cwd=site)
    run(python, "manage.py", "import_rapport", DEMO_REPORT, "--publish", cwd=site)
    fetch(python, site, with_delivery=False)

    steps.apply_delivery(settings_file, site / PROJECT / "urls.py")
    check_clean(python, site)
    run(python, "manage.py", "migrate", "--noinput", cwd=site)
    fetch(python, site, with_delivery=True)


def realistic_site(work: Path, interpreter: str, wheel: Path) -> None:
    """tests/sites/realistic/ as its owners run it, then with the plugin and the delivery."""
    python = new_site_venv(work / "realistic-venv", interpreter, ["-r", REALISTIC / "requirements.txt"])
    site = work / "realistic"
    shutil.copytree(REALISTIC, site, ignore=shutil.ignore_patterns("__pycache__", "db.sqlite3", "media"))
    run(python, "manage.py", "migrate", "--noinput", cwd=site)
    run(python, "manage.py", "test", "--noinput", cwd=site)
    passed("realistic: the site's own tests pass before the plugin")

    install_plugin(python, wheel)
    settings_file = site / "intranet" / "settings.py"
    steps.apply_plugin(settings_file)
    steps.apply_delivery(settings_file, site / "intranet" / "urls.py")
    steps.append_settings(settings_file, steps.LAYOUT_SETTINGS)
    check_clean(python, site)
    run(python, "manage.py", "migrate", "--noinput", cwd=site)
    run(python, "manage.py", "import_rapport", DEMO_REPORT, "--publish", cwd=site)
    fetch(python, site, with_delivery=True, container="container")
    run(python, "manage.py", "test", "--noinput", cwd=site)
    passed("realistic: the site's own tests pass with the plugin and the delivery")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--python", default=sys.executable, help="the interpreter of the sites' venvs (e.g. python3.13)"
    )
    parser.add_argument(
        "--wheel",
        type=Path,
        default=os.environ.get("LAGESBILD_WHEEL") or None,
        help="a wheel built before (default: $LAGESBILD_WHEEL, else build one)",
    )
    parser.add_argument("--build-only", action="store_true", help="build the wheel into --out and stop")
    parser.add_argument("--out", type=Path, help="where --build-only puts the wheel")
    parser.add_argument("--bare-only", action="store_true", help="the `wagtail start` site only")
    parser.add_argument(
        "--site-packages",
        nargs="+",
        help="the bare site's packages before the plugin (default: this environment's Wagtail and Django)",
    )
    parser.add_argument("--results", type=Path, help="write the counts here as JSON (CI's table)")
    options = parser.parse_args()
    started = time.monotonic()
    if options.build_only:
        options.out.mkdir(parents=True, exist_ok=True)
        for old in options.out.glob("lagesbild-*.whl"):
            old.unlink()
        build_wheel(options.out)
        return
    packages = options.site_packages or [
        f"wagtail=={metadata.version('wagtail')}",
        f"Django=={metadata.version('django')}",
    ]
    work = Path(tempfile.mkdtemp(prefix="lagesbild-install-"))
    failed = 1
    try:
        wheel = options.wheel or build_wheel(work / "dist")
        bare_site(work, options.python, packages, wheel)
        if not options.bare_only:
            realistic_site(work, options.python, wheel)
        failed = 0
        print(f"install check: passed in {time.monotonic() - started:.0f} s ({work})", flush=True)
    finally:
        if options.results:
            options.results.parent.mkdir(parents=True, exist_ok=True)
            counts = {"passed": len(checks), "failed": failed, "skipped": 0, "error": 0, "warnings": 0}
            options.results.write_text(json.dumps(counts) + "\n", encoding="utf-8")
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
