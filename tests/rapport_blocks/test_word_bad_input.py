"""Every file that is not a readable .docx report is refused in Swedish, naming the file, and nothing
is created: no page, no revision, no person."""

import io
import zipfile

import pytest
from django.utils import translation
from wagtail.models import Page, Revision

from rapport_blocks import importing
from rapport_blocks.core import text_layout as layout
from rapport_blocks.core.word import package
from rapport_blocks.models import Person
from tests import word_documents as documents
from tests.rapport_blocks.test_text_layout import REPORT

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def good() -> bytes:
    return documents.report_docx(layout.parse(REPORT))


def counts() -> tuple[int, int, int]:
    return Page.objects.count(), Revision.objects.count(), Person.objects.count()


def refused(data: bytes, filename: str) -> list[str]:
    before = counts()
    with translation.override("sv"), pytest.raises(importing.ImportFailed) as caught:
        importing.import_report(data, filename=filename)
    assert counts() == before
    return caught.value.lines()


def many_entries(good: bytes) -> bytes:
    entries = documents.entries_of(good)
    entries.update({f"customXml/item{n}.xml": b"<x/>" for n in range(package.MAX_ENTRIES)})
    return documents.zip_of(entries)


def with_part(good: bytes, name: str, data: bytes) -> bytes:
    entries = documents.entries_of(good)
    entries[name] = data
    return documents.zip_of(entries)


ENTITIES = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
)

CASES = {
    "a Word 97-2003 document": (
        "gammal.doc",
        lambda good: documents.legacy_doc(),
        "Word 97–2003-dokument (.doc)",
    ),
    "an encrypted document": ("rapport.docx", documents.encrypted, "lösenordsskyddat"),
    "an OpenDocument text": (
        "rapport.odt",
        lambda good: documents.opendocument_text(),
        "OpenDocument-fil (.odt)",
    ),
    "an .odt named .docx": (
        "rapport.docx",
        lambda good: documents.opendocument_text(),
        "OpenDocument-fil (.odt)",
    ),
    "not a zip": ("rapport.docx", lambda good: "Lägesbild i vanlig text".encode(), "ingen zip-fil"),
    "a picture named .docx": ("rapport.docx", lambda good: b"\x89PNG\r\n\x1a\n" + bytes(64), "ingen zip-fil"),
    "a zip without word/document.xml": (
        "rapport.docx",
        lambda good: documents.zip_of({"rapport.txt": REPORT.encode()}),
        "zip-fil utan word/document.xml",
    ),
    "a zip bomb": ("rapport.docx", documents.zip_bomb, "packas upp till 200 MB"),
    "too many parts": (
        "rapport.docx",
        many_entries,
        "delar; ett Word-dokument med en rapport har långt färre",
    ),
    "macros (.docm)": ("rapport.docm", documents.with_macros, "makron (.docm)"),
    "macros in a file named .docx": ("rapport.docx", documents.with_macros, "makron (.docm)"),
    "an RTF file": ("rapport.rtf", lambda good: rb"{\rtf1\ansi L\'e4gesbild}", "RTF-fil"),
    "entities (a billion laughs)": (
        "rapport.docx",
        lambda good: with_part(good, "word/document.xml", ENTITIES),
        "dokumenttypdeklaration",
    ),
    "a damaged zip": ("rapport.docx", lambda good: good[: len(good) // 2], "zip-filen är skadad"),
}


@pytest.mark.parametrize("case", CASES)
def test_refused_with_the_file_s_name_and_nothing_created(case, good):
    filename, make, expected = CASES[case]
    lines = refused(make(good), filename)
    assert len(lines) == 1
    assert lines[0].startswith(f"{filename}: ")
    assert expected in lines[0]


def test_a_file_over_the_size_limit_is_refused(good, settings):
    settings.RAPPORT_BLOCKS_WORD_MAX_BYTES = len(good) - 1
    assert "större än" in refused(good, "rapport.docx")[0]


def test_a_report_s_own_errors_name_the_paragraph_and_create_nothing():
    writer = documents.WordWriter()
    writer.title("Lägesbild")
    writer.text("Sammanställd: 2026-13-05 klockan 09:15")
    writer.heading("Läget")
    writer.bullet((layout.Span("Länk", url="javascript:alert(1)"),))
    lines = refused(writer.bytes(), "rapport.docx")
    assert lines[0].startswith("rapport.docx, stycke 2 (”Sammanställd: 2026-13-05 klockan 09:15”): ")
    assert lines[1].startswith("rapport.docx, stycke 4 (”Länk”): ")


def test_the_reader_is_chosen_by_content_not_by_name(good, series):
    # A Word document named .txt is read as Word; the text layout named .docx is refused as no Word document.
    result = importing.import_report(good, filename="rapport.txt", series_slug=series.slug)
    assert result.report.unit == "paragraph" and result.page.title == "Lägesbild Testregionen"


def test_a_zip_that_lies_about_its_sizes_is_refused_as_damaged(good):
    # document.xml declared half its size: zipfile stops reading there and the CRC check fails.
    data = bytearray(good)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        info = archive.getinfo("word/document.xml")
    smaller = (info.file_size // 2).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = smaller  # the local header
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(b"word/document.xml")] != b"word/document.xml":
        central = data.find(b"PK\x01\x02", central + 4)
    data[central + 24 : central + 28] = smaller  # the central directory
    assert "skadad" in refused(bytes(data), "rapport.docx")[0]
