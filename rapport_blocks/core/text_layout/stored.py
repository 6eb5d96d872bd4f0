"""A read report as JSON-safe data and back, so it can wait between a preview and its creation.

The admin's Word import reads the upload once, shows what will be created, and creates it on
the editor's word; in between, the report travels as this data (signed, in the form), not as the
uploaded file, which may be megabytes and is never kept.
"""

from __future__ import annotations

from datetime import date, datetime

from .structure import (
    ACTIONS,
    BULLETS,
    LINKS,
    PEOPLE,
    Action,
    Bullet,
    LayoutWarning,
    Link,
    Paragraph,
    ParsedReport,
    Person,
    Section,
    Span,
)


def _spans(spans) -> list:
    return [[s.text, s.bold, s.italic, s.url] for s in spans]


def _from_spans(data) -> tuple:
    return tuple(Span(text, bold, italic, url) for text, bold, italic, url in data)


def _bullet(bullet: Bullet) -> dict:
    return {
        "text": _spans(bullet.text),
        "line": bullet.line,
        "children": [_bullet(c) for c in bullet.children],
    }


def _from_bullet(data: dict) -> Bullet:
    return Bullet(_from_spans(data["text"]), [_from_bullet(c) for c in data["children"]], data["line"])


def _item(kind: str, item) -> dict:
    if kind == BULLETS:
        return _bullet(item)
    if kind == ACTIONS:
        return {"date": item.date.isoformat(), "title": item.title, "url": item.url, "line": item.line}
    if kind == LINKS:
        return {"title": item.title, "url": item.url, "line": item.line}
    if kind == PEOPLE:
        return {key: getattr(item, key) for key in ("name", "role", "email", "phone", "line")}
    return {"text": _spans(item.text), "line": item.line}


def _from_item(kind: str, data: dict):
    if kind == BULLETS:
        return _from_bullet(data)
    if kind == ACTIONS:
        return Action(date.fromisoformat(data["date"]), data["title"], data["url"], data["line"])
    if kind == LINKS:
        return Link(data["title"], data["url"], data["line"])
    if kind == PEOPLE:
        return Person(**data)
    return Paragraph(_from_spans(data["text"]), data["line"])


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _from_moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def to_data(report: ParsedReport) -> dict:
    return {
        "title": report.title,
        "compiled_at": _moment(report.compiled_at),
        "next_expected_at": _moment(report.next_expected_at),
        "lines": [report.title_line, report.compiled_line, report.next_expected_line],
        "unit": report.unit,
        "excerpts": {str(where): text for where, text in report.excerpts.items()},
        "warnings": [list(warning) for warning in report.warnings],
        "sections": [
            {
                "kind": section.kind,
                "heading": section.heading,
                "audience": section.audience,
                "line": section.line,
                "items": [_item(section.kind, item) for item in section.items],
            }
            for section in report.sections
        ],
    }


def from_data(data: dict) -> ParsedReport:
    title_line, compiled_line, next_line = data["lines"]
    return ParsedReport(
        title=data["title"],
        compiled_at=_from_moment(data["compiled_at"]),
        next_expected_at=_from_moment(data["next_expected_at"]),
        sections=[
            Section(
                kind=section["kind"],
                heading=section["heading"],
                audience=section["audience"],
                line=section["line"],
                items=[_from_item(section["kind"], item) for item in section["items"]],
            )
            for section in data["sections"]
        ],
        title_line=title_line,
        compiled_line=compiled_line,
        next_expected_line=next_line,
        warnings=[LayoutWarning(line, message) for line, message in data["warnings"]],
        unit=data["unit"],
        excerpts={int(where): text for where, text in data["excerpts"].items()},
    )
