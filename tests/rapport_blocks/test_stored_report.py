"""A read report survives its trip through the admin's form (JSON, signed) from preview to creation."""

import json

from rapport_blocks.core import text_layout as layout
from rapport_blocks.core import word
from rapport_blocks.core.text_layout import stored
from tests.rapport_blocks.test_text_layout import REPORT
from tests.word_documents import report_docx


def through_json(report):
    return stored.from_data(json.loads(json.dumps(stored.to_data(report))))


def test_every_kind_of_section_with_its_lines_comes_back_the_same():
    report = layout.parse(REPORT)
    again = through_json(report)
    assert again == report
    assert [s.line for s in again.sections] == [s.line for s in report.sections]
    assert again.sections[0].items[0].children[0].line == report.sections[0].items[0].children[0].line
    assert (again.title_line, again.compiled_line, again.next_expected_line) == (1, 3, 4)
    assert again.warnings == report.warnings


def test_a_word_report_keeps_its_paragraph_numbers_and_excerpts():
    report = word.parse(report_docx(layout.parse(REPORT)), max_bytes=10**7)
    again = through_json(report)
    assert again == report
    assert (again.unit, again.excerpts) == ("paragraph", report.excerpts)
    assert layout.place("r.docx", 15, again.unit, again.excerpts) == layout.place(
        "r.docx", 15, report.unit, report.excerpts
    )
