"""The Word reader, without a database: Word's numbering, styles, links and runs read into a report.

Every document here is written by tests/word_documents.py with python-docx, with real numbering
definitions and real hyperlink relationships, as Word saves them.
"""

import datetime as dt

import pytest
from django.utils import translation
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Twips

from rapport_blocks.core import text_layout as layout
from rapport_blocks.core import word
from rapport_blocks.core.text_layout import Span
from tests.rapport_blocks.test_text_layout import REPORT
from tests.word_documents import TEMPLATES, WordWriter, report_docx

MAX = 20 * 1024 * 1024


def read(writer: WordWriter) -> layout.ParsedReport:
    return word.parse(writer.bytes(), max_bytes=MAX)


def errors(writer: WordWriter) -> list[tuple[int, str]]:
    with pytest.raises(layout.InvalidLayout) as caught:
        read(writer)
    assert caught.value.unit == "paragraph"
    return caught.value.errors


def start(template: str = "word", heading: str | None = "Läget just nu") -> WordWriter:
    writer = WordWriter(template)
    writer.title("Lägesbild Testregionen")
    writer.text("Sammanställd: 2026-01-05 klockan 09:15")
    if heading:
        writer.heading(heading)
    return writer


def plain(text: str) -> tuple:
    return (Span(text),)


def tree(bullets) -> list:
    return [
        (layout.plain_text(b.text), tree(b.children)) if b.children else layout.plain_text(b.text)
        for b in bullets
    ]


@pytest.mark.parametrize("template", TEMPLATES)
def test_bullet_levels_come_from_the_numbering_whatever_the_glyphs(template):
    writer = start(template)
    for text, level in [("Ett", 0), ("Två", 1), ("Tre", 2), ("Fyra", 1), ("Fem", 0), ("Sex", 3)]:
        writer.bullet(plain(text), level)
    section = read(writer).sections[0]
    assert section.kind == layout.BULLETS
    assert tree(section.items) == [("Ett", [("Två", ["Tre"]), "Fyra"]), ("Fem", ["Sex"])]


def test_list_bullet_styles_are_levels_though_their_numbering_says_level_0():
    # Word's "List Bullet 2" and "3" each carry a one-level list of their own (ilvl 0).
    writer = start()
    for text, style in [
        ("Ett", "List Bullet"),
        ("Två", "List Bullet 2"),
        ("Tre", "List Bullet 3"),
        ("Fyra", "List Bullet"),
    ]:
        writer.text(text, style)
    assert tree(read(writer).sections[0].items) == [("Ett", [("Två", ["Tre"])]), "Fyra"]


def test_an_organisations_list_styles_linked_to_levels_of_one_definition():
    # Styles "Punkt 1" to "Punkt 3" whose numbering is one list, each style linked to a level (w:pStyle).
    writer = start("organisation")
    numbering = writer.document.part.numbering_part.element
    abstract = next(
        a
        for a in numbering.findall(_w("abstractNum"))
        if a.get(_w("abstractNumId")) == _abstract_of(writer, writer.bullets)
    )
    for level in range(3):
        style = writer.document.styles.add_style(f"Punkt {level + 1}", WD_STYLE_TYPE.PARAGRAPH)
        style.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = int(writer.bullets)
        lvl = abstract.findall(_w("lvl"))[level]
        lvl.insert(1, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style.style_id}"/>'))
    for text, style in [("Ett", "Punkt 1"), ("Två", "Punkt 2"), ("Tre", "Punkt 3"), ("Fyra", "Punkt 2")]:
        writer.text(text, style)
    assert tree(read(writer).sections[0].items) == [("Ett", [("Två", ["Tre"]), "Fyra"])]


