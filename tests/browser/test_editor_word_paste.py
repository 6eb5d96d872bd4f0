"""Pasting a list from Word into the bullet field keeps its levels, whatever glyphs the template uses.

The clipboard holds what Word puts there: list items as <p class=MsoListParagraphCxSp…> with
"mso-list:l0 levelN lfo1" styles, each glyph inside <![if !supportLists]> and an "mso-list:Ignore"
span, the list definitions in the head's style sheet. Draftail alone keeps the levels of Word's
default glyphs only (docs/word-paste.md); the "word-lists" plugin keeps them for any glyph.
"""

import pytest

from tests.browser.test_editor_bullets import editor, paste_html, save_draft  # noqa: F401 (fixture)

HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40"><head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15"><style><!--
 /* List Definitions */
 @list l0 {mso-list-id:1044988946; mso-list-type:hybrid; mso-list-template-ids:-1713523618 69009409 69009411;}
 @list l0:level1 {mso-level-number-format:bullet; mso-level-text:"{g1}"; mso-level-tab-stop:none;
   mso-level-number-position:left; text-indent:-18.0pt; font-family:{f1};}
 @list l0:level2 {mso-level-number-format:bullet; mso-level-text:"{g2}"; mso-level-tab-stop:none;
   mso-level-number-position:left; text-indent:-18.0pt; font-family:{f2};}
 @list l0:level3 {mso-level-number-format:bullet; mso-level-text:"{g3}"; mso-level-tab-stop:none;
   mso-level-number-position:left; text-indent:-18.0pt; font-family:{f3};}
 p.MsoListParagraph, li.MsoListParagraph {mso-style-priority:34; margin-left:36.0pt;}
--></style></head><body lang=SV style='tab-interval:65.2pt;word-wrap:break-word'>
<!--StartFragment-->"""

TAIL = "<!--EndFragment--></body></html>"

# An organisation's template, and Word's own bullets (Symbol's "·", Courier New's "o", Wingdings' "§").
ORGANISATION = {1: ("–", "Arial"), 2: ("›", "Arial"), 3: ("▪", "Arial")}
WORD_DEFAULT = {1: ("·", "Symbol"), 2: ("o", '"Courier New"'), 3: ("§", "Wingdings")}


def word_paragraph(position: str, level: int, html: str, glyphs: dict) -> str:
    glyph, font = glyphs[level]
    return (
        f"<p class=MsoListParagraphCx{position} style='margin-left:{36 * level}.0pt;mso-add-space:auto;"
        f"text-indent:-18.0pt;mso-list:l0 level{level} lfo1'><![if !supportLists]><span "
        f"style='font-family:{font};mso-fareast-font-family:{font};mso-bidi-font-family:{font}'>"
        f"<span style='mso-list:Ignore'>{glyph}<span style='font:7.0pt \"Times New Roman\"'>"
        f"&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>{html}<o:p></o:p></p>"
    )


def word_clipboard(items: list[tuple[int, str]], glyphs: dict) -> str:
    """The HTML Word 365 puts on the clipboard for these (level, html) list items."""
    paragraphs = []
    for index, (level, html) in enumerate(items):
        position = "SpFirst" if index == 0 else "SpLast" if index == len(items) - 1 else "SpMiddle"
        paragraphs.append(word_paragraph(position, level, html, glyphs))
    head = HEAD
    for level, (glyph, font) in glyphs.items():
        head = head.replace(f"{{g{level}}}", glyph).replace(f"{{f{level}}}", font)
    return head + "\n".join(paragraphs) + TAIL


ITEMS = [
    (1, "Införandet går <b style='mso-bidi-font-weight:normal'>enligt plan</b>."),
    (2, 'Två <a href="https://intranat.example.se/vardcentraler">vårdcentraler</a> har startat.'),
    (3, "Inloggningen är <i style='mso-bidi-font-style:normal'>långsam</i> på morgonen."),
    (2, "Akutmottagningen startar i februari."),
    (1, "Utbildningen är klar."),
]
EXPECTED = [
    [
        "Införandet går <b>enligt plan</b>.",
        [
            [
                'Två <a href="https://intranat.example.se/vardcentraler">vårdcentraler</a> har startat.',
                [["Inloggningen är <i>långsam</i> på morgonen.", []]],
            ],
            ["Akutmottagningen startar i februari.", []],
        ],
    ],
    ["Utbildningen är klar.", []],
]


@pytest.mark.parametrize("glyphs", [ORGANISATION, WORD_DEFAULT], ids=["organisation", "word"])
def test_levels_one_to_three_survive_a_paste_from_word(page, editor, glyphs):  # noqa: F811
    paste_html(editor, word_clipboard(ITEMS, glyphs))

    assert save_draft(page, "Utbildningen är klar.") == EXPECTED


def test_the_paragraphs_around_a_list_numbered_lists_and_jumps_in_level(page, editor):  # noqa: F811
    numbered = {1: ("1.", "Arial"), 2: ("a.", "Arial"), 3: ("i.", "Arial")}
    html = word_clipboard([(1, "Ett"), (3, "Hopp till nivå tre"), (2, "Två")], ORGANISATION)
    html = html.replace(
        "<!--StartFragment-->", "<!--StartFragment--><p class=MsoNormal>Inledning<o:p></o:p></p>"
    )
    html = html.replace("<!--EndFragment-->", "<p class=MsoNormal>Avslutning</p><!--EndFragment-->")
    nested = page.evaluate("html => window.lagesbildNestWordLists(html)", html)
    body = nested.split("<!--StartFragment-->")[1].split("<!--EndFragment-->")[0]
    assert body.replace("<o:p></o:p>", "").replace("\n", "") == (
        '<p class="MsoNormal">Inledning</p>'
        "<ul><li>Ett<ul><li>Hopp till nivå tre</li></ul><ul><li>Två</li></ul></li></ul>"
        '<p class="MsoNormal">Avslutning</p>'
    )
    ordered = page.evaluate(
        "html => window.lagesbildNestWordLists(html)", word_clipboard([(1, "Först")], numbered)
    )
    assert "<ol><li>Först" in ordered
    assert page.evaluate("() => window.lagesbildNestWordLists('<p>Inga listor</p>')") is None
