"""oEmbed (https://oembed.com/): the iframe snippet for a report, series or FAQ page's address.

/api/oembed/?url=... answers a consumer (an intranet's editor, a CMS) with the iframe page's
snippet (`embed`) for the live, public page at that address on this site, found by the one
visibility rule. Its numbers (maxwidth, maxheight) are read by `params`, as every channel's are.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Site

from rapport_blocks.models import FaqPage, RapportIndexPage, RapportPage
from rapport_blocks.rules import visibility

from . import delivery, params
from .http import read_only

FRAME_WIDTH, FRAME_HEIGHT = 600, 480
# Without allow-same-origin: the framed page's script can post its height and nothing else.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"


def _oembed_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


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
    report = RapportPage.visible_reports(root_path).filter(url_path=url_path).first()
    if report is not None:
        return report
    faq = visibility.visible_pages(FaqPage.objects.filter(url_path=url_path), root_path).first()
    if faq is not None:  # an FAQ page, or one question of it (the #fragment is not sent anyway)
        return faq
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    series = RapportIndexPage.find_series(root_path, slug)
    return series if series is not None and series.url_path == url_path else None


def frame_url(request, page) -> str:
    if isinstance(page, RapportPage):
        path = reverse("lagesbild-embed-report", args=[page.pk])
    elif isinstance(page, FaqPage):
        path = reverse("lagesbild-embed-faq", args=[page.pk])
    else:
        path = reverse("lagesbild-embed-latest") + "?" + urlencode({"series": page.slug})
    return delivery.base_url(request) + path


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
        max_width = params.positive(request.GET.get("maxwidth"))
        max_height = params.positive(request.GET.get("maxheight"))
    except params.NotANumber:
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
            "provider_url": delivery.base_url(request) + "/",
            "width": width,
            "height": height,
            "html": iframe_html(frame_url(request, page), frame_title(page), width, height),
            "cache_age": 300,
        }
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