def _w(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{name}")


def _abstract_of(writer, num_id: str) -> str:
    numbering = writer.document.part.numbering_part.element
    num = next(n for n in numbering.findall(_w("num")) if n.get(_w("numId")) == str(num_id))
    return num.find(_w("abstractNumId")).get(_w("val"))


def test_indentation_alone_makes_no_level():
    writer = start()
    writer.bullet(plain("Ett"), 0)
    # Deeper in the numbering but indented less, and an indented paragraph that is no list item.
    child = writer.bullet(plain("Två"), 1)
    child.paragraph_format.left_indent = Twips(0)
    writer.heading("Om rapporten")
    indented = writer.text("Ett stycke med stort indrag.")
    indented.paragraph_format.left_indent = Twips(2880)
    report = read(writer)
    assert tree(report.sections[0].items) == [("Ett", ["Två"])]
    assert report.sections[1].kind == layout.TEXT


def test_a_numbered_list_is_read_as_bullets_with_a_warning():
    writer = start()
    numbered = writer.numbered()
    writer.bullet(plain("Först"), 0, numbered)
    writer.bullet(plain("Sedan"), 1, numbered)
    report = read(writer)
    assert tree(report.sections[0].items) == [("Först", ["Sedan"])]
    assert [line for line, _ in report.warnings] == [4]


def test_typed_glyphs_without_numbering_are_bullets():
    writer = start()
    writer.text("•\tInklistrad från e-post")
    writer.text("– Med tankstreck")
    assert tree(read(writer).sections[0].items) == ["Inklistrad från e-post", "Med tankstreck"]


def test_links_emphasis_and_word_s_separate_anchor():
    writer = start()
    writer.bullet(
        (
            Span("Läs "),
            Span("beslutet", bold=True, url="https://intranat.example.se/beslut#paus"),
            Span(" och "),
            Span("frågorna", italic=True),
            Span(" ", url="https://intranat.example.se/fragor"),  # whitespace-only link runs keep their place
            Span("här", url="https://intranat.example.se/fragor"),
        )
    )
    spans = read(writer).sections[0].items[0].text
    assert spans == (
        Span("Läs "),
        Span("beslutet", bold=True, url="https://intranat.example.se/beslut#paus"),
        Span(" och "),
        Span("frågorna", italic=True),
        Span(" här", url="https://intranat.example.se/fragor"),
    )


def test_bold_and_italic_from_character_styles_and_direct_formatting():
    writer = start()
    paragraph = writer.bullet(())
    paragraph.add_run("Stark", style="Strong")
    paragraph.add_run(" och ")
    paragraph.add_run("betonad", style="Emphasis")
    not_bold = paragraph.add_run(" men inte fet", style="Strong")
    not_bold.bold = False
    spans = read(writer).sections[0].items[0].text
    assert spans == (
        Span("Stark", bold=True),
        Span(" och "),
        Span("betonad", italic=True),
        Span(" men inte fet"),
    )


def test_hyperlink_fields_are_links_too():
    writer = start()
    paragraph = writer.bullet(plain("Se "))
    paragraph._p.append(
        parse_xml(
            f"<w:fldSimple {nsdecls('w')} w:instr=' HYPERLINK \"https://drift.example.se/status\" '>"
            "<w:r><w:t>driftstatus</w:t></w:r></w:fldSimple>"
        )
    )
    for xml in (
        '<w:r><w:t xml:space="preserve"> och </w:t></w:r>',
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://intranat.example.se/" '
        '\\l "nytt" \\o "Tips" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>nyheter</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))
    assert read(writer).sections[0].items[0].text == (
        Span("Se "),
        Span("driftstatus", url="https://drift.example.se/status"),
        Span(" och "),
        Span("nyheter", url="https://intranat.example.se/#nytt"),
    )


def test_headings_from_styles_or_a_short_paragraph_bold_throughout():
    writer = start(heading=None)
    writer.heading("Med rubrikformat", level=1)
    writer.bullet(plain("Ett"))
    writer.text("Fet och ensam", bold=True)
    writer.bullet(plain("Två"))
    writer.text("Sist en rubrik utan format")
    writer.text("Ett stycke som hör till den.")
    writer.text("En fet mening är ingen rubrik.", bold=True)
    report = read(writer)
    assert [s.heading for s in report.sections] == [
        "Med rubrikformat",
        "Fet och ensam",
        "Sist en rubrik utan format",
    ]
    assert [layout.plain_text(p.text) for p in report.sections[2].items] == [
        "Ett stycke som hör till den.",
        "En fet mening är ingen rubrik.",
    ]


def test_a_document_typed_like_the_text_layout_reads_as_that_text():
    # No styles at all: each line a paragraph, the bullets a real list with its levels.
    expected = layout.parse(REPORT)
    writer = WordWriter()
    # In Word a paragraph is not broken into lines as the text file's is.
    for raw in REPORT.replace("av\ndriftledningen", "av driftledningen").splitlines():
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith("- "):
            depth = len(raw) - len(raw.lstrip())
            writer.bullet(layout.parse_inline(stripped[2:]), depth)
        else:
            writer.paragraph(layout.parse_inline(stripped.removeprefix("# ")))
    # "# Kontakt" is the text layout's mark for a heading after a text section: Word has styles.
    writer.document.paragraphs[-2].style = "Heading 2"
    assert read(writer) == expected


def test_the_title_style_marks_the_title_and_what_stands_above_it_is_warned_about():
    writer = WordWriter()
    writer.text("INTERNT")
    writer.title("Lägesbild Testregionen")
    writer.text("Sammanställd: 2026-01-05 klockan 09:15")
    writer.text("Nästa lägesbild: 2026-01-12 kl. 09:00")
    writer.heading("Läget")
    writer.bullet(plain("Lugnt."))
    report = read(writer)
    assert report.title == "Lägesbild Testregionen"
    assert report.compiled_at == dt.datetime(2026, 1, 5, 9, 15, tzinfo=layout.STOCKHOLM)
    assert report.next_expected_at == dt.datetime(2026, 1, 12, 9, 0, tzinfo=layout.STOCKHOLM)
    assert (report.title_line, report.compiled_line, report.next_expected_line) == (2, 3, 4)
    assert [line for line, _ in report.warnings] == [1]


def test_dated_actions_are_a_date_and_a_hyperlink_people_and_mailing_only_sections():
    writer = start(heading="Kommunikativa åtgärder")
    writer.bullet((Span("2/1: "), Span("Nyhet om starten", url="https://intranat.example.se/nyheter/start")))
    writer.bullet((Span("30/12:", bold=True), Span(" Chefsbrev")))
    writer.heading("Talespersoner")
    writer.bullet(plain("Olle Berg, kommunikatör, olle.berg@example.se, 010-123 45 67"))
    writer.heading("Ledningens bedömning [Endast utskick]")
    writer.text("Budgeten är ansträngd.")
    actions, people, mailing = read(writer).sections
    assert actions.kind == layout.ACTIONS
    assert [(a.date, a.title, a.url) for a in actions.items] == [
        (dt.date(2026, 1, 2), "Nyhet om starten", "https://intranat.example.se/nyheter/start"),
        (dt.date(2025, 12, 30), "Chefsbrev", None),
    ]
    assert people.kind == layout.PEOPLE and people.items[0].email == "olle.berg@example.se"
    assert (mailing.heading, mailing.audience) == ("Ledningens bedömning", layout.AUDIENCE_MAILING)


def test_pictures_and_tables_are_warnings_with_their_paragraph_numbers():
    writer = start()
    writer.bullet(plain("Ett"))
    writer.picture(writer.bullet(plain("Två, med bild")))
    writer.table([["Enhet", "Status"], ["Akuten", "Startar i februari"]])
    writer.heading("Om rapporten")
    writer.picture(writer.paragraph())  # a picture alone in its paragraph
    writer.text("Text.")
    with translation.override("sv"):
        report = read(writer)
    assert [line for line, _ in report.warnings] == [5, 6, 8]
    assert "bild" in report.warnings[0].message and "tabell" in report.warnings[1].message
    assert [layout.plain_text(p.text) for p in report.sections[1].items] == ["Text."]


def test_tracked_changes_read_as_accepted_with_one_warning():
    writer = start()
    paragraph = writer.bullet(plain("Driften är "))
    w = nsdecls("w")
    paragraph._p.append(
        parse_xml(f'<w:del {w} w:id="1" w:author="Eva"><w:r><w:delText>instabil</w:delText></w:r></w:del>')
    )
    paragraph._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="Eva"><w:r><w:t>stabil</w:t></w:r></w:ins>'))
    report = read(writer)
    assert layout.plain_text(report.sections[0].items[0].text) == "Driften är stabil"
    assert [line for line, _ in report.warnings] == [4]


def test_errors_are_reported_by_paragraph_with_its_first_words():
    writer = start(heading=None)
    writer.bullet(plain("En punkt före rubriken"))
    writer.heading("Åtgärder")
    writer.bullet((Span("31/2: "), Span("Ingen dag", url="https://intranat.example.se/")))
    writer.bullet((Span("Farlig länk", url="javascript:alert(1)"),))
    with translation.override("sv"):
        with pytest.raises(layout.InvalidLayout) as caught:
            read(writer)
    invalid = caught.value
    assert [line for line, _ in invalid.errors] == [3, 5, 6]
    assert layout.place("rapport.docx", 5, invalid.unit, invalid.excerpts) == (
        "rapport.docx, stycke 5 (”31/2: Ingen dag”)"
    )


def test_the_same_report_from_both_templates_and_from_text():
    text = layout.parse(REPORT)
    for template in TEMPLATES:
        assert word.parse(report_docx(text, template), max_bytes=MAX) == text


def test_an_empty_document_and_one_that_starts_with_a_bullet():
    with pytest.raises(layout.InvalidLayout) as caught:
        read(WordWriter())
    assert caught.value.errors[0].line == 0
    writer = WordWriter()
    writer.bullet(plain("Ingen titel"))
    assert [line for line, _ in errors(writer)] == [1]


def test_the_documented_example_reads_as_the_documentation_says():
    """docs/import-format.md, "Word documents", "An example"."""
    from django.utils.translation import gettext as _

    writer = WordWriter("organisation")
    writer.title("Lägesbild Nytt journalsystem – demo")
    writer.text("Sammanställd: 2026-01-05 klockan 09:15")
    writer.heading("Läget just nu")
    writer.bullet((Span("Införandet går "), Span("enligt plan", bold=True), Span(".")), 0)
    writer.bullet(
        (
            Span("Inloggningen är "),
            Span("långsam", italic=True),
            Span(" på morgonen; "),
            Span("driftstatus", url="https://drift.example.se/status"),
            Span("."),
        ),
        1,
    )
    writer.picture(writer.bullet(plain("Utbildningen av superanvändare är klar."), 0))
    writer.heading("Kommunikativa åtgärder")
    writer.bullet(
        (
            Span("2/1: "),
            Span("Nyhet på intranätet om starten", url="https://intranat.example.se/nyheter/start"),
        )
    )
    writer.text("Talespersoner", bold=True)
    writer.bullet(plain("Eva Ek, projektledare"))
    writer.heading("Om rapporten")
    writer.text("Rapporten sammanställs av projektets kommunikatörer varje måndag.")
    writer.table([["Enhet", "Start"]])
    with translation.override("sv"):
        report = read(writer)
        lines = [
            _("%(place)s: warning: %(message)s")
            % {"place": layout.place("rapport.docx", line, report.unit, report.excerpts), "message": message}
            for line, message in report.warnings
        ]
    assert report.title == "Lägesbild Nytt journalsystem – demo"
    assert report.compiled_at == dt.datetime(2026, 1, 5, 9, 15, tzinfo=layout.STOCKHOLM)
    assert [s.kind for s in report.sections] == [layout.BULLETS, layout.ACTIONS, layout.PEOPLE, layout.TEXT]
    assert tree(report.sections[0].items) == [
        ("Införandet går enligt plan.", ["Inloggningen är långsam på morgonen; driftstatus."]),
        "Utbildningen av superanvändare är klar.",
    ]
    assert report.sections[1].items[0].date == dt.date(2026, 1, 2)
    assert lines == [
        "rapport.docx, stycke 6 (”Utbildningen av superanvändare är klar.”): varning: "
        "En bild importeras inte: en rapport har inga bilder.",
        "rapport.docx, stycke 13 (”Enhet Start”): varning: "
        "En tabell importeras inte: en rapport har inga tabeller. Skriv innehållet som punkter.",
    ]
