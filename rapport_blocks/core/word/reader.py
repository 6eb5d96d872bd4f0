"""Reading a Word document (.docx) into the `Document` both readers yield; `interpret` does the rest.

What is Word's own: paragraphs instead of lines (problems are reported by paragraph number, with
the paragraph's first words), headings from Word's Heading styles or a short paragraph that is bold
throughout, list levels from Word's numbering (`lists`), links and emphasis from the runs (`runs`).
Where a paragraph carries no style, the text layout's heading rule decides, so a document typed
like the text layout reads as that text would.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.oxml.ns import qn

from ..text_layout.document import (
    DATED_RE,
    PARAGRAPH,
    BulletRun,
    Document,
    Entry,
    Heading,
    Item,
    NoTitle,
    RunLine,
    TextRun,
    heading,
    read_header,
    sections,
)
from ..text_layout.inline import escape_plain, plain_text, without_first
from ..text_layout.interpret import interpret
from ..text_layout.structure import InvalidLayout, LayoutError, LayoutWarning, ParsedReport
from .lists import TYPED_BULLETS, ListLevel, Numbering
from .package import open_document
from .runs import Content, ParagraphText, text_of
from .styles import Styles

HEADING_MAX_CHARS = 120  # a bold paragraph longer than this is emphasis, not a heading
EXCERPT_CHARS = 40


@dataclass
class _Paragraph:
    number: int
    kind: str  # "bullet", "heading", "text", "blank"
    spans: tuple
    plain: str
    style: str | None = None
    level: ListLevel | None = None
    title_style: bool = False


def _block_elements(parent):
    """The body's paragraphs and tables in order, through content controls and custom XML."""
    for child in parent:
        if child.tag in (qn("w:p"), qn("w:tbl"), qn("w:altChunk")):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
            if content is not None:
                yield from _block_elements(content)


def _style_of(paragraph) -> str | None:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else None


def _typed_bullet(spans: tuple) -> tuple | None:
    """Spans without a typed glyph ("• text", "– text"), or None when there is none."""
    plain = plain_text(spans)
    if len(plain) < 2 or plain[0] not in TYPED_BULLETS or not plain[1].isspace():
        return None
    return without_first(spans, 1)


def _date_like(spans: tuple) -> bool:
    """Starts with "D/M:" outside a link (it may be bold): a candidate dated action."""
    plain = plain_text(spans)
    match = DATED_RE.match(plain)
    if not match:
        return False
    prefix, seen = len(plain) - len(match.group(3)), 0
    for span in spans:
        if seen >= prefix:
            break
        if span.url is not None:
            return False
        seen += len(span.text)
    return True


def _bold_heading(spans: tuple, plain: str) -> bool:
    return (
        bool(plain)
        and len(plain) <= HEADING_MAX_CHARS
        and not plain.endswith(".")
        and all(span.bold and span.url is None for span in spans if span.text.strip())
    )


