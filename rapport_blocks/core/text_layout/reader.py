"""Reading: bytes or text to a `ParsedReport`, collecting every error with its line instead of stopping
at the first, so a writer can fix the whole file in one go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from ..links import is_placeholder, url_problem
from .inline import parse_inline, plain_text, unescape
from .structure import (
    ACTIONS,
    AUDIENCE_ALL,
    AUDIENCE_MAILING,
    BULLET_MARKS,
    BULLETS,
    COMPILED_LABEL,
    LINKS,
    MAILING_MARKER,
    MAX_DEPTH,
    NEXT_LABEL,
    PEOPLE,
    PEOPLE_HEADINGS,
    STOCKHOLM,
    TEXT,
    Action,
    Bullet,
    Inline,
    InvalidLayout,
    LayoutError,
    LayoutWarning,
    Link,
    Paragraph,
    ParsedReport,
    Person,
    Section,
)

_MOMENT = r"(\d{4})-(\d{1,2})-(\d{1,2})\s+(?:klockan|kl\.?)\s+(\d{1,2})[:.](\d{2})"
_HEADER_RE = re.compile(rf"^({COMPILED_LABEL}|{NEXT_LABEL})\s*:\s*(.*)$", re.IGNORECASE)
_MOMENT_RE = re.compile(rf"^{_MOMENT}$", re.IGNORECASE)
_DATED_RE = re.compile(r"^(\d{1,2})/(\d{1,2}):\s*(.*)$")
_EMAIL_RE = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")
_PHONE_RE = re.compile(r"^\+?[\d\s()-]{5,}$")


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


def _moment(value: str) -> datetime | None:
    match = _MOMENT_RE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)
    except ValueError:
        return None


def year_for(day: int, month: int, compiled: date) -> int:
    """Dated actions name no year: the compiled year, or the year before for a later day and month."""
    return compiled.year - 1 if (month, day) > (compiled.month, compiled.day) else compiled.year


@dataclass
class _Line:
    number: int
    text: str  # stripped
    indent: int = 0
    kind: str = "text"  # "blank", "bullet", "heading" (explicit "# "), "text"


@dataclass
class _RawBullet:
    line: int
    indent: int
    content: str
    children: list[_RawBullet] = field(default_factory=list)


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


class LinkChecks:
    """The link rules of every text layout: an address editors can't enter is an error, a placeholder
    a warning. For a reader with `error(line, message)` and a `warnings` list (this one, the FAQ's)."""

    def inline(self, text: str, line: int) -> Inline:
        spans = parse_inline(text)
        for url in dict.fromkeys(span.url for span in spans if span.url is not None):
            label = plain_text(tuple(span for span in spans if span.url == url))
            self.check_url(url, line, label)
        return spans

    def check_url(self, url: str, line: int, label: str) -> None:
        problem = url_problem(url)
        if problem:
            self.error(
                line,
                _("The link “%(label)s” (%(url)s): %(problem)s")
                % {"label": label, "url": url, "problem": problem},
            )
        elif is_placeholder(url):
            self.warnings.append(
                LayoutWarning(
                    line, _("“%(label)s” has no real target yet (%(url)s).") % {"label": label, "url": url}
                )
            )


class _Reader(LinkChecks):
    def __init__(self, text: str):
        if text.startswith("\ufeff"):
            text = text[1:]
        raw_lines = re.split(r"\r\n|\r|\n", text)
        self.lines = [_classify(n, raw) for n, raw in enumerate(raw_lines, start=1)]
        self.errors: list[LayoutError] = []
        self.warnings: list[LayoutWarning] = []
        self.compiled: date | None = None

    def error(self, line: int, message) -> None:
        error = LayoutError(line, str(message))
        if error not in self.errors:
            self.errors.append(error)

    # Header

    def read(self) -> ParsedReport:
        if "\x00" in "".join(line.text for line in self.lines):
            raise InvalidLayout([LayoutError(1, _("This is a binary file, not a text file."))])
        content = [line for line in self.lines if line.kind != "blank"]
        if not content:
            raise InvalidLayout([LayoutError(1, _("The file is empty."))])
        title_line = content[0]
        title = ""
        if title_line.kind == "bullet" or _HEADER_RE.match(title_line.text):
            no_title = LayoutError(
                title_line.number,
                _("The report has no title: its first line must be the title, not a bullet or a date."),
            )
            if title_line.kind == "bullet":
                raise InvalidLayout([no_title])  # most likely not a report in this layout at all
            self.errors.append(no_title)
            rest = content
        else:
            title = unescape(title_line.text)
            rest = content[1:]

        compiled_at = next_expected_at = None
        compiled_line = next_line = 0
        while rest and (match := _HEADER_RE.match(rest[0].text)) and rest[0].kind == "text":
            line, rest = rest[0], rest[1:]
            label, value = match.groups()
            moment = _moment(value)
            if label.lower() == COMPILED_LABEL.lower():
                compiled_line = line.number
                if moment is None:
                    self.error(
                        line.number,
                        _("Write the compiled date as “%(example)s” (a real date and time).")
                        % {"example": "Sammanställd: 2025-05-27 klockan 08:30"},
                    )
                compiled_at = moment
            else:
                next_line = line.number
                if moment is None:
                    self.error(
                        line.number,
                        _("Write the next report's date as “%(example)s” (a real date and time).")
                        % {"example": "Nästa lägesbild: 2025-06-03 klockan 08:30"},
                    )
                next_expected_at = moment
        if not compiled_line:
            misplaced = next(
                (
                    line
                    for line in rest
                    if (m := _HEADER_RE.match(line.text)) and m.group(1).lower() == COMPILED_LABEL.lower()
                ),
                None,
            )
            if misplaced:
                self.error(misplaced.number, _("The “Sammanställd” line must come right after the title."))
                misplaced.kind = "blank"
            else:
                where = rest[0].number if rest else title_line.number
                self.error(
                    where,
                    _("The line “%(example)s” is missing after the title.")
                    % {"example": "Sammanställd: 2025-05-27 klockan 08:30"},
                )
        self.compiled = compiled_at.date() if compiled_at else None

        first_body = rest[0].number if rest else None
        body = [line for line in self.lines if first_body is not None and line.number >= first_body]
        sections = self.sections(body)
        if not sections and not self.errors:
            self.error(content[-1].number, _("The report has no sections: add a heading and its bullets."))
        if self.errors:
            raise InvalidLayout(self.errors)
        return ParsedReport(
            title=title,
            compiled_at=compiled_at,
            next_expected_at=next_expected_at,
            sections=sections,
            title_line=title_line.number,
            compiled_line=compiled_line,
            next_expected_line=next_line,
            warnings=sorted(self.warnings),
        )

    # Blocks: runs of bullets, runs of text lines, explicit headings

    def blocks(self, lines: list[_Line]) -> list[tuple[str, list]]:
        blocks: list[tuple[str, list]] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.kind == "blank":
                i += 1
            elif line.kind == "heading":
                blocks.append(("heading", [line]))
                i += 1
            elif line.kind == "bullet":
                bullets: list[_RawBullet] = []
                while i < len(lines):
                    line = lines[i]
                    if line.kind == "bullet":
                        bullets.append(_RawBullet(line.number, line.indent, line.text))
                    elif line.kind == "text" and line.indent > 0 and lines[i - 1].kind == "bullet":
                        # An indented line right under a bullet continues it (a wrapped line).
                        bullets[-1].content += " " + line.text
                    elif line.kind == "blank" and self._bullet_follows(lines, i):
                        pass
                    else:
                        break
                    i += 1
                blocks.append(("bullets", bullets))
            else:
                run = []
                while i < len(lines) and lines[i].kind == "text":
                    run.append(lines[i])
                    i += 1
                blocks.append(("text", run))
        return blocks

    @staticmethod
    def _bullet_follows(lines: list[_Line], i: int) -> bool:
        for line in lines[i:]:
            if line.kind != "blank":
                return line.kind == "bullet"
        return False

    # Sections

    def sections(self, lines: list[_Line]) -> list[Section]:
        blocks = self.blocks(lines)
        sections: list[Section] = []
        current: Section | None = None  # the section that paragraphs go to

        def start(line: _Line) -> Section:
            text, audience = _heading_audience(line.text)
            section = Section(kind=TEXT, heading=unescape(text), line=line.number, audience=audience)
            sections.append(section)
            return section

        def paragraph(run: list[_Line]) -> None:
            text = " ".join(line.text for line in run)
            current.items.append(Paragraph(self.inline(text, run[0].number), run[0].number))

        for index, (kind, content) in enumerate(blocks):
            before_bullets = index + 1 < len(blocks) and blocks[index + 1][0] == "bullets"
            if kind == "heading":
                current = start(content[0])
            elif kind == "bullets":
                if current is None:
                    self.error(
                        content[0].line,
                        _("This bullet has no section: write a heading line above the bullets."),
                    )
                    continue
                self.fill(current, content)
                current = None
            else:
                run = list(content)
                if current is None:  # first block, or the line after a bullet block
                    current = start(run.pop(0))
                heading_line = run.pop() if before_bullets and run else None
                if run:
                    paragraph(run)
                if heading_line:
                    current = start(heading_line)
        for section in sections:
            if not section.items:
                self.error(
                    section.line,
                    _(
                        "The section “%(heading)s” is empty: write bullets or a paragraph under it "
                        "(a line directly above bullets is read as their heading)."
                    )
                    % {"heading": section.heading},
                )
        return sections

    def fill(self, section: Section, raw: list[_RawBullet]) -> None:
        roots = self.tree(raw)
        flat = all(not bullet.children for bullet in roots)
        parsed = [(bullet, parse_inline(bullet.content)) for bullet in raw]
        dated = [self.dated(bullet) for bullet in raw]
        if flat and all(dated):
            section.kind = ACTIONS
            section.items = list(dated)
            for item in section.items:
                if item.url is not None:
                    self.check_url(item.url, item.line, item.title)
            return
        if flat and all(_is_link(spans) for _, spans in parsed):
            section.kind = LINKS
            section.items = [Link(spans[0].text, spans[0].url, bullet.line) for bullet, spans in parsed]
            for item in section.items:
                self.check_url(item.url, item.line, item.title)
            return
        if (
            flat
            and section.heading.strip().lower() in PEOPLE_HEADINGS
            and all(_is_plain(spans) for _, spans in parsed)
        ):
            section.kind = PEOPLE
            section.items = [self.person(plain_text(spans), bullet.line) for bullet, spans in parsed]
            return
        section.kind = BULLETS
        section.items = [self.bullet(node, depth=1) for node in roots]

    def tree(self, raw: list[_RawBullet]) -> list[_RawBullet]:
        """Relative nesting: deeper than the bullet above is its child; a dedent returns to that level."""
        roots: list[_RawBullet] = []
        stack: list[_RawBullet] = []
        for bullet in raw:
            while stack and bullet.indent <= stack[-1].indent:
                stack.pop()
            (stack[-1].children if stack else roots).append(bullet)
            stack.append(bullet)
        return roots

    def bullet(self, node: _RawBullet, depth: int) -> Bullet:
        if depth > MAX_DEPTH:
            self.error(
                node.line, _("Bullets can be nested at most %(levels)d levels deep.") % {"levels": MAX_DEPTH}
            )
        if not node.content:
            self.error(node.line, _("This bullet is empty."))
        if _DATED_RE.match(node.content):
            self.dated(node)  # a date that is not a date is an error wherever it stands
        return Bullet(
            text=self.inline(node.content, node.line),
            children=[self.bullet(child, depth + 1) for child in node.children],
            line=node.line,
        )

    def dated(self, node: _RawBullet) -> Action | None:
        """The bullet as a dated action ("D/M: [Title](URL)" or "D/M: Title"), or None."""
        match = _DATED_RE.match(node.content)
        if not match:
            return None
        day, month = int(match.group(1)), int(match.group(2))
        year = year_for(day, month, self.compiled) if self.compiled else 2000
        try:
            when = date(year, month, day)
        except ValueError:
            self.error(
                node.line,
                _("%(day)d/%(month)d is not a date. Write dates as day/month, for example 27/5.")
                % {"day": day, "month": month},
            )
            when = None
        spans = parse_inline(match.group(3))
        if not spans:
            return None
        if _is_link(spans):
            title, url = spans[0].text, spans[0].url
        elif _is_plain(spans):
            title, url = plain_text(spans), None
        else:
            return None
        return Action(date=when, title=title, url=url, line=node.line) if when else None

    def person(self, text: str, line: int) -> Person:
        parts = [part.strip() for part in text.split(",")]
        email = phone = ""
        while len(parts) > 1:
            if not email and _EMAIL_RE.match(parts[-1]):
                email = parts.pop()
            elif not phone and _PHONE_RE.match(parts[-1]):
                phone = parts.pop()
            else:
                break
        name, role = parts[0], ", ".join(parts[1:])
        if not name:
            self.error(line, _("Write the person's name first: “Name, role”."))
        return Person(name=name, role=role, email=email, phone=phone, line=line)


def _is_link(spans: Inline) -> bool:
    return len(spans) == 1 and spans[0].url is not None and not (spans[0].bold or spans[0].italic)


def _is_plain(spans: Inline) -> bool:
    return all(span.url is None and not (span.bold or span.italic) for span in spans)


def parse(text: str | bytes) -> ParsedReport:
    """The report in `text`; raises InvalidLayout listing every problem with its line."""
    if isinstance(text, bytes):
        text = decode(text)
    return _Reader(text).read()


_MAILING = re.compile(r"\s*(?<!\\)" + re.escape(MAILING_MARKER) + r"\s*$", re.IGNORECASE)


def _heading_audience(text: str) -> tuple[str, str]:
    """A heading line's text without a trailing "[Endast utskick]", and the section's audience."""
    stripped = _MAILING.sub("", text)
    if stripped != text and stripped.strip():
        return stripped, AUDIENCE_MAILING
    return text, AUDIENCE_ALL
