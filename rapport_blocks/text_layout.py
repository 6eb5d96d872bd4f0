"""Read and write the report text layout: the plain-text form staff have always written reports in.

Pure: text in, a `ParsedReport` out (and back), no database and no models, so every rule here is
tested without Wagtail. `importing` turns a ParsedReport into a page, `exporting` a page into one.
The layout and its rules are described for users in docs/import-format.md; in short:

    Title line
    Sammanställd: 2025-05-27 klockan 08:30
    Nästa lägesbild: 2025-06-03 klockan 08:30      (optional)

    Heading
    - bullet, with **bold**, *italic* and [links](https://example.se/)
     - a child bullet (one more leading space)

    Heading of dated actions
    - 27/5: [Title](https://example.se/)

    Heading of a text section
    A paragraph; consecutive lines join into one.

The file is text, never HTML: "<", ">" and "&" are characters like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from .links import is_placeholder, url_problem

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_DEPTH = 4  # Draftail in the admin is configured for four levels of bullets.
BULLET_MARKS = "-•"  # "•" as lists pasted from Word and Outlook arrive
PEOPLE_HEADINGS = {"talesperson", "talespersoner", "kontaktperson", "kontaktpersoner"}

BULLETS, ACTIONS, LINKS, PEOPLE, TEXT = "bullets", "actions", "links", "people", "text"

COMPILED_LABEL = "Sammanställd"
NEXT_LABEL = "Nästa lägesbild"
_MOMENT = r"(\d{4})-(\d{1,2})-(\d{1,2})\s+(?:klockan|kl\.?)\s+(\d{1,2})[:.](\d{2})"
_HEADER_RE = re.compile(rf"^({COMPILED_LABEL}|{NEXT_LABEL})\s*:\s*(.*)$", re.IGNORECASE)
_MOMENT_RE = re.compile(rf"^{_MOMENT}$", re.IGNORECASE)
_DATED_RE = re.compile(r"^(\d{1,2})/(\d{1,2}):\s*(.*)$")
_EMAIL_RE = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")
_PHONE_RE = re.compile(r"^\+?[\d\s()-]{5,}$")
_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


# The structure


class LayoutError(NamedTuple):
    """A problem in the file, on a line (1-based; 0 when it concerns the whole file)."""

    line: int
    message: str


class LayoutWarning(NamedTuple):
    line: int
    message: str


class InvalidLayout(Exception):
    """The file is not a report in this layout; `errors` says every place why."""

    def __init__(self, errors: list[LayoutError]):
        self.errors = sorted(errors, key=lambda error: error.line)
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


# Inline text: **bold**, *italic*, [text](url) and backslash escapes


def plain_text(spans: Inline) -> str:
    return "".join(span.text for span in spans)


def normalize(spans) -> Inline:
    """Merge neighbours with the same look, drop empty runs, trim the ends."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].same_look(span):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic, span.url)
        else:
            merged.append(span)
    if merged:
        first = merged[0]
        merged[0] = Span(first.text.lstrip(), first.bold, first.italic, first.url)
        last = merged[-1]
        merged[-1] = Span(last.text.rstrip(), last.bold, last.italic, last.url)
    return tuple(span for span in merged if span.text)


def _bracket_pairs(text: str) -> dict[int, int]:
    """Each unescaped "[" that is closed, mapped to its "]" (one pass, however many brackets)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "[":
            stack.append(i)
        elif text[i] == "]" and stack:
            pairs[stack.pop()] = i
        i += 1
    return pairs


def _paren_pairs(text: str) -> dict[int, int]:
    """Each "(" mapped to its ")", so a URL may hold balanced parentheses."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, char in enumerate(text):
        if char == "(":
            stack.append(i)
        elif char == ")" and stack:
            pairs[stack.pop()] = i
    return pairs


def _tokens(text: str) -> list:
    """Split into ("text", str), ("stars", n) and ("link", label, url) tokens."""
    tokens: list = []
    buffer: list[str] = []
    brackets, parens = _bracket_pairs(text), _paren_pairs(text)

    def flush():
        if buffer:
            tokens.append(("text", "".join(buffer)))
            buffer.clear()

    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCTUATION:
            buffer.append(text[i + 1])
            i += 2
        elif char == "*":
            run = len(text[i:]) - len(text[i:].lstrip("*"))
            flush()
            tokens.append(("stars", run))
            i += run
        elif char == "[":
            close = brackets.get(i, -1)
            if close > 0 and text[close + 1 : close + 2] == "(":
                end = parens.get(close + 1, -1)
                if end > 0:
                    flush()
                    tokens.append(("link", text[i + 1 : close], text[close + 2 : end].strip()))
                    i = end + 1
                    continue
            buffer.append(char)
            i += 1
        else:
            buffer.append(char)
            i += 1
    flush()
    return tokens


def _toggles(run: int) -> list[str]:
    return {1: ["italic"], 2: ["bold"], 3: ["bold", "italic"]}.get(run, [])


def parse_inline(text: str) -> Inline:
    """Inline markup to spans. Markers toggle; a marker that is never closed is a literal "*"."""
    return normalize(_spans(text, bold=False, italic=False, url=None))


