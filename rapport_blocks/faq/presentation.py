"""An FAQ page as plain data: the one shape its page, JSON-LD, API and embed all render.

Like the reports' presentation (`rapport_blocks.rules.presentation`, whose `Links` and sanitiser this
uses and nothing else does): html is sanitised here and links are made absolute here.

    {"id", "title", "url", "last_published_at", "intro_html",
     "categories": [{"heading", "questions": [{"anchor", "question", "html", "url", "reviewed_at",
                                              "changed_since_review"}]}]}
"""

import json

from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from ..core.sanitize import clean_html
from ..rules.presentation import Links, _local, report_base_url
from . import updates
from .anchors import questions


def present_faq(page, *, base_url: str) -> dict:
    """The FAQ page (its live row, or a draft instance in preview) in the contract's shape."""
    parts = page.get_url_parts() if page.depth else None
    links = Links(base_url, site_id=parts[0] if parts else None)
    url = links.page_url(page, require_public=False)
    updated = updates.updated_anchors(page)
    categories = []
    for child in page.body or []:
        if child.block_type != "category":
            continue
        categories.append(
            {
                "heading": child.value["heading"],
                "questions": [
                    {
                        "anchor": question["anchor"],
                        "question": question["question"],
                        "html": clean_html(links.html(question["answer"].source), base_url=links.base_url),
                        "url": f"{url}#{question['anchor']}" if url and question["anchor"] else url,
                        "reviewed_at": question.get("reviewed_at"),
                        "changed_since_review": question["anchor"] in updated,
                    }
                    for question in child.value["questions"]
                ],
            }
        )
    return {
        "id": page.pk,
        "title": page.title,
        "url": url,
        "last_published_at": _local(page.last_published_at),
        "intro_html": clean_html(links.html(page.intro), base_url=links.base_url) if page.intro else "",
        "categories": categories,
    }


def present_faq_for_request(page, request) -> dict:
    """The page view's presentation: links point back to the origin the visitor used."""
    return present_faq(page, base_url=report_base_url(page, request=request))


def only_questions(faq: dict, anchors) -> dict:
    """The same shape holding only the questions whose anchor is in `anchors` (empty categories dropped)."""
    anchors = set(anchors)
    categories = []
    for category in faq["categories"]:
        kept = [question for question in category["questions"] if question["anchor"] in anchors]
        if kept:
            categories.append({"heading": category["heading"], "questions": kept})
    return {**faq, "categories": categories}


def faq_json_ld(faq: dict) -> dict:
    """schema.org FAQPage from the presented data (https://schema.org/FAQPage)."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": faq["title"],
        **({"url": faq["url"]} if faq["url"] else {}),
        "mainEntity": [
            {
                "@type": "Question",
                "name": question["question"],
                **({"url": question["url"]} if question["url"] else {}),
                "acceptedAnswer": {"@type": "Answer", "text": question["html"]},
            }
            for category in faq["categories"]
            for question in category["questions"]
        ],
    }


def json_ld_script(data: dict) -> str:
    """`<script type="application/ld+json">` whose content no "</script>" or "<!--" can end early."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def all_anchors(page) -> list[str]:
    return [question["anchor"] for question in questions(page.body)]
