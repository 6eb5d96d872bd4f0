"""Anchors on the report page: an `id` for each section and for each bullet, action and link.

Readers are sent to a place in a report from elsewhere (the widget's "Nytt sedan förra
lägesbilden", the iframe page, the e-mail), and a link to an item should still lead to it next
week while the item is unchanged. So an item's anchor is made from what the change markers
compare it by (`changes.items_of`: its identity, the site's own origin left out), never from its
position: "punkt-3f9a2c1b" for a bullet, "atgard-…" for an action, "lank-…" for a link. An item
keeps its anchor wherever it moves; reworded, it gets a new one, as it is then marked "Ändrad".
A section's anchor is its heading made readable ("verksamhetens-kommentar", like an FAQ
question's), so it lasts as long as the heading does.

Every anchor is unique within a report: a second identical item or heading gets "-2". The
public sections claim theirs first, so the e-mail's "Endast utskick" sections (presented with
them for the e-mail and the preview only) never change an anchor the public page has.
"""

import hashlib
import json

from ..faq.anchors import base_anchor, unique
from . import changes

ITEM_PREFIX = {"bullets": "punkt", "actions": "atgard", "links": "lank"}
SECTION_FALLBACK = "avsnitt"
# Ids the page around a report uses (base.html's main, for the skip link).
RESERVED = frozenset({"innehall"})


def item_anchor(item: changes.Item) -> str:
    """The anchor an item with this identity has in any report: kind prefix and a short digest."""
    identity = json.dumps(item.identity, ensure_ascii=False)
    digest = hashlib.blake2b(identity.encode(), digest_size=4).hexdigest()
    return f"{ITEM_PREFIX[item.kind]}-{digest}"


def assign(report: dict) -> None:
    """Give every section and every bullet, action and link of a presented report its `anchor`, in place."""
    taken = set(RESERVED)

    def claim(anchor: str) -> str:
        anchor = unique(anchor, taken)
        taken.add(anchor)
        return anchor

    sections = report["sections"]
    public_first = sorted(range(len(sections)), key=lambda index: bool(sections[index].get("mailing_only")))
    for index in public_first:
        sections[index]["anchor"] = claim(base_anchor(sections[index]["heading"], SECTION_FALLBACK))
    items = [item for kind in changes.items_of(report).values() for item in kind]
    for item in sorted(items, key=lambda item: bool(sections[item.section].get("mailing_only"))):
        item.data["anchor"] = claim(item_anchor(item))