def _spans(text: str, bold: bool, italic: bool, url: str | None) -> list[Span]:
    tokens = _tokens(text)
    # Which marker toggles count: simulate, and turn every opener left open into a literal.
    literal: set[tuple[int, str]] = set()
    while True:
        open_at: dict[str, tuple[int, str] | None] = {"bold": None, "italic": None}
        for index, token in enumerate(tokens):
            if token[0] != "stars":
                continue
            for mark in _toggles(token[1]):
                if (index, mark) in literal:
                    continue
                open_at[mark] = None if open_at[mark] else (index, mark)
        dangling = {opener for opener in open_at.values() if opener}
        if not dangling:
            break
        literal |= dangling

    spans: list[Span] = []
    state = {"bold": bold, "italic": italic}
    for index, token in enumerate(tokens):
        if token[0] == "text":
            spans.append(Span(token[1], state["bold"], state["italic"], url))
        elif token[0] == "link":
            spans.extend(_spans(token[1], state["bold"], state["italic"], token[2]))
        else:
            marks = _toggles(token[1])
            if not marks:
                spans.append(Span("*" * token[1], state["bold"], state["italic"], url))
            for mark in marks:
                if (index, mark) in literal:
                    spans.append(Span("*" if mark == "italic" else "**", state["bold"], state["italic"], url))
                else:
                    state[mark] = not state[mark]
    return spans


def unescape(text: str) -> str:
    """Plain fields (titles, headings, names): backslash escapes only, no markup."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def escape_plain(text: str) -> str:
    return re.sub(r"\\(?=[!-/:-@\[-`{-~]|$)", r"\\\\", text)


def escape_inline(text: str) -> str:
    return re.sub(r"([*\[\]])", r"\\\1", escape_plain(text))


def _safe_url(url: str) -> str:
    """Parentheses only where they balance, so the URL's end stays unambiguous."""
    depth = 0
    for char in url:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        url = url.replace("(", "%28").replace(")", "%29")
    return url.replace(" ", "%20")


def write_inline(spans: Inline) -> str:
    """Spans to inline markup that `parse_inline` reads back as the same spans."""
    out: list[str] = []

    def marks(state: dict, span: Span) -> str:
        # Bold first when opening; both at once read back as a toggle of both ("***").
        changed = "**" if state["bold"] != span.bold else ""
        changed += "*" if state["italic"] != span.italic else ""
        state["bold"], state["italic"] = span.bold, span.italic
        return changed

    state = {"bold": False, "italic": False}
    i = 0
    while i < len(spans):
        span = spans[i]
        if span.url is None:
            out.append(marks(state, span) + escape_inline(span.text))
            i += 1
            continue
        group = [span]
        while i + len(group) < len(spans) and spans[i + len(group)].url == span.url:
            group.append(spans[i + len(group)])
        inner = dict(state)
        label = "".join(marks(inner, part) + escape_inline(part.text) for part in group)
        label += marks(inner, Span("", state["bold"], state["italic"]))
        out.append(f"[{label}]({_safe_url(span.url)})")
        i += len(group)
    out.append(marks(state, Span("")))
    return "".join(out)


# Reading


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


class _Reader:
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
            section = Section(kind=TEXT, heading=unescape(line.text), line=line.number)
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


# Writing


def _moment_text(moment: datetime) -> str:
    local = moment.astimezone(STOCKHOLM) if moment.tzinfo else moment
    return local.strftime("%Y-%m-%d klockan %H:%M")


def _line_start_safe(text: str) -> str:
    """Escape what would make a text line read as a bullet or an explicit heading."""
    if text == "-" or text.startswith(("- ", "# ")):
        return "\\" + text
    return text


def _bullet_text(bullet: Bullet) -> str:
    text = write_inline(bullet.text)
    # A plain bullet that starts like a date would read back as a dated action.
    return re.sub(r"^(\d{1,2})/", r"\1\\/", text)


def _bullet_lines(bullets: list[Bullet], depth: int = 0) -> list[str]:
    lines: list[str] = []
    for bullet in bullets:
        lines.append(" " * depth + "- " + _bullet_text(bullet))
        lines.extend(_bullet_lines(bullet.children, depth + 1))
    return lines


def _link(title: str, url: str | None) -> str:
    return f"[{escape_inline(title)}]({_safe_url(url)})" if url else escape_inline(title)


def _section_lines(section: Section) -> list[str]:
    if section.kind == BULLETS:
        return _bullet_lines(section.items)
    if section.kind == ACTIONS:
        return [f"- {a.date.day}/{a.date.month}: {_link(a.title, a.url)}" for a in section.items]
    if section.kind == LINKS:
        return [f"- {_link(link.title, link.url)}" for link in section.items]
    if section.kind == PEOPLE:
        lines = []
        for person in section.items:
            parts = [person.name, person.role, person.email, person.phone]
            lines.append("- " + escape_inline(", ".join(part for part in parts if part)))
        return lines
    paragraphs = []
    for number, paragraph in enumerate(section.items):
        if number:
            paragraphs.append("")
        paragraphs.append(_line_start_safe(write_inline(paragraph.text)))
    return paragraphs


def write(report: ParsedReport) -> str:
    """The report in the text layout, as `parse` reads it back."""
    out = [_line_start_safe(escape_plain(report.title)), ""]
    out.append(f"{COMPILED_LABEL}: {_moment_text(report.compiled_at)}")
    if report.next_expected_at:
        out.append(f"{NEXT_LABEL}: {_moment_text(report.next_expected_at)}")
    previous: Section | None = None
    for section in report.sections:
        heading = _line_start_safe(escape_plain(section.heading))
        if previous is not None and previous.kind == TEXT and section.kind == TEXT:
            # After a text section, a line that no bullets follow would read as a paragraph.
            heading = "# " + escape_plain(section.heading)
        out.extend(["", heading, ""])
        out.extend(_section_lines(section))
        previous = section
    return "\n".join(out) + "\n"
