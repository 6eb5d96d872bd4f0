"""Text → Word → import gives the report the text import gives: the sample, the demo reports and a
rich report, with Word's default bullets and with an organisation's own, presented the same way
(every text in order, nested, with its links and emphasis) and stored the same way."""

import pytest
from django.utils import translation

from rapport_blocks import importing
from rapport_blocks.core import text_layout as layout
from rapport_blocks.models import Person, RapportPage
from rapport_blocks.rules.presentation import present_content
from tests.conftest import DEMO_FIXTURE_DIR
from tests.rapport_blocks.test_roundtrip import without_ids
from tests.rapport_blocks.test_text_layout import REPORT
from tests.word_documents import TEMPLATES, report_docx

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BASE_URL = "https://lagesbild.example.se"
DEMO_REPORTS = sorted((DEMO_FIXTURE_DIR / "demo").glob("regional-rapport-*.txt"))


def imported(data, filename: str, series) -> RapportPage:
    result = importing.import_report(data, filename=filename, series_slug=series.slug)
    return RapportPage.objects.get(pk=result.page.pk).get_latest_revision_as_object()


def presented(page) -> dict:
    data = present_content(page, base_url=BASE_URL, include_mailing=True)
    return {key: data[key] for key in ("title", "compiled_at", "next_expected_at", "sections")}


def stream(page) -> list:
    return without_ids(list(page.body.raw_data))


def assert_word_gives_the_text_report(text: bytes, series, template: str) -> None:
    from_text = imported(text, "rapport.txt", series)
    data = report_docx(layout.parse(text), template)
    from_word = imported(data, "rapport.docx", series)
    assert presented(from_word) == presented(from_text)
    assert stream(from_word) == stream(from_text)
    assert not from_word.live


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_sample_from_word_is_the_sample_from_text(sample_path, series, template):
    assert_word_gives_the_text_report(sample_path.read_bytes(), series, template)
    assert Person.objects.count() == 2  # the Word import reused the people the text import made


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("path", DEMO_REPORTS, ids=lambda path: path.stem)
def test_the_demo_reports_from_word_are_the_demo_reports_from_text(path, series, template):
    assert_word_gives_the_text_report(path.read_bytes(), series, template)


@pytest.mark.parametrize("template", TEMPLATES)
def test_three_levels_emphasis_links_actions_people_and_text_sections(series, template):
    assert_word_gives_the_text_report(REPORT.encode(), series, template)


def test_what_the_presentation_shows_of_a_word_report(series):
    page = imported(report_docx(layout.parse(REPORT), "organisation"), "rapport.docx", series)
    first = presented(page)["sections"][0]
    assert first["heading"] == "Läget just nu"
    top = first["items"]
    assert [len(item["children"]) for item in top] == [2, 0]
    assert "<b>helgens</b>" in top[0]["html"]
    assert "<i>långsamma</i>" in top[0]["children"][0]["html"]
    deepest = top[0]["children"][0]["children"][0]["html"]
    assert '<a href="https://leverantor.example.se/status"' in deepest


def test_warnings_name_the_word_paragraph(series):
    result = importing.import_report(
        report_docx(layout.parse(REPORT)), filename="rapport.docx", series_slug=series.slug
    )
    # "Supportsidan" links to "#": paragraph 15 of the document Word wrote.
    with translation.override("sv"):
        places = [result.place(line) for line, _ in result.warnings]
    assert places == ["rapport.docx, stycke 15 (”Supportsidan”)"]
