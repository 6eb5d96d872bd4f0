"""Every string a user sees has its Swedish translation, and the compiled catalogue is the current one."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.conftest import PROJECT_DIR

APPS = ["rapport_blocks", "frontend_widget", "cms"]


def catalogue(app: str) -> Path:
    return PROJECT_DIR / app / "locale" / "sv" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("app", APPS)
def test_every_message_is_translated(app):
    po = polib.pofile(str(catalogue(app)))
    untranslated = [entry.msgid for entry in po if entry.msgid and (not entry.translated() or entry.fuzzy)]
    assert untranslated == [], f"untranslated in {catalogue(app)}"


@pytest.mark.parametrize("app", APPS)
def test_compiled_catalogue_matches_the_source(app):
    po = polib.pofile(str(catalogue(app)))
    with open(catalogue(app).with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [entry.msgid for entry in po if entry.msgid and compiled.gettext(entry.msgid) != entry.msgstr]
    assert stale == [], "run `make messages` to compile the catalogue"


@pytest.mark.parametrize("app", APPS)
def test_catalogue_holds_every_string_in_the_code(app, tmp_path):
    """Strings added to the code but never extracted would show in English."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("xgettext (GNU gettext) is missing: .ci/run installs it")
        pytest.skip("skipped: xgettext (GNU gettext) is not installed")
    copy = tmp_path / app
    shutil.copytree(PROJECT_DIR / app, copy, ignore=shutil.ignore_patterns("__pycache__", "locale", "static"))
    # Without a locale folder of its own, makemessages would write into settings.LOCALE_PATHS.
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, str(PROJECT_DIR / "manage.py"), "makemessages", "-l", "sv", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = {
        entry.msgid for entry in polib.pofile(str(copy / "locale/sv/LC_MESSAGES/django.po")) if entry.msgid
    }
    known = {entry.msgid for entry in polib.pofile(str(catalogue(app))) if entry.msgid and not entry.obsolete}
    assert sorted(extracted - known) == [], "run `make messages` and translate the new strings"
