"""`manage.py import_rapport FILE.docx`: the same command reads Word, chosen by the file's content."""

import pytest

from rapport_blocks import importing
from rapport_blocks.core import text_layout as layout
from rapport_blocks.models import RapportPage
from tests import factories
from tests import word_documents as documents
from tests.site.test_import_command import GOOD, counts, run, write

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(scope="module")
def docx() -> bytes:
    return documents.report_docx(layout.parse(GOOD), "organisation")


def test_a_word_document_becomes_a_draft_with_its_warning_by_paragraph(tmp_path, series, docx):
    path = write(tmp_path, docx, "rapport.docx")
    out, err, error = run(path)
    assert error is None
    page = RapportPage.objects.get()
    assert not page.live and page.get_parent().pk == series.pk
    assert f"/admin/pages/{page.pk}/edit/" in out
    # "Chefsbrev" links to "#": the eighth paragraph Word wrote.
    assert err.strip() == (
        f"{path}, stycke 8 (”2/1: Chefsbrev”): varning: ”Chefsbrev” saknar ännu ett riktigt mål (#)."
    )
    from_text = importing.import_report(GOOD, filename="rapport.txt").page
    assert bullets(page) == bullets(from_text)


def bullets(page) -> str:
    return page.get_latest_revision_as_object().body[0].value["bullets"].source


def test_publish_index_and_check_work_as_for_text(tmp_path, series, docx):
    other = factories.make_series(title="Lägesbild lokaler", slug="lokaler")
    path = write(tmp_path, docx, "rapport.docx")
    out, _, error = run(path, "--check")
    assert error is None and "”Lägesbild Testregionen”, 3 avsnitt" in out and RapportPage.objects.count() == 0
    out, _, error = run(path, "--publish", "--index", "lokaler")
    page = RapportPage.objects.get()
    assert error is None and page.live and page.get_parent().pk == other.pk


def test_the_content_decides_not_the_name(tmp_path, series, docx):
    _, _, error = run(write(tmp_path, docx, "rapport.txt"))
    assert error is None and RapportPage.objects.get().title == "Lägesbild Testregionen"
    _, err, error = run(write(tmp_path, GOOD, "rapport.docx"))
    assert error.returncode == 1 and "rapport.docx: Det här är inte ett Word-dokument (.docx)" in err


BAD = {
    "gammal.doc": lambda docx: documents.legacy_doc(),
    "krypterad.docx": documents.encrypted,
    "rapport.odt": lambda docx: documents.opendocument_text(),
    "bomb.docx": documents.zip_bomb,
    "makron.docm": documents.with_macros,
    "ingen-word.docx": lambda docx: documents.zip_of({"word/annat.xml": b"<x/>"}),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_word_files_exit_1_naming_the_file_and_create_nothing(name, tmp_path, series, docx):
    path = write(tmp_path, BAD[name](docx), name)
    before = counts()
    out, err, error = run(path)
    assert error is not None and error.returncode == 1
    assert err.startswith(f"{path}: ") and out == ""
    assert counts() == before


def test_a_word_file_over_the_limit_is_refused_unread(tmp_path, series, docx, settings):
    settings.RAPPORT_BLOCKS_WORD_MAX_BYTES = 10 * 1024 * 1024
    path = write(tmp_path, docx + b"\x00" * (11 * 1024 * 1024), "stor.docx")
    _, _, error = run(path)
    assert error.returncode == 1 and "är större än 10 MB" in str(error)
    assert RapportPage.objects.count() == 0
