"""The text layout, read and written without a database: every rule and every error with its line."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import translation

from rapport_blocks.core import text_layout as layout
from rapport_blocks.core.text_layout import Span

STOCKHOLM = layout.STOCKHOLM

REPORT = """\
Lägesbild Testregionen

Sammanställd: 2026-01-05 klockan 09:15
Nästa lägesbild: 2026-01-12 klockan 09:00

Läget just nu
- Driften är stabil efter **helgens** uppgradering.
 - Två avdelningar rapporterar *långsamma* inloggningar.
  - Felsökning pågår hos [leverantören](https://leverantor.example.se/status).
 - Kundtjänst har förstärkts.
- Nästa steg beslutas på måndag.

Genomförda åtgärder
- 2/1: [Driftinformation på intranätet](https://intranat.example.se/drift)
- 30/12: Utskick till alla chefer

Bra att veta
- [Frågor och svar](https://intranat.example.se/fragor)
- [Supportsidan](#)

Kontaktpersoner
- Eva Ek, driftchef
- Olle Berg, kommunikatör, olle.berg@example.se, 010-123 45 67

Om rapporten
Rapporten tas fram av
driftledningen varje vecka.

Den skickas till alla chefer.

# Kontakt
Skriv till funktionsbrevlådan.
"""


def parse_errors(text) -> list[tuple[int, str]]:
    with pytest.raises(layout.InvalidLayout) as caught:
        layout.parse(text)
    return caught.value.errors


def error_lines(text) -> list[int]:
    return [line for line, _ in parse_errors(text)]


def minimal(body: str, header: str = "Sammanställd: 2025-05-27 klockan 08:30") -> str:
    return f"Testrapport\n\n{header}\n\n{body}"


# Header


def test_title_compiled_and_next_report():
    report = layout.parse(REPORT)
    assert report.title == "Lägesbild Testregionen"
    assert report.compiled_at == dt.datetime(2026, 1, 5, 9, 15, tzinfo=STOCKHOLM)
    assert report.compiled_at.utcoffset() == dt.timedelta(hours=1)
    assert report.next_expected_at == dt.datetime(2026, 1, 12, 9, 0, tzinfo=STOCKHOLM)
    assert (report.title_line, report.compiled_line, report.next_expected_line) == (1, 3, 4)


def test_leading_blank_lines_bom_and_crlf_are_accepted():
    data = ("\ufeff\n\n" + REPORT).replace("\n", "\r\n").encode("utf-8")
    report = layout.parse(data)
    assert report.title == "Lägesbild Testregionen"
    assert report.title_line == 3
    assert report.sections[0].line == 8


# Sections and their kinds


def test_section_kinds_follow_the_rules():
    report = layout.parse(REPORT)
    assert [(s.kind, s.heading) for s in report.sections] == [
        ("bullets", "Läget just nu"),
        ("actions", "Genomförda åtgärder"),
        ("links", "Bra att veta"),
        ("people", "Kontaktpersoner"),
        ("text", "Om rapporten"),
        ("text", "Kontakt"),
    ]


def test_three_levels_of_nesting_by_leading_spaces():
    bullets = layout.parse(REPORT).sections[0].items
    assert [len(b.children) for b in bullets] == [2, 0]
    child = bullets[0].children[0]
    assert layout.plain_text(child.text) == "Två avdelningar rapporterar långsamma inloggningar."
    grandchild = child.children[0]
    assert grandchild.text == (
        Span("Felsökning pågår hos "),
        Span("leverantören", url="https://leverantor.example.se/status"),
        Span("."),
    )
    assert grandchild.line == 9
    assert layout.plain_text(bullets[0].children[1].text) == "Kundtjänst har förstärkts."


def test_nesting_is_relative_and_dedent_returns_to_the_matching_level():
    text = minimal("Läge\n- a\n    - b\n        - c\n    - d\n- e\n")
    bullets = layout.parse(text).sections[0].items
    assert [layout.plain_text(b.text) for b in bullets] == ["a", "e"]
    assert [layout.plain_text(b.text) for b in bullets[0].children] == ["b", "d"]
    assert layout.plain_text(bullets[0].children[0].children[0].text) == "c"


def test_more_than_four_levels_is_an_error():
    text = minimal("Läge\n- 1\n - 2\n  - 3\n   - 4\n    - 5\n")
    assert error_lines(text) == [10]


def test_dated_actions_take_the_year_before_when_the_date_is_after_compiled():
    actions = layout.parse(REPORT).sections[1].items
    assert [(a.date, a.title, a.url) for a in actions] == [
        (dt.date(2026, 1, 2), "Driftinformation på intranätet", "https://intranat.example.se/drift"),
        (dt.date(2025, 12, 30), "Utskick till alla chefer", None),
    ]


def test_a_section_with_some_dated_bullets_is_a_plain_bullet_section():
    section = layout.parse(minimal("Blandat\n- 3/5: Ett möte\n- Något annat\n")).sections[0]
    assert section.kind == "bullets"
    assert layout.plain_text(section.items[0].text) == "3/5: Ett möte"


def test_links_and_people():
    report = layout.parse(REPORT)
    assert [(link.title, link.url) for link in report.sections[2].items] == [
        ("Frågor och svar", "https://intranat.example.se/fragor"),
        ("Supportsidan", "#"),
    ]
    people = report.sections[3].items
    assert [(p.name, p.role, p.email, p.phone) for p in people] == [
        ("Eva Ek", "driftchef", "", ""),
        ("Olle Berg", "kommunikatör", "olle.berg@example.se", "010-123 45 67"),
    ]


@pytest.mark.parametrize("heading", ["Talesperson", "TALESPERSONER", "kontaktpersoner"])
def test_people_headings_are_case_insensitive(heading):
    section = layout.parse(minimal(f"{heading}\n- Kim Lund, presschef\n")).sections[0]
    assert section.kind == "people"
    assert (section.items[0].name, section.items[0].role) == ("Kim Lund", "presschef")


def test_the_same_bullets_under_another_heading_stay_bullets():
    assert layout.parse(minimal("Deltagare\n- Kim Lund, presschef\n")).sections[0].kind == "bullets"


def test_paragraph_lines_join_and_blank_lines_separate_paragraphs():
    about = layout.parse(REPORT).sections[4]
    assert [layout.plain_text(p.text) for p in about.items] == [
        "Rapporten tas fram av driftledningen varje vecka.",
        "Den skickas till alla chefer.",
    ]


# The ambiguity rule


def test_a_line_after_a_text_section_is_a_paragraph_unless_marked_or_followed_by_bullets():
    text = minimal(
        "Om oss\nFörsta stycket.\n\nAndra stycket.\n\n# Kontakt\nRing växeln.\n\nLäget\n- En punkt\n"
    )
    sections = layout.parse(text).sections
    assert [(s.kind, s.heading, len(s.items)) for s in sections] == [
        ("text", "Om oss", 2),
        ("text", "Kontakt", 1),
        ("bullets", "Läget", 1),
    ]


def test_a_heading_may_sit_directly_above_its_bullets_or_its_paragraph():
    text = minimal("Läget\n- En punkt\nOm oss\nEtt stycke.\n")
    sections = layout.parse(text).sections
    assert [(s.kind, s.heading) for s in sections] == [("bullets", "Läget"), ("text", "Om oss")]
    assert layout.plain_text(sections[1].items[0].text) == "Ett stycke."


def test_bullets_pasted_from_word_with_dots_tabs_and_no_break_spaces():
    text = minimal("Läget\n•\tFörsta\n\t•\u00a0Andra\n-\u00a0Tredje\n")
    bullets = layout.parse(text).sections[0].items
    assert [layout.plain_text(b.text) for b in bullets] == ["Första", "Tredje"]
    assert layout.plain_text(bullets[0].children[0].text) == "Andra"


def test_an_indented_line_under_a_bullet_continues_it():
    section = layout.parse(minimal("Läget\n- En lång punkt som\n  fortsätter här\n- Nästa\n")).sections[0]
    assert [layout.plain_text(b.text) for b in section.items] == ["En lång punkt som fortsätter här", "Nästa"]


# Inline text


def test_inline_bold_italic_and_link():
    assert layout.parse_inline("Se **viktigt** och *notera* [här](https://example.se/a)") == (
        Span("Se "),
        Span("viktigt", bold=True),
        Span(" och "),
        Span("notera", italic=True),
        Span(" "),
        Span("här", url="https://example.se/a"),
    )


def test_inline_marks_inside_a_link_and_bold_italic():
    assert layout.parse_inline("[**Fet** länk](https://example.se/) ***båda***") == (
        Span("Fet", bold=True, url="https://example.se/"),
        Span(" länk", url="https://example.se/"),
        Span(" "),
        Span("båda", bold=True, italic=True),
    )


def test_unclosed_markers_and_escapes_are_literal():
    assert layout.parse_inline(r"5 * 3 och \*inte kursiv\* och \[inte\](en länk) och \\") == (
        Span(r"5 * 3 och *inte kursiv* och [inte](en länk) och \ "[:-1]),
    )


def test_a_url_may_hold_balanced_parentheses():
    assert layout.parse_inline("[Wiki](https://sv.example.org/wiki/Test_(ord))") == (
        Span("Wiki", url="https://sv.example.org/wiki/Test_(ord)"),
    )


def test_angle_brackets_and_ampersands_are_text():
    spans = layout.parse(minimal("Läget\n- <b>Inte fet</b> & <script>x</script>\n")).sections[0].items[0].text
    assert spans == (Span("<b>Inte fet</b> & <script>x</script>"),)


@pytest.mark.parametrize(
    "spans",
    [
        (Span("a*b [c] \\d \\*e"),),
        (Span("fet", bold=True), Span("fet och kursiv", bold=True, italic=True), Span("kursiv", italic=True)),
        (
            Span("x"),
            Span("länk ", url="https://example.se/(a)"),
            Span("fet", bold=True, url="https://example.se/(a)"),
        ),
        (Span("kursiv ", italic=True), Span("länk", italic=True, url="#"), Span(" slut", italic=True)),
    ],
)
def test_written_inline_reads_back_the_same(spans):
    assert layout.parse_inline(layout.write_inline(spans)) == spans


def test_an_unbalanced_parenthesis_in_a_url_is_written_percent_encoded():
    written = layout.write_inline((Span("(a)"), Span("b", url="https://example.se/a(b")))
    assert written == "(a)[b](https://example.se/a%28b)"


# Warnings


def test_placeholder_links_are_warnings_with_lines():
    warnings = layout.parse(REPORT).warnings
    assert [line for line, _ in warnings] == [19]
    assert "Supportsidan" in warnings[0].message


# Errors, each with its line


def test_empty_file():
    with translation.override("en"):
        assert parse_errors(b"") == [(1, "The file is empty.")]
    assert error_lines(b"  \n\n \n") == [1]


def test_binary_file_reports_the_line_of_the_first_nul():
    assert error_lines(b"Titel\n\nSammanst\xc3\xa4lld\x00\x01") == [3]


def test_not_utf8_reports_the_line_of_the_first_bad_byte():
    data = minimal("Läget\n- Gr\xe5tt\n").encode("utf-8").replace("Gr\xe5tt".encode(), b"Gr\xe5tt")
    assert error_lines(data) == [6]
    with translation.override("en"):
        assert "0xE5" in parse_errors(data)[0][1]


def test_no_title():
    assert error_lines("- En punkt\n\nSammanställd: 2025-05-27 klockan 08:30\n") == [1]
    assert 1 in error_lines("Sammanställd: 2025-05-27 klockan 08:30\n\nLäget\n- En punkt\n")


def test_missing_compiled_line_is_reported_where_it_was_expected():
    assert error_lines("Titel\n\nLäget\n- En punkt\n") == [3]


def test_compiled_line_in_the_wrong_place():
    assert error_lines("Titel\n\nLäget\n- En punkt\n\nSammanställd: 2025-05-27 klockan 08:30\n") == [6]


@pytest.mark.parametrize(
    "value", ["2025-02-30 klockan 08:30", "2025-05-27 klockan 25:00", "27 maj 2025", "2025-05-27", ""]
)
def test_bad_compiled_date(value):
    assert error_lines(minimal("Läget\n- En punkt\n", header=f"Sammanställd: {value}")) == [3]


def test_bad_next_report_date():
    header = "Sammanställd: 2025-05-27 klockan 08:30\nNästa lägesbild: nästa vecka"
    assert error_lines(minimal("Läget\n- En punkt\n", header=header)) == [4]


@pytest.mark.parametrize("day_month", ["31/2", "0/5", "12/13", "32/1"])
def test_bad_action_date(day_month):
    text = minimal(f"Åtgärder\n- 3/5: Möte\n- {day_month}: [Artikel](https://example.se/)\n")
    assert error_lines(text) == [7]


def test_a_bad_date_in_a_nested_bullet_is_reported_once():
    assert error_lines(minimal("Läget\n- Punkt\n - 30/2: Något\n")) == [7]


def test_bullet_before_any_heading():
    assert error_lines(minimal("- En punkt utan rubrik\n")) == [5]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:msgbox(1)",
        "ftp://x.se/",
    ],
)
def test_links_with_a_forbidden_scheme(url):
    text = minimal(f"Läget\n- Se [detta]({url})\n\nLänkar\n- [Här]({url})\n\nÅtgärder\n- 1/5: [Där]({url})\n")
    assert error_lines(text) == [6, 9, 12]


def test_an_empty_section():
    assert error_lines(minimal("Tom rubrik\n\n# Nästa\nEtt stycke.\n")) == [5]
    assert error_lines(minimal("Läget\n- En punkt\n\nSist utan något\n")) == [8]


def test_a_paragraph_directly_above_bullets_becomes_their_heading_leaving_an_empty_section():
    assert error_lines(minimal("# Om\nInledning\n- En punkt\n")) == [5]


def test_a_spokesperson_line_without_a_name():
    assert error_lines(minimal("Talespersoner\n- Eva Ek, driftchef\n- , presschef\n")) == [7]


def test_a_report_without_sections():
    assert error_lines("Titel\nSammanställd: 2025-05-27 klockan 08:30\n") == [2]


def test_every_error_is_reported_not_just_the_first():
    text = minimal("- lös punkt\n\nÅtgärder\n- 31/2: X\n\nLänkar\n- [X](javascript:x)\n\nTom\n")
    assert error_lines(text) == [5, 8, 11, 13]


# Writing


def test_written_report_reads_back_the_same():
    report = layout.parse(REPORT)
    text = layout.write(report)
    assert layout.parse(text) == report
    assert layout.write(layout.parse(text)) == text


def test_writer_marks_a_text_heading_after_a_text_section_only():
    text = layout.write(layout.parse(REPORT))
    assert "\n# Kontakt\n" in text
    assert "\n# Om rapporten\n" not in text and "\nOm rapporten\n" in text


def test_writer_uses_one_space_per_level_and_day_month_dates():
    text = layout.write(layout.parse(REPORT))
    assert "\n  - Felsökning pågår hos [leverantören](https://leverantor.example.se/status).\n" in text
    assert "\n- 30/12: Utskick till alla chefer\n" in text
    assert "Sammanställd: 2026-01-05 klockan 09:15\nNästa lägesbild: 2026-01-12 klockan 09:00\n" in text


def test_writer_escapes_what_would_change_meaning():
    report = layout.ParsedReport(
        title="- Inte en punkt",
        compiled_at=dt.datetime(2025, 5, 27, 8, 30, tzinfo=STOCKHOLM),
        sections=[
            layout.Section("bullets", "# Rubrik", [layout.Bullet((Span("1/2: inte ett datum *"),))]),
            layout.Section("text", "Om", [layout.Paragraph((Span("- inte en punkt"),))]),
            layout.Section("text", "Mer", [layout.Paragraph((Span("# inte en rubrik"),))]),
            layout.Section("people", "Talesperson", [layout.Person("Kim [K] Lund", "chef*")]),
        ],
    )
    assert layout.parse(layout.write(report)) == report


def test_writer_escapes_word_bullet_marks_too():
    report = layout.ParsedReport(
        title="• Inte en punkt",
        compiled_at=dt.datetime(2025, 5, 27, 8, 30, tzinfo=STOCKHOLM),
        sections=[
            layout.Section("text", "•\u00a0Rubrik", [layout.Paragraph((Span("• Viktigt: läs \\• detta"),))]),
            layout.Section("text", "Mer", [layout.Paragraph((Span("•"),))]),
        ],
    )
    assert layout.parse(layout.write(report)) == report


def test_writer_writes_times_in_stockholm_time():
    report = layout.parse(REPORT)
    report.compiled_at = dt.datetime(2026, 1, 5, 8, 15, tzinfo=dt.UTC)
    assert "Sammanställd: 2026-01-05 klockan 09:15" in layout.write(report)


def test_the_documented_example_reads_as_the_documentation_says():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "import-format.md").read_text(encoding="utf-8")
    example = doc.split("```text\n", 1)[1].split("```", 1)[0]
    report = layout.parse(example)
    assert [s.kind for s in report.sections] == ["bullets", "actions", "links", "people", "text", "text"]
    assert [a.date for a in report.sections[1].items] == [dt.date(2026, 1, 2), dt.date(2025, 12, 30)]
    assert report.sections[0].items[0].children[0].children  # three levels
    assert [line for line, _ in report.warnings] == [19]
    assert layout.parse(layout.write(report)) == report
