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
    stale = [entry.msgid for entry in po if entry.msgid and compiled_text(compiled, entry) != expected(entry)]
    assert stale == [], "run `make messages` to compile the catalogue"


def compiled_text(compiled, entry):
    """What gettext answers for the entry, as the running site would ask (context, plural forms)."""
    if entry.msgid_plural:
        return [
            compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            if entry.msgctxt
            else compiled.ngettext(entry.msgid, entry.msgid_plural, n)
            for n in (1, 2)
        ]
    return compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)


def expected(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[0], entry.msgstr_plural[1]]
    return entry.msgstr


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


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_project_catalogue_of_wagtail_strings_is_complete_and_compiled(domain):
    """locale/ supplies Swedish where Wagtail's own catalogue lacks it (server side and its JS)."""
    path = PROJECT_DIR / "locale" / "sv" / "LC_MESSAGES" / f"{domain}.po"
    po = polib.pofile(str(path))
    assert [entry.msgid for entry in po if not entry.translated() or entry.fuzzy] == []
    with open(path.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        entry.msgid
        for entry in po
        if not entry.msgid_plural and compiled.gettext(entry.msgid) != entry.msgstr
    ]
    assert stale == [], "run `make messages` to compile the catalogue"
