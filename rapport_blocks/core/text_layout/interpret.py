"""The report's rules, applied once to what any reader read: a `Document` becomes a `ParsedReport`.

Dates of the header and of dated actions, what kind each section is, links, people, nesting and
emptiness: every problem is collected with where it was written (a line, or a Word paragraph), so
a writer can fix the whole document in one go.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils.translation import gettext as _

from ..links import is_placeholder, url_problem
from .document import DATED_RE, Document, DocumentSection, Item
from .inline import parse_inline, plain_text, without_first
from .structure import (
    ACTIONS,
    BULLETS,
    COMPILED_LABEL,
    LINKS,
    MAX_DEPTH,
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

_MOMENT_RE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})\s+(?:klockan|kl\.?)\s+(\d{1,2})[:.](\d{2})$", re.IGNORECASE
)
_EMAIL_RE = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")
_PHONE_RE = re.compile(r"^\+?[\d\s()-]{5,}$")


def moment(value: str) -> datetime | None:
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


class LinkChecks:
    """The link rules of every reader: an address editors can't enter is an error, a placeholder a
    warning. For a reader with `error(where, message)` and a `warnings` list (this one, the FAQ's)."""

    def inline(self, text: str, line: int) -> Inline:
        spans = parse_inline(text)
        self.check_spans(spans, line)
        return spans

    def check_spans(self, spans: Inline, where: int) -> None:
        for url in dict.fromkeys(span.url for span in spans if span.url is not None):
            label = plain_text(tuple(span for span in spans if span.url == url))
            self.check_url(url, where, label)

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


class _Rules(LinkChecks):
    def __init__(self, document: Document):
        self.document = document
        self.errors: list[LayoutError] = []
        self.warnings: list[LayoutWarning] = list(document.warnings)
        self.compiled: date | None = None
        for error in document.errors:
            self.error(*error)

    def error(self, where: int, message) -> None:
        error = LayoutError(where, str(message))
        if error not in self.errors:
            self.errors.append(error)

    def read(self) -> ParsedReport:
        document = self.document
        compiled_at = next_expected_at = None
        compiled_line = next_line = 0
        for line in document.header:
            when = moment(line.value)
            if line.label.lower() == COMPILED_LABEL.lower():
                compiled_line, compiled_at = line.where, when
                if when is None:
                    self.error(
                        line.where,
                        _("Write the compiled date as “%(example)s” (a real date and time).")
                        % {"example": "Sammanställd: 2025-05-27 klockan 08:30"},
                    )
            else:
                next_line, next_expected_at = line.where, when
                if when is None:
                    self.error(
                        line.where,
                        _("Write the next report's date as “%(example)s” (a real date and time).")
                        % {"example": "Nästa lägesbild: 2025-06-03 klockan 08:30"},
                    )
        self.compiled = compiled_at.date() if compiled_at else None
        sections = [self.section(section) for section in document.sections]
        if not sections and not self.errors:
            self.error(document.end_where, _("The report has no sections: add a heading and its bullets."))
        if self.errors:
            raise InvalidLayout(self.errors, unit=document.unit, excerpts=document.excerpts)
        return ParsedReport(
            title=document.title,
            compiled_at=compiled_at,
            next_expected_at=next_expected_at,
            sections=sections,
            title_line=document.title_where,
            compiled_line=compiled_line,
            next_expected_line=next_line,
            warnings=sorted(self.warnings),
            unit=document.unit,
            excerpts=document.excerpts,
        )

    # Sections

    def section(self, written: DocumentSection) -> Section:
        heading = written.heading
        section = Section(kind=TEXT, heading=heading.text, audience=heading.audience, line=heading.where)
        if written.bullets:
            self.fill(section, written.bullets)
        else:
            for item in written.paragraphs:
                self.check_spans(item.text, item.where)
                section.items.append(Paragraph(item.text, item.where))
        if not section.items:
            self.error(
                section.line,
                _(
                    "The section “%(heading)s” is empty: write bullets or a paragraph under it "
                    "(a line directly above bullets is read as their heading)."
                )
                % {"heading": section.heading},
            )
        return section

    def fill(self, section: Section, roots: list[Item]) -> None:
        flat = all(not item.children for item in roots)
        dated = [self.dated(item) for item in roots]
        if flat and all(dated):
            section.kind = ACTIONS
            section.items = dated
            for action in dated:
                if action.url is not None:
                    self.check_url(action.url, action.line, action.title)
            return
        if flat and all(_is_link(item.text) for item in roots):
            section.kind = LINKS
            section.items = [Link(item.text[0].text, item.text[0].url, item.where) for item in roots]
            for link in section.items:
                self.check_url(link.url, link.line, link.title)
            return
        if (
            flat
            and section.heading.strip().lower() in PEOPLE_HEADINGS
            and all(_is_plain(item.text) for item in roots)
        ):
            section.kind = PEOPLE
            section.items = [self.person(plain_text(item.text), item.where) for item in roots]
            return
        section.kind = BULLETS
        section.items = [self.bullet(item, depth=1) for item in roots]

    def bullet(self, item: Item, depth: int) -> Bullet:
        if depth > MAX_DEPTH:
            self.error(
                item.where, _("Bullets can be nested at most %(levels)d levels deep.") % {"levels": MAX_DEPTH}
            )
        if not item.text:
            self.error(item.where, _("This bullet is empty."))
        self.dated(item)  # a date that is not a date is an error wherever it stands
        self.check_spans(item.text, item.where)
        return Bullet(
            text=item.text,
            children=[self.bullet(child, depth + 1) for child in item.children],
            line=item.where,
        )

    def dated(self, item: Item) -> Action | None:
        """The bullet as a dated action ("D/M: [Title](URL)" or "D/M: Title"), or None."""
        match = DATED_RE.match(plain_text(item.text)) if item.date_like else None
        if not match:
            return None
        day, month = int(match.group(1)), int(match.group(2))
        year = year_for(day, month, self.compiled) if self.compiled else 2000
        try:
            when = date(year, month, day)
        except ValueError:
            self.error(
                item.where,
                _("%(day)d/%(month)d is not a date. Write dates as day/month, for example 27/5.")
                % {"day": day, "month": month},
            )
            return None
        spans = without_first(item.text, len(plain_text(item.text)) - len(match.group(3)))
        if not spans:
            return None
        if _is_link(spans):
            title, url = spans[0].text, spans[0].url
        elif _is_plain(spans):
            title, url = plain_text(spans), None
        else:
            return None
        return Action(date=when, title=title, url=url, line=item.where)

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


def interpret(document: Document) -> ParsedReport:
    """The report `document` holds; raises InvalidLayout listing every problem where it was written."""
    return _Rules(document).read()
