"""XSS through a Word document: every vector in every place a report written in Word has.

Headings, bullets on two levels, bold and italic runs, hyperlink texts and hyperlink targets (the
relationship's address), dated actions, link collections, spokespersons and paragraphs, in a real
.docx (tests/word_documents.py). The import either takes a paragraph or refuses it by paragraph
number; refused paragraphs are dropped and the document written and imported again, so the rest is
published and read back on every output (page, API, iframe page, feeds, e-mail), as
test_xss_import_and_faq does for the text layout. Characters XML cannot hold (NUL and the other
C0 controls but tab and newlines) cannot be in a Word document at all: they are left out, counted
as refused.
"""

import re

import pytest

from rapport_blocks import importing
from rapport_blocks.core.text_layout import Span
from tests.site.test_xss_import_and_faq import assert_imported_report_is_safe, report_baselines
from tests.site.xss_checks import Figures, all_vectors
from tests.word_documents import WordWriter

pytestmark = pytest.mark.django_db

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def paragraphs(vectors) -> list[tuple]:
    """(kind, content, level) per paragraph, in the document's order: paragraph n is item n - 1."""
    site = "https://intranat.example.se"
    found: list[tuple] = [
        ("title", "Regional rapport", 0),
        ("text", (Span("Sammanställd: 2025-05-27 klockan 08:30"),), 0),
    ]
    for n, v in enumerate(vectors):
        found += [
            ("heading", f"Läget {n} {v}", 0),
            ("bullet", (Span(v),), 0),
            (
                "bullet",
                (
                    Span(v, bold=True),
                    Span(" och "),
                    Span(v, italic=True),
                    Span(" och "),
                    Span(v, url=f"{site}/{n}"),
                ),
                1,
            ),
            ("bullet", (Span("länk", url=v),), 0),
            ("heading", f"Åtgärder {n}", 0),
            ("bullet", (Span("26/5: "), Span(v, url=f"{site}/a{n}")), 0),
            ("bullet", (Span("25/5: "), Span("Artikel", url=v)), 0),
            ("bullet", (Span(f"24/5: {v}"),), 0),
            ("heading", f"Samlad information {n}", 0),
            ("bullet", (Span(v, url=f"{site}/l{n}"),), 0),
            ("bullet", (Span("Länk", url=v),), 0),
            ("heading", "Talespersoner", 0),
            ("bullet", (Span(f"Person {n} {v}, {v}"),), 0),
            ("heading", f"Om rapporten {n}", 0),
            (
                "text",
                (
                    Span(v),
                    Span(" och "),
                    Span(v, url=f"{site}/t{n}"),
                    Span(" och "),
                    Span("länk", url=v),
                    Span("."),
                ),
                0,
            ),
        ]
    return found


def document(items) -> bytes:
    writer = WordWriter("organisation")
    for kind, content, level in items:
        if kind == "title":
            writer.title(content)
        elif kind == "heading":
            writer.heading(content)
        elif kind == "bullet":
            writer.bullet(content, level)
        else:
            writer.paragraph(content)
    return writer.bytes()


def import_dropping_refused_paragraphs(items, series) -> int:
    """Import; drop each paragraph the import names and import again. The paragraphs kept."""
    for _round in range(50):
        try:
            importing.import_report(
                document(items), filename="xss.docx", series_slug=series.slug, publish=True
            )
            return len(items)
        except importing.ImportFailed as failure:
            named = {where for where, _ in failure.errors}
            assert named and 0 not in named, f"refused without naming a paragraph: {failure.lines()[:5]}"
            items = [item for number, item in enumerate(items, 1) if number not in named]
    pytest.fail("still refused after 50 rounds")


def test_every_vector_in_every_place_of_a_word_document(client, series, mailbox, commit, xss_vectors_path):
    figures = Figures("import_rapport Word (.docx)")
    baselines = report_baselines(client, series, figures)
    vectors = all_vectors()
    tried = len(paragraphs(vectors))
    with commit():
        kept = import_dropping_refused_paragraphs(
            paragraphs([v for v in vectors if not NOT_XML.search(v)]), series
        )
    figures.vectors.update(vectors)
    figures.path("import_rapport Word (paragraphs)", tried=tried, stored=kept, refused=tried - kept)
    assert kept > tried // 2
    assert_imported_report_is_safe(client, figures, baselines, mailbox)
