"""The lägesbild for intranets that allow no third-party scripts: the iframe page (oEmbed: `oembed`).

The iframe page renders the same presentation data as the JSON API and the widget. It is the one
kind of page that other origins may frame, so it sets its own `frame-ancestors` (the CORS origins
plus 'self') and no X-Frame-Options, and it sets no cookies: it never touches the session, the
user or the CSRF token, and is rendered without a request context. Its only script tells the
parent page its height, by postMessage to one exact, allowed origin, and sends a number only.
"""

import base64
import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.clickjacking import xframe_options_exempt

from rapport_blocks.core import dates

from . import delivery, params
from .conf import delivery_settings
from .http import conditional_response, read_only

STATIC_DIR = Path(__file__).resolve().parent / "static" / "frontend_widget"
LANGUAGES = ("sv", "en")


# The page's own style and script, inlined and allowed by hash


@cache
def inline_assets() -> dict:
    """The iframe page's CSS and script, with the CSP hashes that allow exactly them."""
    assets = {}
    for name, filename in (("style", "embed-frame.css"), ("script", "embed-frame.js")):
        source = (STATIC_DIR / filename).read_text(encoding="utf-8")
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assets[name] = source
        assets[f"{name}_hash"] = f"'sha256-{digest}'"
    return assets


def allowed_origins() -> list[str]:
    """The intranet origins that may use the delivery: the same list as CORS."""
    return list(getattr(settings, "CORS_ALLOWED_ORIGINS", []))


def content_security_policy() -> str:
    assets = inline_assets()
    ancestors = " ".join(["'self'", *allowed_origins()])
    return (
        f"default-src 'none'; style-src {assets['style_hash']}; script-src {assets['script_hash']}; "
        f"img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
    )


def parent_origin(request) -> str:
    """The origin the page may post its height to: given by the embedding page, and allowed."""
    origin = request.GET.get("origin", "").strip().rstrip("/")
    own = f"{request.scheme}://{request.get_host()}"
    return origin if origin and origin != "null" and origin in [own, *allowed_origins()] else ""


# What the page shows


def find_report(request, *, series_slug=None, report_id=None):
    """The cached report the API would serve for the same request, or None."""
    site = delivery.site_for_request(request)
    if site is None:
        return None
    base = delivery.base_url(request)
    if report_id is not None:
        number = params.page_id(report_id)  # one past any id is no report, as in the API
        return delivery.report_by_id(site, number, base_url=base) if number is not None else None
    try:
        return delivery.latest_report(site, series_slug, base_url=base)
    except delivery.UnknownSeries:
        return None


def chosen_sections(sections: list, wanted: str) -> list:
    """The same choice as the widget's `sections` attribute: "all", indexes, or the first one."""
    wanted = (wanted or "").strip()
    if wanted.lower() == "all":
        return sections
    picked = []
    for part in wanted.replace(",", " ").split():
        if part.isascii() and part.isdigit() and len(part) <= 4 and int(part) < len(sections):
            picked.append(sections[int(part)])
    return picked or sections[:1]


def is_late(report: dict) -> bool:
    """The next report was expected by now (and this is still the latest)."""
    next_expected_at = report.get("next_expected_at")
    return bool(next_expected_at and next_expected_at < timezone.now())


def frame_context(report: dict, wanted_sections: str) -> dict:
    compiled_at = report["compiled_at"]
    next_expected_at = report.get("next_expected_at")
    return {
        "report": report,
        "sections": chosen_sections(report["sections"], wanted_sections),
        "compiled": dates.long_datetime(compiled_at),
        "compiled_at": compiled_at,
        "next_expected": dates.long_datetime(next_expected_at) if next_expected_at else "",
        "next_is_late": is_late(report),
    }


def _frame(request, found):
    """The iframe page for `found` (a delivery.CachedReport, or None), with its headers."""
    language = request.GET.get("lang") if request.GET.get("lang") in LANGUAGES else "sv"
    etag = None
    if found is not None:
        variant = json.dumps(
            [
                found.etag,
                language,
                request.GET.get("sections", ""),
                parent_origin(request),
                is_late(found.data),
            ]
        )
        etag = '"' + hashlib.sha256(variant.encode()).hexdigest()[:32] + '"'

    def build():
        with translation.override(language):
            context = frame_context(found.data, request.GET.get("sections", "")) if found else {}
            context.update(
                language=language,
                parent_origin=parent_origin(request),
                assets=inline_assets(),
            )
            html = render_to_string("frontend_widget/embed.html", context)
        return HttpResponse(html, status=200 if found else 404)

    return _frame_headers(conditional_response(request, etag, build), etag)


def _frame_headers(response, etag):
    response["Content-Security-Policy"] = content_security_policy()
    response["Cache-Control"] = delivery_settings.CACHE_CONTROL
    if etag:
        response["ETag"] = etag
    return response


@read_only()
@xframe_options_exempt
def latest_frame(request):
    """GET /embed/lagesbild/latest/ (?series=, ?sections=, ?lang=, ?origin=)."""
    series = request.GET.get("series", "").strip() or None
    return _frame(request, find_report(request, series_slug=series))


@read_only()
@xframe_options_exempt
def report_frame(request, report_id: int):
    """GET /embed/lagesbild/<id>/."""
    return _frame(request, find_report(request, report_id=report_id))
