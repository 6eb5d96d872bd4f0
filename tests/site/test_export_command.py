"""`manage.py export_rapport PAGE_ID`: the layout on stdout, a clear error for an unknown id."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rapport_blocks.core import text_layout
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_export_writes_the_layout_to_stdout(series):
    report = factories.make_report(
        series=series,
        title="Lägesbild vecka 22",
        body=[
            factories.bullets(
                heading="Läget", html="<ul><li>Allt &lt;lugnt&gt;<ul><li>Nästan</li></ul></li></ul>"
            )
        ],
    )
    out, err = StringIO(), StringIO()
    call_command("export_rapport", str(report.pk), stdout=out, stderr=err)
    text = out.getvalue()
    assert text.startswith("Lägesbild vecka 22\n\nSammanställd: 2025-05-27 klockan 08:30\n")
    assert "\nLäget\n\n- Allt <lugnt>\n - Nästan\n" in text
    assert text_layout.parse(text).sections[0].heading == "Läget"
    assert err.getvalue() == ""


@pytest.mark.parametrize("page_id", ["999999", "abc"])
def test_unknown_id_is_a_clear_error(page_id, series):
    with pytest.raises(CommandError) as caught:
        call_command("export_rapport", page_id, stdout=StringIO(), stderr=StringIO())
    assert caught.value.returncode == 1
    assert f"Det finns ingen rapport med id {page_id}." in str(caught.value)


def test_the_series_page_is_not_a_report(series):
    with pytest.raises(CommandError):
        call_command("export_rapport", str(series.pk), stdout=StringIO(), stderr=StringIO())


def test_a_chosen_revision_and_the_latest_draft(series):
    report = factories.make_report(series=series, body=[factories.bullets(html="<ul><li>Första</li></ul>")])
    first_revision = report.latest_revision
    report.body = [factories.bullets(html="<ul><li>Utkastet</li></ul>")]
    report.save_revision()

    def export(*options):
        out = StringIO()
        call_command("export_rapport", str(report.pk), *options, stdout=out, stderr=StringIO())
        return out.getvalue()

    assert "- Första\n" in export() and "- Utkastet\n" in export("--latest")
    assert "- Första\n" in export("--revision", str(first_revision.pk))
    with pytest.raises(CommandError) as caught:
        export("--revision", "999999")
    assert caught.value.returncode == 1
