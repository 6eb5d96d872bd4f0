"""The report page's presenter: Wagtail's page view serves the delivery's cached presentation.

cms/settings.py names `cached_presentation` as RAPPORT_BLOCKS_PRESENTER, so a page view reads the
same entry as `/api/lagesbild/<id>/` and the embed (sanitised once per publication, invalidated
with them), and rapport_blocks never imports this app.
"""

import copy

from . import delivery


def cached_presentation(page, request) -> dict | None:
    """The cached presentation of the published report `page`, or None: the page presents itself.

    None for a preview (Wagtail passes an instance built from a draft revision, which the cache
    must neither serve nor hold), and for whatever the delivery does not serve to the public: a
    restricted, expired or not-yet-routable report. Wagtail has already guarded those with its
    password or login form, so presenting them per request is right.
    """
    if request is None or getattr(request, "is_preview", False) or not page.live or page.pk is None:
        return None
    site = delivery.site_for_request(request)
    if site is None:
        return None
    # The same origin as presentation.report_base_url(page, request=request): the Host the visitor used.
    cached = delivery.report_by_id(site, page.pk, base_url=delivery.base_url(request))
    if cached is None:
        return None
    # A copy: the worker keeps one entry for every request for a second, and a template or a
    # context processor must not be able to change it for the next visitor.
    return copy.deepcopy(cached.data)
