"""What a webhook carries: the Standard Webhooks JSON body, or a Teams Workflows message.

The report is the public JSON contract's (docs/api.md), taken from the delivery's cached answer
that the API serves when the event's revision is the live one, else presented the same way from
the event's revision (a retry after a newer publication still sends what was published then).
Never an "Endast utskick" section: only the public presentation is asked for. An unpublication
carries the report's id and nothing else.

    {"type": "rapport.published", "timestamp": "2026-11-24T08:30:00+01:00", "data": {…the report…}}
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rapport_blocks.core import dates
from rapport_blocks.models import RapportPage
from rapport_blocks.rules.presentation import present, report_base_url

from .. import delivery

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.5"
CHANGED_ITEMS = 5  # the first changed items the Teams card names


def report(event, page) -> dict:
    """The public report of the event's revision, as the API serves it."""
    site = page.get_site()
    live = RapportPage.objects.filter(pk=page.pk).values_list("live_revision_id", flat=True).first()
    if site is not None and live == event.revision_id:
        cached = delivery.report_by_id(site, page.pk)
        if cached is not None:
            return cached.data
    return present(page, base_url=report_base_url(page))


def standard(event, data: dict) -> bytes:
    """The Standard Webhooks body: the event's type and time, and the report (unpublished: its id)."""
    # In the site's time zone, with its offset, as every time in the contract.
    occurred = timezone.localtime(event.occurred_at)
    return delivery.json_bytes({"type": event.type, "timestamp": occurred, "data": data})


def _text(html: str) -> str:
    return " ".join(BeautifulSoup(html or "", "html.parser").get_text(" ").split())


def _items(sections: list):
    for section in sections:
        for item in section.get("items") or []:
            yield item
            yield from _items([{"items": item.get("children") or []}])


def changed_items(data: dict) -> list[str]:
    """The texts of the report's new and changed bullets, actions and links, in the report's order."""
    found = []
    for item in _items(data.get("sections") or []):
        if item.get("change") in ("new", "changed"):
            text = item.get("title") or _text(item.get("html", ""))
            if text:
                found.append(text)
    return found


def change_summary(changes: dict | None) -> str:
    """“3 nya, 2 ändrade”; "" for a series' first report, which has nothing to compare with."""
    if not changes or changes.get("compared_with") is None:
        return ""
    new, changed = changes.get("new", 0), changes.get("changed", 0)
    if not new and not changed:
        return _("No changes since the previous report")
    return ", ".join(
        [
            ngettext("%(count)s new", "%(count)s new", new) % {"count": new},
            ngettext("%(count)s changed", "%(count)s changed", changed) % {"count": changed},
        ]
    )


def _block(text: str, **style) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def teams_card(event, data: dict) -> dict:
    """The report as an Adaptive Card (1.5), in the site's language (Swedish)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = data["title"]
        if event.type == event.UPDATED:
            title = _("Updated: %(title)s") % {"title": title}
        facts = []
        if data.get("number"):
            facts.append(dates.number_label(data["number"]))
        if data.get("compiled_at"):
            facts.append(dates.compiled_label(data["compiled_at"]))
        body = [_block(title, size="Large", weight="Bolder", style="heading")]
        if facts:
            body.append(_block(" · ".join(facts), isSubtle=True, spacing="None"))
        summary = change_summary(data.get("changes"))
        if summary:
            body.append(_block(summary, weight="Bolder"))
        items = changed_items(data)
        if items:
            shown = "\n".join(f"- {text}" for text in items[:CHANGED_ITEMS])
            if len(items) > CHANGED_ITEMS:
                more = len(items) - CHANGED_ITEMS
                shown += "\n\n" + ngettext("and %(count)s more", "and %(count)s more", more) % {"count": more}
            body.append(_block(shown, spacing="Small"))
        button = _("Read the whole report")
        return {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": CARD_VERSION,
            "lang": settings.LANGUAGE_CODE[:2],
            "fallbackText": f"{title}: {data['url']}",
            "body": body,
            "actions": [{"type": "Action.OpenUrl", "title": button, "url": data["url"]}],
        }


def teams(event, data: dict) -> bytes:
    """A Teams Workflows webhook message ("When a Teams webhook request is received") with the card."""
    message = {
        "type": "message",
        "attachments": [
            {"contentType": ADAPTIVE_CARD, "contentUrl": None, "content": teams_card(event, data)}
        ],
    }
    return delivery.json_bytes(message)
