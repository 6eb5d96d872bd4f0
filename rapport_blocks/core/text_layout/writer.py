"""Writing: a `ParsedReport` to the text layout, escaped so that `reader` reads back the same report."""

from __future__ import annotations

import re
from datetime import datetime

from .inline import _safe_url, escape_inline, escape_plain, write_inline
from .structure import (
    ACTIONS,
    AUDIENCE_MAILING,
    BULLET_MARKS,
    BULLETS,
    COMPILED_LABEL,
    LINKS,
    MAILING_MARKER,
    NEXT_LABEL,
    PEOPLE,
    STOCKHOLM,
    TEXT,
    Bullet,
    ParsedReport,
    Section,
)


def _moment_text(moment: datetime) -> str:
    local = moment.astimezone(STOCKHOLM) if moment.tzinfo else moment
    return local.strftime("%Y-%m-%d klockan %H:%M")


def _line_start_safe(text: str) -> str:
    """Escape what would make a text line read as a bullet or an explicit heading."""
    # The same test as the reader's for a bullet line.
    if text.startswith("# ") or (text[:1] in BULLET_MARKS and (len(text) == 1 or text[1].isspace())):
        return "\\" + text
    return text


def _heading_with_audience(heading: str, audience: str) -> str:
    """The "[Endast utskick]" marker for a mailing-only section; a heading that ends with those
    words itself gets its bracket escaped, so it reads back as a heading for everyone."""
    if heading.lower().endswith(MAILING_MARKER.lower()):
        cut = len(heading) - len(MAILING_MARKER)
        heading = heading[:cut] + "\\" + heading[cut:]
    return f"{heading} {MAILING_MARKER}" if audience == AUDIENCE_MAILING else heading


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
        heading = _heading_with_audience(heading, section.audience)
        out.extend(["", heading, ""])
        out.extend(_section_lines(section))
        previous = section
    return "\n".join(out) + "\n"
