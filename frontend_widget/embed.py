"""The lägesbild for intranets that allow no third-party scripts: an iframe page and oEmbed.

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
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from wagtail.models import Site

from rapport_blocks import dates, visibility
from rapport_blocks.models import FaqPage, RapportPage

from . import delivery
from .conf import delivery_settings
from .http import etag_matches, read_only

STATIC_DIR = Path(__file__).resolve().parent / "static" / "frontend_widget"
FRAME_WIDTH, FRAME_HEIGHT = 600, 480
LANGUAGES = ("sv", "en")
MAX_ID = 2**31 - 1  # larger ids exist in no database column; asking for one is not an error
# Without allow-same-origin: the framed page's script can post its height and nothing else.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"


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
        return delivery.report_by_id(site, report_id, base_url=base) if report_id <= MAX_ID else None
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
        if etag_matches(request.headers.get("If-None-Match", ""), etag):
            return _frame_headers(HttpResponseNotModified(), etag)
    with translation.override(language):
        context = frame_context(found.data, request.GET.get("sections", "")) if found else {}
        context.update(
            language=language,
            parent_origin=parent_origin(request),
            assets=inline_assets(),
        )
        html = render_to_string("frontend_widget/embed.html", context)
    return _frame_headers(HttpResponse(html, status=200 if found else 404), etag)


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


# oEmbed (https://oembed.com/): the iframe snippet for a report or a series URL


def _oembed_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def _positive(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit()) or int(value) == 0:
        raise ValueError(value)
    return int(value)


def page_for_url(request, url: str):
    """The live, public report, series or FAQ page that `url` is the address of on this CMS, or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc or "\x00" in url:
        return None
    # Only this site's own addresses: the frame is served from here and shows this site's reports.
    site = Site.find_for_request(request)
    if site is None or parts.netloc not in (request.get_host(), urlsplit(site.root_url).netloc):
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    url_path = site.root_page.url_path.rstrip("/") + path
    root_path = site.root_page.path
    report = visibility.visible_reports(root_path).filter(url_path=url_path).first()
    if report is not None:
        return report
    faq = visibility.visible_pages(FaqPage.objects.filter(url_path=url_path), root_path).first()
    if faq is not None:  # an FAQ page, or one question of it (the #fragment is not sent anyway)
        return faq
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    series = visibility.find_series(root_path, slug)
    return series if series is not None and series.url_path == url_path else None


def frame_url(request, page) -> str:
    if isinstance(page, RapportPage):
        path = reverse("lagesbild-embed-report", args=[page.pk])
    elif isinstance(page, FaqPage):
        path = reverse("lagesbild-embed-faq", args=[page.pk])
    else:
        path = reverse("lagesbild-embed-latest") + "?" + urlencode({"series": page.slug})
    return request.build_absolute_uri(path)


def frame_title(page) -> str:
    if isinstance(page, FaqPage):
        return _("Questions and answers: %s") % page.title
    return _("Situation report: %s") % page.title


def iframe_html(src: str, title: str, width: int, height: int) -> str:
    """The frame and the loader that /widget/'s snippet uses: it adds `?origin=` so the frame sizes itself."""
    frame = format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" style="border:0;max-width:100%" '
        'loading="lazy" sandbox="{}"></iframe>',
        src,
        title,
        width,
        height,
        SANDBOX,
    )
    return frame + "\n" + render_to_string("frontend_widget/frame_loader.html").strip()


@read_only(json_errors=True)
def oembed(request):
    """GET /api/oembed/?url=<report or series URL>&format=json (maxwidth, maxheight)."""
    if request.GET.get("format", "json") != "json":
        return _oembed_error(501, _("Only the json format is available."))
    url = request.GET.get("url", "")
    if not url:
        return _oembed_error(400, _("Give the address of a report or a series as url."))
    try:
        max_width = _positive(request.GET.get("maxwidth"))
        max_height = _positive(request.GET.get("maxheight"))
    except ValueError:
        return _oembed_error(400, _("maxwidth and maxheight must be positive whole numbers."))
    page = page_for_url(request, url)
    if page is None:
        return _oembed_error(404, _("No published report, series or FAQ page has this address."))
    width = min(FRAME_WIDTH, max_width or FRAME_WIDTH)
    height = min(FRAME_HEIGHT, max_height or FRAME_HEIGHT)
    title = page.title
    response = JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": settings.WAGTAIL_SITE_NAME,
            "provider_url": request.build_absolute_uri("/"),
            "width": width,
            "height": height,
            "html": iframe_html(frame_url(request, page), frame_title(page), width, height),
            "cache_age": 300,
        }
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