class _Reader:
    def __init__(self, document):
        self.document = document
        self.styles = Styles(document)
        self.numbering = Numbering(document, self.styles)
        self.rels = document.part.rels
        self.warnings: list[LayoutWarning] = []
        self.excerpts: dict[int, str] = {}
        self.tracked_at = 0

    def warn(self, number: int, message) -> None:
        self.warnings.append(LayoutWarning(number, str(message)))

    def excerpt(self, number: int, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self.excerpts[number] = text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"

    def paragraphs(self) -> list[_Paragraph]:
        found = []
        for number, element in enumerate(_block_elements(self.document.element.body), start=1):
            if element.tag == qn("w:tbl"):
                cells = element.iter(qn("w:tc"))
                self.excerpt(number, " ".join(text_of(cell) for cell in cells))
                self.warn(
                    number,
                    _("A table is not imported: a report holds no tables. Write its content as bullets."),
                )
            elif element.tag == qn("w:altChunk"):
                self.warn(number, _("Content embedded from another file is not imported."))
            else:
                found.append(self.paragraph(number, element))
        return found

    def paragraph(self, number: int, element) -> _Paragraph:
        style = _style_of(element)
        content = ParagraphText(self.styles, self.rels, style).read(element)
        self.notes(number, content)
        spans = content.spans
        plain = plain_text(spans)
        self.excerpt(number, plain)
        if not plain.strip():
            return _Paragraph(number, "blank", (), "")
        level = self.numbering.level(element, style)
        if level is not None:
            return _Paragraph(number, "bullet", spans, plain, style, level)
        typed = _typed_bullet(spans)
        if typed is not None:
            return _Paragraph(number, "bullet", typed, plain_text(typed), style, ListLevel(0, False, ""))
        title_style = self.styles.is_title(style)
        if self.styles.is_heading(style) or _bold_heading(spans, plain):
            return _Paragraph(number, "heading", spans, plain, style, title_style=title_style)
        return _Paragraph(number, "text", spans, plain, style)

    def notes(self, number: int, content: Content) -> None:
        """A warning for each thing in the paragraph that the report cannot hold."""
        if content.pictures:
            self.warn(
                number,
                ngettext(
                    "A picture is not imported: a report holds no pictures.",
                    "%(count)d pictures are not imported: a report holds no pictures.",
                    content.pictures,
                )
                % {"count": content.pictures},
            )
        if content.text_boxes:
            self.warn(number, _("A text box is not imported: move its text into the document."))
        if content.notes:
            self.warn(number, _("A footnote is not imported: write it into the text."))
        if content.comments:
            self.warn(number, _("A comment in the document is not imported."))
        for label in content.in_document_links:
            self.warn(
                number,
                _("“%(label)s” links to a place in the document itself; it is imported as text.")
                % {"label": label},
            )
        if content.tracked and not self.tracked_at:
            self.tracked_at = number
            self.warn(number, _("The document has tracked changes: they are read as if accepted."))

    def read(self) -> Document:
        paragraphs = [p for p in self.paragraphs() if p.kind != "blank"]
        if not paragraphs:
            raise InvalidLayout([LayoutError(0, _("The document is empty."))], unit=PARAGRAPH)
        # Word's Title style marks the title; what is written above it is not part of the report.
        first_structure = next((i for i, p in enumerate(paragraphs) if p.kind == "bullet"), len(paragraphs))
        titled = next((i for i, p in enumerate(paragraphs[:first_structure]) if p.title_style), 0)
        for skipped in paragraphs[:titled]:
            self.warn(skipped.number, _("This paragraph comes before the title and is not imported."))
        paragraphs = paragraphs[titled:]
        entries = [Entry(p.number, escape_plain(p.plain.strip()), p.kind == "bullet") for p in paragraphs]
        try:
            header = read_header(entries)
        except NoTitle as no_title:
            raise InvalidLayout([no_title.error], unit=PARAGRAPH, excerpts=self.excerpts) from None
        body = [
            p
            for index, p in enumerate(paragraphs)
            if index >= header.body_start and index != header.misplaced
        ]
        found, errors = sections(self.blocks(body))
        return Document(
            unit=PARAGRAPH,
            title=header.title,
            title_where=header.title_where,
            header=header.lines,
            sections=found,
            end_where=paragraphs[-1].number,
            errors=header.errors + errors,
            warnings=self.warnings,
            excerpts=self.excerpts,
        )

    def blocks(self, body: list[_Paragraph]) -> list[Heading | TextRun | BulletRun]:
        blocks: list[Heading | TextRun | BulletRun] = []
        warned_lists: set[str] = set()
        for p in body:
            source = escape_plain(p.plain.strip())
            if p.kind == "bullet":
                if p.level.numbered and p.level.list_id not in warned_lists:
                    warned_lists.add(p.level.list_id)
                    self.warn(p.number, _("A numbered list is imported as bullets."))
                item = Item(p.spans, p.number, level=p.level.level, date_like=_date_like(p.spans))
                if blocks and isinstance(blocks[-1], BulletRun):
                    blocks[-1].items.append(item)
                else:
                    blocks.append(BulletRun([item]))
            elif p.kind == "heading":
                blocks.append(heading(source, p.number))
            else:
                blocks.append(TextRun([RunLine(p.number, source, spans=p.spans)]))
        return blocks


def read(data: bytes, *, max_bytes: int) -> Document:
    """The Word document in `data` as the document structure; InvalidLayout for what is not one."""
    return _Reader(open_document(data, max_bytes)).read()


def parse(data: bytes, *, max_bytes: int) -> ParsedReport:
    """The report in a .docx; raises InvalidLayout listing every problem with its paragraph."""
    return interpret(read(data, max_bytes=max_bytes))
