"""The FAQ for intranets that allow no third-party scripts: the iframe page /embed/faq/<id>/.

The same rules as the report's iframe page (`embed`): the cached presentation the API serves,
the same Content-Security-Policy (frame-ancestors: the CORS origins), no cookies, the one
height-posting script. Answers open and close with <details>, which needs no script. `?q=` shows
only the matching questions, as the API does.
"""

import hashlib
import json

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from rapport_blocks.core import dates

from . import delivery, faq_delivery, params
from .embed import LANGUAGES, _frame_headers, inline_assets, parent_origin
from .http import conditional_response


def find_faq(request, faq_id: int, query: str = ""):
    site = delivery.site_for_request(request)
    number = params.page_id(faq_id)  # one past any id is no page, as in the API
    if site is None or number is None:
        return None
    return faq_delivery.faq_search(site, number, query, base_url=delivery.base_url(request))


@require_safe
@xframe_options_exempt
def faq_frame(request, faq_id: int):
    """GET /embed/faq/<id>/ (?q=, ?lang=, ?origin=)."""
    language = request.GET.get("lang") if request.GET.get("lang") in LANGUAGES else "sv"
    query = request.GET.get("q", "")
    found = find_faq(request, faq_id, query)
    etag = None
    if found is not None:
        variant = json.dumps([found.etag, language, parent_origin(request)])
        etag = '"' + hashlib.sha256(variant.encode()).hexdigest()[:32] + '"'

    def build():
        with translation.override(language):
            faq = found.data if found else None
            updated = faq and faq["last_published_at"]
            html = render_to_string(
                "frontend_widget/embed_faq.html",
                {
                    "faq": faq,
                    "query": query.strip(),
                    "updated": dates.long_date(updated) if updated else "",
                    "updated_at": updated,
                    "language": language,
                    "parent_origin": parent_origin(request),
                    "assets": inline_assets(),
                },
            )
        return HttpResponse(html, status=200 if found else 404)

    return _frame_headers(conditional_response(request, etag, build), etag)
