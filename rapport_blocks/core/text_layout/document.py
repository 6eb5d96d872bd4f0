"""What a reader yields: a report as written, before the report's rules are applied to it.

The text layout and Word are two readers of this one structure (docs/import-format.md). A reader
decides what is the title, a header line, a heading, a paragraph or a bullet and how deep a bullet
sits; `interpret` then applies the rules (dates, section kinds, links, people, limits) once,
whatever the reader. Every part carries `where` it was written: a line of a text file or a
paragraph of a Word document (`Document.unit`), which is where its problems are reported.

The title and header lines and the heading rule are shared here too, so a Word document whose
headings carry no style reads exactly as the same text would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .inline import parse_inline, unescape
from .structure import (
    AUDIENCE_ALL,
    AUDIENCE_MAILING,
    COMPILED_LABEL,
    MAILING_MARKER,
    MAX_DEPTH,
    NEXT_LABEL,
    Inline,
    LayoutError,
    LayoutWarning,
    Span,
)

LINE, PARAGRAPH = "line", "paragraph"

HEADER_RE = re.compile(rf"^({COMPILED_LABEL}|{NEXT_LABEL})\s*:\s*(.*)$", re.IGNORECASE)
DATED_RE = re.compile(r"^(\d{1,2})/(\d{1,2}):\s*(.*)$", re.DOTALL)
_MAILING = re.compile(r"\s*(?<!\\)" + re.escape(MAILING_MARKER) + r"\s*$", re.IGNORECASE)


@dataclass
class Heading:
    text: str
    where: int
    audience: str = AUDIENCE_ALL


@dataclass
class Item:
    """A bullet (with its children) or a paragraph, as written."""

    text: Inline
    where: int
    children: list[Item] = field(default_factory=list)
    level: int = 0  # how deep it was written (indentation, Word's list level); `nest` reads it
    # Written starting with "D/M:" (not escaped), so it may be a dated action.
    date_like: bool = False


@dataclass
class DocumentSection:
    heading: Heading
    bullets: list[Item] = field(default_factory=list)  # the top level; children nested
    paragraphs: list[Item] = field(default_factory=list)


@dataclass
class HeaderLine:
    label: str  # COMPILED_LABEL or NEXT_LABEL, in any case
    value: str
    where: int


@dataclass
class Document:
    unit: str  # LINE or PARAGRAPH: what `where` counts
    title: str
    title_where: int
    header: list[HeaderLine]
    sections: list[DocumentSection]
    end_where: int  # the last thing written, for a report without sections
    errors: list[LayoutError] = field(default_factory=list)
    warnings: list[LayoutWarning] = field(default_factory=list)
    # For a Word document: the start of each paragraph, so an error can quote it.
    excerpts: dict[int, str] = field(default_factory=dict)


def heading_audience(text: str) -> tuple[str, str]:
    """A heading's text without a trailing "[Endast utskick]", and the section's audience."""
    stripped = _MAILING.sub("", text)
    if stripped != text and stripped.strip():
        return stripped, AUDIENCE_MAILING
    return text, AUDIENCE_ALL


def heading(source: str, where: int) -> Heading:
    """A heading line as written (backslash escapes, the mailing marker) as a Heading."""
    text, audience = heading_audience(source)
    return Heading(unescape(text), where, audience)


# The header: title, "Sammanställd", "Nästa lägesbild"


@dataclass
class Entry:
    """One line or paragraph with something in it, for the header rules."""

    where: int
    text: str
    bullet: bool = False


@dataclass
class Header:
    title: str
    title_where: int
    lines: list[HeaderLine]
    body_start: int  # the index of the entry the body starts at (len(entries) when none)
    misplaced: int | None  # the index of a "Sammanställd" entry further down: not body
    errors: list[LayoutError]


class NoTitle(Exception):
    """The first thing written is a bullet: most likely not a report at all."""

    def __init__(self, where: int):
        self.error = LayoutError(where, _NO_TITLE())


def _NO_TITLE():
    return _("The report has no title: its first line must be the title, not a bullet or a date.")


def read_header(entries: list[Entry]) -> Header:
    """The title is the first entry; the header lines follow it directly. Raises NoTitle."""
    first = entries[0]
    errors: list[LayoutError] = []
    if first.bullet:
        raise NoTitle(first.where)
    if HEADER_RE.match(first.text):
        errors.append(LayoutError(first.where, _NO_TITLE()))
        title, start = "", 0
    else:
        title, start = unescape(first.text), 1
    lines: list[HeaderLine] = []
    index = start
    while index < len(entries) and not entries[index].bullet:
        match = HEADER_RE.match(entries[index].text)
        if not match:
            break
        lines.append(HeaderLine(match.group(1), match.group(2), entries[index].where))
        index += 1
    misplaced = None
    if not any(line.label.lower() == COMPILED_LABEL.lower() for line in lines):
        misplaced = next(
            (
                i
                for i in range(index, len(entries))
                if (m := HEADER_RE.match(entries[i].text)) and m.group(1).lower() == COMPILED_LABEL.lower()
            ),
            None,
        )
        if misplaced is not None:
            where = entries[misplaced].where
            errors.append(LayoutError(where, _("The “Sammanställd” line must come right after the title.")))
        else:
            where = entries[index].where if index < len(entries) else first.where
            errors.append(
                LayoutError(
                    where,
                    _("The line “%(example)s” is missing after the title.")
                    % {"example": "Sammanställd: 2025-05-27 klockan 08:30"},
                )
            )
    return Header(title, first.where, lines, index, misplaced, errors)


# The body: which line is a heading, which a paragraph, how bullets nest


@dataclass
class RunLine:
    """A line of a text run: the text layout's markup, or a Word paragraph's spans."""

    where: int
    source: str  # as a heading would read it (escapes, the mailing marker)
    markup: str | None = None  # the text layout: joined with the run's other lines, then read
    spans: Inline = ()  # Word: already read


@dataclass
class TextRun:
    """Lines that are not bullets, with nothing between them (in Word: one paragraph)."""

    lines: list[RunLine]


@dataclass
class BulletRun:
    items: list[Item]  # flat, in order, each with its `level`


def _paragraph(lines: list[RunLine]) -> Item:
    if all(line.markup is not None for line in lines):
        text = parse_inline(" ".join(line.markup for line in lines))
    else:
        joined: list[Span] = []
        for line in lines:
            if joined:
                joined.append(Span(" "))
            joined.extend(line.spans)
        text = tuple(joined)
    return Item(text=text, where=lines[0].where)


def nest(items: list[Item]) -> list[Item]:
    """Relative nesting: deeper than the bullet above is its child; shallower returns to that level."""
    roots: list[Item] = []
    stack: list[Item] = []
    for item in items:
        item.children = []
        while stack and item.level <= stack[-1].level:
            stack.pop()
        # One level past the limit at most: the interpretation refuses those bullets by their line,
        # and walks the tree by recursion (500 levels would end in a RecursionError).
        del stack[MAX_DEPTH:]
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    return roots


def sections(blocks: list[Heading | TextRun | BulletRun]) -> tuple[list[DocumentSection], list[LayoutError]]:
    """The heading rule (docs/import-format.md): a line is a heading when it is marked as one, the
    first after the header or after bullets, or directly above bullets; every other line of a
    text run is a paragraph."""
    found: list[DocumentSection] = []
    errors: list[LayoutError] = []
    current: DocumentSection | None = None  # the section paragraphs go to

    def start(line: RunLine) -> DocumentSection:
        section = DocumentSection(heading(line.source, line.where))
        found.append(section)
        return section

    for index, block in enumerate(blocks):
        before_bullets = index + 1 < len(blocks) and isinstance(blocks[index + 1], BulletRun)
        if isinstance(block, Heading):
            current = DocumentSection(block)
            found.append(current)
        elif isinstance(block, BulletRun):
            if current is None:
                errors.append(
                    LayoutError(
                        block.items[0].where,
                        _("This bullet has no section: write a heading line above the bullets."),
                    )
                )
                continue
            current.bullets = nest(block.items)
            current = None
        else:
            run = list(block.lines)
            if current is None:  # first block, or the first line after bullets
                current = start(run.pop(0))
            heading_line = run.pop() if before_bullets and run else None
            if run:
                current.paragraphs.append(_paragraph(run))
            if heading_line:
                current = start(heading_line)
    return found, errors
