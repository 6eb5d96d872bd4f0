"""Reading the text layout: bytes or text to the `Document` both readers yield, then the report's
rules (`interpret`), which collect every error with its line instead of stopping at the first.

What is the text layout's own: decoding, bullets marked "- " and nested by indentation, wrapped
bullet lines, the explicit "# " heading, consecutive lines joining into one paragraph, and
backslash escapes (an escaped "24\\/7:" is never a date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .document import (
    DATED_RE,
    LINE,
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
from .inline import parse_inline
from .interpret import LinkChecks, interpret
from .structure import BULLET_MARKS, InvalidLayout, LayoutError, ParsedReport

__all__ = ["LinkChecks", "decode", "parse", "read"]


def decode(data: bytes) -> str:
    """The file's text; empty, binary and non-UTF-8 files are refused with the line concerned."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InvalidLayout([LayoutError(line, _("This is a binary file, not a text file."))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = _(
            "The file is not UTF-8 text (byte 0x%(byte)02X on this line). Save it as UTF-8 and try again."
        ) % {"byte": data[error.start]}
        raise InvalidLayout([LayoutError(line, message)]) from None
    return text


@dataclass
class _Line:
    number: int
    text: str  # stripped
    indent: int = 0
    kind: str = "text"  # "blank", "bullet", "heading" (explicit "# "), "text"


def _classify(number: int, raw: str) -> _Line:
    expanded = raw.expandtabs(4)
    stripped = expanded.strip()
    indent = len(expanded) - len(expanded.lstrip())
    if not stripped:
        return _Line(number, "", kind="blank")
    if stripped[0] in BULLET_MARKS and (len(stripped) == 1 or stripped[1].isspace()):
        return _Line(number, stripped[1:].strip(), indent, "bullet")
    if stripped.startswith("# "):
        return _Line(number, stripped[2:].strip(), indent, "heading")
    return _Line(number, stripped, indent, "text")


def _bullet_follows(lines: list[_Line], i: int) -> bool:
    for line in lines[i:]:
        if line.kind != "blank":
            return line.kind == "bullet"
    return False


def _bullet(number: int, indent: int, content: str) -> Item:
    return Item(parse_inline(content), number, level=indent, date_like=bool(DATED_RE.match(content)))


def _blocks(lines: list[_Line]) -> list[Heading | TextRun | BulletRun]:
    """Runs of bullets, runs of text lines, explicit headings."""
    blocks: list[Heading | TextRun | BulletRun] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind == "blank":
            i += 1
        elif line.kind == "heading":
            blocks.append(heading(line.text, line.number))
            i += 1
        elif line.kind == "bullet":
            raw: list[list] = []  # [number, indent, content]
            while i < len(lines):
                line = lines[i]
                if line.kind == "bullet":
                    raw.append([line.number, line.indent, line.text])
                elif line.kind == "text" and line.indent > 0 and lines[i - 1].kind == "bullet":
                    raw[-1][2] += " " + line.text  # an indented line right under a bullet continues it
                elif not (line.kind == "blank" and _bullet_follows(lines, i)):
                    break
                i += 1
            blocks.append(BulletRun([_bullet(*bullet) for bullet in raw]))
        else:
            run = []
            while i < len(lines) and lines[i].kind == "text":
                run.append(RunLine(lines[i].number, lines[i].text, markup=lines[i].text))
                i += 1
            blocks.append(TextRun(run))
    return blocks


def read(text: str) -> Document:
    """The text as the document structure: title, header lines, sections (`interpret` checks it)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = [_classify(n, raw) for n, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1)]
    if "\x00" in "".join(line.text for line in lines):
        raise InvalidLayout([LayoutError(1, _("This is a binary file, not a text file."))])
    content = [line for line in lines if line.kind != "blank"]
    if not content:
        raise InvalidLayout([LayoutError(1, _("The file is empty."))])
    entries = [
        Entry(line.number, line.text if line.kind != "heading" else "# " + line.text, line.kind == "bullet")
        for line in content
    ]
    try:
        header = read_header(entries)
    except NoTitle as no_title:
        raise InvalidLayout([no_title.error]) from None
    if header.misplaced is not None:
        content[header.misplaced].kind = "blank"
    body_start = content[header.body_start].number if header.body_start < len(content) else None
    body = [line for line in lines if body_start is not None and line.number >= body_start]
    found, errors = sections(_blocks(body))
    return Document(
        unit=LINE,
        title=header.title,
        title_where=header.title_where,
        header=header.lines,
        sections=found,
        end_where=content[-1].number,
        errors=header.errors + errors,
    )


def parse(text: str | bytes) -> ParsedReport:
    """The report in `text`; raises InvalidLayout listing every problem with its line."""
    if isinstance(text, bytes):
        text = decode(text)
    return interpret(read(text))
