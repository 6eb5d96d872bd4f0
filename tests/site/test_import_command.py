"""`manage.py import_rapport`: what the user sees, and that a bad file creates nothing at all."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from rapport_blocks import importing
from rapport_blocks.core import rich_lists
from rapport_blocks.models import Person, RapportIndexPage, RapportPage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PROJECT_DIR = Path(__file__).resolve().parents[2]

GOOD = """\
Lägesbild Testregionen

Sammanställd: 2026-01-05 klockan 09:15

Läget just nu
- Driften är stabil.
 - Två avdelningar har *långsamma* inloggningar.

Genomförda åtgärder
- 30/12: [Driftinformation](https://intranat.example.se/drift)
- 2/1: [Chefsbrev](#)

Kontaktpersoner
- Eva Ek, driftchef
"""


def write(tmp_path, content, name="rapport.txt") -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


def run(*args):
    """call_command, returning (stdout, stderr) and the CommandError if one was raised."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_rapport", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def counts():
    return (
        Page.objects.count(),
        Person.objects.count(),
        Revision.objects.count(),
        RapportIndexPage.objects.count(),
    )


BAD_FILES = {
    "empty": (b"", 1),
    "binary": (b"Titel\n\n\x00\x01\x02\x03", 3),
    "not UTF-8": (
        GOOD.replace("Driften", "Dr\xe4ften").encode("utf-8").replace(b"Dr\xc3\xa4ften", b"Dr\xe4ften"),
        6,
    ),
    "no title": (b"- Driften \xc3\xa4r stabil.\n", 1),
    "no compiled date": (GOOD.replace("Sammanställd: 2026-01-05 klockan 09:15\n", ""), 4),
    "bad compiled date": (GOOD.replace("2026-01-05", "2026-02-30"), 3),
    "bad action date": (GOOD.replace("30/12", "31/2"), 10),
    "bullet with no section": (GOOD.replace("Läget just nu\n", ""), 5),
    "javascript link": (GOOD.replace("https://intranat.example.se/drift", "javascript:alert(1)"), 10),
    "data link": (GOOD.replace("#)", "data:text/html;base64,PHNjcmlwdD4=)"), 11),
    "empty section": (GOOD + "\nBilagor\n", 16),
    "spokesperson without a name": (GOOD.replace("Eva Ek, driftchef", ", driftchef"), 14),
    "heading longer than the admin allows": (GOOD.replace("Läget just nu", "Läget " * 40), 5),
    "action title longer than the admin allows": (
        GOOD.replace("[Chefsbrev]", "[" + "Chefsbrev " * 31 + "]"),
        11,
    ),
    "title longer than a page title may be": (GOOD.replace("Lägesbild Testregionen", "Lägesbild " * 30), 1),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_input_exits_1_names_the_line_and_creates_nothing(case, tmp_path, series):
    content, line = BAD_FILES[case]
    path = write(tmp_path, content)
    before = counts()
    out, err, error = run(path)
    assert error is not None and error.returncode == 1
    assert f"{path}:{line}: " in err
    assert counts() == before


def test_errors_are_swedish_by_default(tmp_path, series):
    path = write(tmp_path, GOOD.replace("30/12", "31/2"))
    _, err, _ = run(path)
    assert f"{path}:10: 31/2 är inte ett datum" in err


def test_a_block_validation_error_after_people_were_made_leaves_no_person(tmp_path, series):
    path = write(tmp_path, GOOD.replace("Läget just nu", "Läget " * 40) + "- Ny Person, roll\n")
    before = counts()
    _, _, error = run(path)
    assert error.returncode == 1 and counts() == before


def test_missing_file_and_unknown_series(tmp_path, series):
    _, _, error = run(str(tmp_path / "finns-inte.txt"))
    assert error.returncode == 1 and "finns-inte.txt" in str(error)
    _, err, error = run(write(tmp_path, GOOD), "--index", "ingen-sadan")
    assert error.returncode == 1 and "ingen-sadan" in err and series.slug in err
    assert RapportPage.objects.count() == 0


def test_draft_by_default_with_admin_link_and_warning_for_placeholders(tmp_path, series):
    path = write(tmp_path, GOOD)
    out, err, error = run(path)
    assert error is None
    page = RapportPage.objects.get()
    assert not page.live and page.number is None and page.get_parent().pk == series.pk
    assert page.revisions.count() == 1 and page.has_unpublished_changes
    assert f"/admin/pages/{page.pk}/edit/" in out and str(page.pk) in out
    assert err.strip() == f"{path}:11: varning: ”Chefsbrev” saknar ännu ett riktigt mål (#)."


def test_publish(tmp_path, series):
    out, _, error = run(write(tmp_path, GOOD), "--publish")
    page = RapportPage.objects.get()
    assert error is None and page.live and page.number == 1 and page.slug == "2026-01-05"
    assert page.full_url in out and "/edit/" not in out


def test_index_chooses_the_series(tmp_path, series):
    other = factories.make_series(title="Lägesbild lokaler", slug="lokaler")
    run(write(tmp_path, GOOD), "--index", "lokaler")
    assert RapportPage.objects.get().get_parent().pk == other.pk


def test_a_series_is_created_when_there_is_none(tmp_path, home):
    run(write(tmp_path, GOOD))
    created = RapportIndexPage.objects.get()
    assert created.title == "Lägesbild" and created.live and created.get_parent().pk == home.pk
    assert RapportPage.objects.get().get_parent().pk == created.pk


def test_second_report_the_same_day_gets_a_suffix(tmp_path, series):
    run(write(tmp_path, GOOD))
    run(write(tmp_path, GOOD))
    assert sorted(RapportPage.objects.values_list("slug", flat=True)) == ["2026-01-05", "2026-01-05-2"]


def test_people_are_reused_by_name_whatever_the_case(tmp_path, series):
    existing = factories.make_person(name="EVA EK", role="driftchef")
    run(write(tmp_path, GOOD))
    page = RapportPage.objects.get().get_latest_revision_as_object()
    assert [person.pk for person in page.body[2].value["people"]] == [existing.pk]
    assert Person.objects.count() == 1


def test_a_new_person_is_created_with_role(tmp_path, series):
    run(write(tmp_path, GOOD))
    assert list(Person.objects.values_list("name", "role")) == [("Eva Ek", "driftchef")]


def test_the_command_exits_1_from_a_shell(tmp_path):
    """The real process: exit status and stderr, as a script calling it sees them."""
    path = write(tmp_path, "Titel\n\n- En punkt\n")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tom.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "cms.settings",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "import_rapport", path],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"{path}:3: " in done.stderr
    assert done.stdout == ""


def test_skip_existing_returns_the_report_already_there(series):
    first = importing.import_report(GOOD, filename="a.txt", publish=True)
    again = importing.import_report(GOOD, filename="a.txt", publish=True, skip_existing=True)
    assert first.created and not again.created
    assert again.page.pk == first.page.pk and RapportPage.objects.count() == 1


def test_an_imported_draft_opens_in_the_admin_editor(tmp_path, series, admin_client):
    run(write(tmp_path, GOOD))
    page = RapportPage.objects.get()
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "avdelningar har" in content and "Chefsbrev" in content


def test_three_levels_and_a_year_boundary_date_reach_the_page(series):
    text = GOOD.replace(
        " - Två avdelningar har *långsamma* inloggningar.\n",
        " - Två avdelningar har *långsamma* inloggningar.\n  - Felsökning pågår.\n",
    )
    page = importing.import_report(text, filename="r.txt", publish=True).page
    top = rich_lists.parse_bullets(page.body[0].value["bullets"].source)
    assert top[0].children[0].html == "Två avdelningar har <i>långsamma</i> inloggningar."
    assert top[0].children[0].children[0].html == "Felsökning pågår."
    dates = [item["date"] for item in page.body[1].value["items"]]
    assert dates == [dt.date(2025, 12, 30), dt.date(2026, 1, 2)]


def test_check_only_reports_without_creating_anything(tmp_path, series):
    before = counts()
    path = write(tmp_path, GOOD)
    out, err, error = run(path, "--check")
    assert error is None and counts() == before
    assert "”Lägesbild Testregionen”, 3 avsnitt" in out and f"{path}:11: varning:" in err
    _, err, error = run(write(tmp_path, GOOD.replace("30/12", "31/2")), "--check")
    assert error.returncode == 1 and ":10: " in err


def test_a_reused_person_with_other_contact_details_is_warned_about(tmp_path, series):
    factories.make_person(name="Eva Ek", role="driftchef", email="eva@example.se")
    text = GOOD.replace("Eva Ek, driftchef", "Eva Ek, driftchef, eva.ek@example.se, 010-123 45 67")
    assert text != GOOD
    out, err, error = run(write(tmp_path, text))
    assert error is None
    assert "”Eva Ek” finns redan med annan e-post, telefon" in out + err
    assert Person.objects.get().email == "eva@example.se"
