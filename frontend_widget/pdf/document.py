"""One presented report as the PDF's HTML document and metadata, and the PDF made from them.

The document is the report page's own header and section templates with the print stylesheet
(rapport_blocks/templates/…, css/print.css), filled from the presented data like every channel:
nothing here reads blocks or sanitises. The metadata (title, series, number, compiled date,
revision, address) go into both the PDF's Info dictionary and its XMP packet (`engine`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from rapport_blocks.core import dates

from ..delivery import json_bytes
from . import engine

PUBLIC = "public"
MAILING = "mailing"


def content_key(report: dict) -> str:
    """What a PDF was made from: the SHA-256 of the presented data in the contract's encoding.

    The same report shows differently when something it shows changes (a linked page goes
    private, a shared person is renamed, the previous report that the markers compare with is
    withdrawn): the key changes with it, and a stored PDF is served only while its key is current.
    """
    return hashlib.sha256(json_bytes(report)).hexdigest()


def has_mailing_sections(report: dict) -> bool:
    return any(section.get("mailing_only") for section in report.get("sections", ()))


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that no character can end early (nor the <style> element)."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-–—·/()'åäöÅÄÖ" else f"\\{ord(ch):x} " for ch in text)
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every other character is a CSS escape


def _iso(moment) -> str:
    return dates.local(moment).isoformat(timespec="seconds") if moment else ""


def properties(report: dict, *, audience: str, revision_id: int | None) -> dict:
    """The report's own XMP properties (engine.REPORT_PROPERTIES)."""
    series = report.get("series") or {}
    return {
        "series": series.get("title", ""),
        "seriesSlug": series.get("slug", ""),
        "reportNumber": report.get("number") or "",
        "compiled": _iso(report.get("compiled_at")),
        "revision": revision_id or "",
        "webAddress": report.get("url", ""),
        "audience": audience,
    }


def context(report: dict, *, audience: str, revision_id: int | None) -> dict:
    series = (report.get("series") or {}).get("title", "")
    compiled_at = report.get("compiled_at")
    date = dates.long_date(compiled_at) if compiled_at else ""
    number = dates.number_label(report["number"]) if report.get("number") else ""
    title = " – ".join(part for part in (report["title"], date) if part)
    description = ", ".join(part for part in (series, number, date) if part)
    custom = [
        ("series", series),
        ("report-number", str(report.get("number") or "")),
        ("compiled", _iso(compiled_at)),
        ("revision", str(revision_id or "")),
        ("audience", audience),
    ]
    return {
        "report": report,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "document": {
            "title": title,
            "description": description,
            "keywords": ", ".join(part for part in (series, _("situation report")) if part),
            "created": _iso(compiled_at),
            "modified": _iso(report.get("last_published_at") or compiled_at),
            "custom": [(name, value) for name, value in custom if value],
            "running_left": css_string(" · ".join(part for part in (series, number) if part)),
            "running_right": css_string(date),
        },
    }


@dataclass
class Pdf:
    data: bytes
    key: str  # content_key of the report it was made from
    sha256: str  # of `data`
    audience: str


def render(report: dict, *, site_root: str, audience: str = PUBLIC, revision_id: int | None = None) -> Pdf:
    """The PDF of a presented report (with "Endast utskick" sections only if `report` has them)."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "frontend_widget/pdf/report.html", context(report, audience=audience, revision_id=revision_id)
        )
        own = properties(report, audience=audience, revision_id=revision_id)
        rendered = engine.render(html, site_root=site_root, properties=own)
    return Pdf(rendered.pdf, content_key(report), hashlib.sha256(rendered.pdf).hexdigest(), audience)
