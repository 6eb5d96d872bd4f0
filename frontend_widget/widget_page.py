"""The page at /widget/: the widget on a simulated intranet page, with the snippets to copy.

For staff (and for everyone while DEBUG is on): it is a tool for the people who set up intranet
pages, not part of the public site.
"""

import base64
import hashlib
import re

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from wagtail.models import Site

from rapport_blocks.models import RapportPage

# The two placements an intranet front page has. The sidebar reserves its box (no layout jump on
# a first load, docs/widget.md) and glances; the wide column shows everything, marked. Two
# widgets of one report on one page need a label each, so that their landmarks differ.
SIDEBAR = [
    ("detail", "glance"),
    ("changes", "mark"),
    ("heading-level", "3"),
    ("label", "Lägesbilden i korthet"),
    ("style", "display:block;height:30em"),
]
COLUMN = [("sections", "all"), ("detail", "full"), ("changes", "mark"), ("heading-level", "3")]

# What the snippets hold inline, allowed by hash on this page (allow_inline).
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


def snippets(request) -> dict:
    """The two-line embeds for a sidebar and a wide column, and the iframe snippet, with this CMS's
    absolute addresses."""
    site = Site.find_for_request(request)
    latest = RapportPage.visible_reports(site.root_page.path).first() if site else None
    context = {
        "script_url": request.build_absolute_uri(static("frontend_widget/lagesbild-widget.js")),
        "api_url": request.build_absolute_uri(reverse("lagesbild_api:report-latest")),
        "frame_url": request.build_absolute_uri(reverse("lagesbild-embed-latest")),
        "fallback_url": request.build_absolute_uri(latest.get_url(request) if latest else "/"),
    }
    return {
        "sidebar": render_to_string(
            "frontend_widget/widget_snippet.html", {**context, "attributes": SIDEBAR}
        ).strip(),
        "column": render_to_string(
            "frontend_widget/widget_snippet.html", {**context, "attributes": COLUMN}
        ).strip(),
        "iframe": render_to_string("frontend_widget/widget_iframe_snippet.html", context).strip(),
    }


def sha256_source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def inline_hashes(html: str) -> dict:
    """CSP additions that allow exactly the inline scripts and style attributes in `html`."""
    scripts = sorted({sha256_source(body) for body in INLINE_SCRIPT.findall(html)})
    # Style attributes are matched after HTML unescaping, as the browser sees them.
    styles = sorted(
        {
            sha256_source(value.replace("&quot;", '"').replace("&amp;", "&"))
            for value in STYLE_ATTRIBUTE.findall(html)
        }
    )
    additions = {}
    if scripts:
        additions["script-src"] = scripts
    if styles:
        additions["style-src"] = ["'unsafe-hashes'", *styles]
    return additions


def allow_inline(response, html: str):
    """Let `response` run the inline scripts and style attributes of `html`, and nothing else inline."""
    additions = inline_hashes(html)
    if additions:
        response._csp_update = additions
    return response


def widget_page(request):
    if not settings.DEBUG and not request.user.is_staff:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        raise PermissionDenied
    shown = snippets(request)
    response = TemplateResponse(request, "frontend_widget/widget.html", {"snippets": shown})
    # The snippets run here as on an intranet page: their one inline script (the frame's sizer)
    # and their style attributes, allowed by hash under the site's Content-Security-Policy.
    return allow_inline(response, "\n".join(shown.values()))
