"""The report's PDF at `<report address>pdf/`, served from storage, never rendered for a visitor.

Two ways in, one answer:

- `at_path`, mounted by frontend_widget.urls before Wagtail's pages: a report the public may see
  (the delivery's cached entry for that address, no query when warm) is answered at once from
  its stored copy. Anything else goes on to Wagtail's own page serving.
- `serve` (RAPPORT_BLOCKS_PDF_VIEW), which Wagtail's serving routes to (RapportPage.route), so a
  report the public may not see is refused exactly as its page is: a 404 where the visibility
  rule hides it, Wagtail's password or login form where a view restriction covers it, and the
  PDF for a reader who passes that restriction.

The copy served is the one made from the report's current presentation (`document.content_key`),
with its checksum as ETag (a 304 reads no file). When there is none (something the report shows
changed since it was rendered), a render is asked of the task backend: with a worker the visitor
gets "being made" (503, Retry-After) and never waits for a render; with the immediate backend the
task runs at once.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail.views import serve as wagtail_serve

from rapport_blocks.pdf_archive import ArchivedPdf, pdf_storage

from .. import delivery
from ..conf import delivery_settings
from ..http import conditional_response, read_only
from . import copies, document, engine, tasks

RETRY_AFTER_SECONDS = 15

# (page id, content key) → what serving the copy needs: copies never change, so a process keeps them.
_known: OrderedDict = OrderedDict()
_known_lock = threading.Lock()
KNOWN_LIMIT = 1024


def _copy(page_id: int, key: str) -> dict | None:
    found = _known.get((page_id, key))
    if found is not None:
        return found
    copy = ArchivedPdf.objects.filter(page_id=page_id, content_key=key).first()
    if copy is None:
        return None
    found = {"name": copy.file.name, "etag": copy.etag, "filename": filename(copy)}
    with _known_lock:
        _known[(page_id, key)] = found
        while len(_known) > KNOWN_LIMIT:
            _known.popitem(last=False)
    return found


def filename(copy: ArchivedPdf) -> str:
    date = copy.compiled_at.strftime("%Y-%m-%d") if copy.compiled_at else ""
    parts = [copy.series_slug or "lagesbild", date, f"nr-{copy.number}" if copy.number else ""]
    return "-".join(part for part in parts if part) + ".pdf"


def _not_yet(title: str, url: str, message: str) -> HttpResponse:
    context = {"title": title, "message": message, "url": url}
    html = render_to_string("frontend_widget/pdf/not_ready.html", context)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _answer(request, page_id: int, key: str, *, public: bool, title: str, url: str) -> HttpResponse:
    reason = engine.unavailable()
    found = _copy(page_id, key)
    if found is None and not reason:
        tasks.enqueue_refresh(page_id, key)  # the immediate backend renders it now
        found = _copy(page_id, key)
    if found is None:
        if reason:
            message = _("The PDF cannot be made on this server (%(reason)s). Read the report on its page.")
            return _not_yet(title, url, message % {"reason": reason})
        return _not_yet(title, url, _("The PDF is being made. Try again in a moment."))

    def build():
        handle = pdf_storage().open(found["name"], "rb")
        response = FileResponse(handle, content_type="application/pdf", filename=found["filename"])
        if request.method == "HEAD":
            response.file_to_stream.close()
            response.streaming_content = []
        return response

    response = conditional_response(request, found["etag"], build)
    response["ETag"] = found["etag"]
    response["Cache-Control"] = delivery_settings.CACHE_CONTROL if public else "private, no-cache"
    return response


@read_only()
def at_path(request, path: str):
    """`/<report's path>pdf/`: a public report's stored PDF at once, anything else to Wagtail."""
    site = delivery.site_for_request(request)
    cached = delivery.report_at(site, "/" + path) if site is not None else None
    if cached is None:
        return wagtail_serve(request, path + "pdf/")
    key = hashlib.sha256(cached.json_bytes).hexdigest()
    data = cached.data
    return _answer(request, data["id"], key, public=True, title=data["title"], url=data["url"])


def serve(page, request):
    """RAPPORT_BLOCKS_PDF_VIEW: the PDF of a report Wagtail has let this request see."""
    site = delivery.site_for_request(request)
    cached = delivery.report_by_id(site, page.pk) if site is not None else None
    if cached is not None:
        key, public = hashlib.sha256(cached.json_bytes).hexdigest(), True
    else:  # behind a login or a password: presented here, as its page is
        key, public = document.content_key(copies.presented(page, ArchivedPdf.PUBLIC)), False
    return _answer(request, page.pk, key, public=public, title=page.title, url=page.url or "")
