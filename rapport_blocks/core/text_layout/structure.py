"""What a report is once read: the plain data `reader` produces, `writer` writes and importing and
exporting exchange with the pages, plus the layout's fixed words and limits and the error types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_DEPTH = 4  # Draftail in the admin is configured for four levels of bullets.
BULLET_MARKS = "-•"  # "•" as lists pasted from Word and Outlook arrive
PEOPLE_HEADINGS = {"talesperson", "talespersoner", "kontaktperson", "kontaktpersoner"}

BULLETS, ACTIONS, LINKS, PEOPLE, TEXT = "bullets", "actions", "links", "people", "text"

COMPILED_LABEL = "Sammanställd"
# At the end of a heading line: the section is for the e-mail only ("Endast utskick").
MAILING_MARKER = "[Endast utskick]"
AUDIENCE_ALL, AUDIENCE_MAILING = "all", "mailing"
NEXT_LABEL = "Nästa lägesbild"


class LayoutError(NamedTuple):
    """A problem in the file, where it was written: a line of a text file or a paragraph of a Word
    document (1-based; 0 when it concerns the whole file)."""

    line: int
    message: str


class LayoutWarning(NamedTuple):
    line: int
    message: str


def place(filename: str, where: int, unit: str = "line", excerpts: dict | None = None) -> str:
    """Where a problem is, as a writer finds it: "FILE:LINE" as compilers write it for a text file;
    for a Word document, which has no lines, the paragraph's number and its first words."""
    if not where:
        return filename
    if unit == "line":
        return f"{filename}:{where}"
    excerpt = (excerpts or {}).get(where)
    text = _("%(file)s, paragraph %(number)d") % {"file": filename, "number": where}
    return f"{text} (”{excerpt}”)" if excerpt else text


class InvalidLayout(Exception):
    """The file is not a report in this layout; `errors` says every place why. `unit` says what
    the numbers count ("line" or "paragraph"); `excerpts` quote Word paragraphs by number."""

    def __init__(self, errors: list[LayoutError], unit: str = "line", excerpts: dict | None = None):
        self.errors = sorted(errors, key=lambda error: error.line)
        self.unit = unit
        self.excerpts = excerpts or {}
        super().__init__("; ".join(f"{line}: {message}" for line, message in self.errors))


@dataclass(frozen=True)
class Span:
    """A run of text with one look: bold, italic, and/or the target of the link it is part of."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None

    def same_look(self, other: Span) -> bool:
        return (self.bold, self.italic, self.url) == (other.bold, other.italic, other.url)


Inline = tuple[Span, ...]


@dataclass
class Bullet:
    text: Inline
    children: list[Bullet] = field(default_factory=list)
    line: int = field(default=0, compare=False)


@dataclass
class Action:
    date: date
    title: str
    url: str | None = None
    line: int = field(default=0, compare=False)


@dataclass
class Link:
    title: str
    url: str
    line: int = field(default=0, compare=False)


@dataclass
class Person:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    line: int = field(default=0, compare=False)


@dataclass
class Paragraph:
    text: Inline
    line: int = field(default=0, compare=False)


@dataclass
class Section:
    kind: str
    heading: str
    items: list = field(default_factory=list)
    audience: str = AUDIENCE_ALL
    line: int = field(default=0, compare=False)


@dataclass
class ParsedReport:
    title: str
    compiled_at: datetime
    sections: list[Section]
    next_expected_at: datetime | None = None
    title_line: int = field(default=0, compare=False)
    compiled_line: int = field(default=0, compare=False)
    next_expected_line: int = field(default=0, compare=False)
    warnings: list[LayoutWarning] = field(default_factory=list, compare=False)
    unit: str = field(default="line", compare=False)  # what the `line` numbers count (see LayoutError)
    excerpts: dict[int, str] = field(default_factory=dict, compare=False, repr=False)
