"""The cached FAQ answers every delivery channel serves (API, iframe page, oEmbed).

The same cache as the reports' (`delivery`): entries under the current generation, so whatever
invalidates a report (a publication, unpublication, move, deletion or privacy change of any page,
FAQ pages included; see `invalidation`) also orphans every FAQ answer, in every process. What is
visible is decided by the one visibility rule (`rapport_blocks.rules.visibility`).

A search (`?q=`) is cached too, under its normalised query, so a repeated search is no database
query and a search can never outlive the publication it was made from.
"""

from __future__ import annotations

from django.urls import reverse

from rapport_blocks.faq import search
from rapport_blocks.faq.presentation import only_questions, present_faq
from rapport_blocks.models import FaqPage
from rapport_blocks.rules import visibility

from .delivery import CachedReport, SiteRef, _cached, _entry, site_ref


def visible_faqs(site: SiteRef):
    return visibility.visible_pages(FaqPage.objects.all(), site.root_path).order_by("path")


def faq_list(site, *, base_url: str | None = None) -> CachedReport:
    """The site's visible FAQ pages in tree order: {"count", "results": [{"id", "title", "url", ...}]}."""
    site = site_ref(site)
    base = base_url or site.root_url

    def build():
        results = []
        modified = None
        for page in visible_faqs(site):
            faq = present_faq(page, base_url=base)
            results.append(
                {
                    "id": faq["id"],
                    "title": faq["title"],
                    "url": faq["url"],
                    "api_url": base.rstrip("/") + reverse("lagesbild_api:faq-detail", args=[faq["id"]]),
                    "last_published_at": faq["last_published_at"],
                }
            )
            if page.last_published_at and (modified is None or page.last_published_at > modified):
                modified = page.last_published_at
        return _entry({"count": len(results), "results": results}, modified, site.root_path)

    return _cached(("faq-list", site.id, base), build)


def faq_by_id(site, faq_id: int, *, base_url: str | None = None) -> CachedReport | None:
    """One visible FAQ page by its page id, or None."""
    site = site_ref(site)
    base = base_url or site.root_url

    def build():
        page = visible_faqs(site).filter(pk=faq_id).first()
        if page is None:
            return None
        return _entry(present_faq(page, base_url=base), page.last_published_at, site.root_path)

    return _cached(("faq", site.id, base, int(faq_id)), build)


def faq_search(site, faq_id: int, query: str, *, base_url: str | None = None) -> CachedReport | None:
    """The FAQ page holding only the questions that match `query` (same shape), or None."""
    site = site_ref(site)
    base = base_url or site.root_url
    query = search.clean_query(query)
    if not query:
        return faq_by_id(site, faq_id, base_url=base)
    key = search.normalised_query(query)

    def build():
        whole = faq_by_id(site, faq_id, base_url=base)
        if whole is None:
            return None
        anchors = {hit.anchor for hit in FaqPage.visible_questions(query, site.root_path, page_ids=[faq_id])}
        data = only_questions(whole.data, anchors)
        return _entry(data, whole.data["last_published_at"], site.root_path)

    return _cached(("faq-search", site.id, base, int(faq_id), key), build)
