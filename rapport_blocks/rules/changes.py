"""What changed since the previous report: each bullet, action and link marked new, changed or unchanged.

Editors write a report by updating last week's, and readers want to see what is new. This module
compares two *presented* reports (`presentation.present`'s data, so links compare by their resolved
title and URL and bullets by their text, as readers see them) and knows nothing of blocks, rich
text or the admin.

How items are paired, per kind (bullets at any level, actions, links), across the whole report, so
an item moved to another section or another level is not news:

1. Identical items pair first, one to one, in document order: unchanged (`None`).
2. The rest pair by the similarity of their normalised text (lowercased, tags and extra whitespace
   dropped): `difflib.SequenceMatcher`'s ratio of the characters, or for an item made longer or
   shorter the share of the shorter one's words the other keeps in order. Best pair first, ties
   broken by position, each item at most once; a pair at or above `SIMILARITY` is a reworded
   item: `"changed"`. A link or action to the same address is the same item.
3. What is left of the new report is `"new"`; what is left of the previous one is counted as removed.

Spokespersons and text sections are not marked: people are shared snippets (a changed phone number
is no news to mark), and a text section is prose with no items.

The result depends on the two reports only: the same input always gives the same markers.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from django.utils.html import escape, strip_tags

NEW = "new"
CHANGED = "changed"
REMOVED = "removed"
UNCHANGED = None

# A reworded item keeps at least this share of its (normalised) characters in order. Unrelated
# Swedish sentences score about 0.2-0.45; a sentence with a changed date or a few words 0.7-0.95.
SIMILARITY = 0.6

MARKED_KINDS = ("bullets", "actions", "links")
MIN_WORDS = 4
_WORD = re.compile(r"\w+")
_HREF = re.compile(r'href="([^"]*)"')
_SPACE = re.compile(r"\s+")


# The items of a presented report


@dataclass
class Item:
    """One markable item of a presented report, with what it is compared by."""

    kind: str  # the section type: bullets, actions or links
    data: dict  # the presented item itself (marked in place)
    section: int  # index of its section in the report
    heading: str  # its section's heading
    depth: int  # 0 for a top-level bullet, actions and links
    position: int  # order of the item among the report's items of its kind
    text: str  # what a reader reads, as plain text
    identity: tuple = field(default=())  # equal identities: the same item, unchanged

    @property
    def key(self) -> str:
        return normalise(self.text)


def normalise(text: str) -> str:
    """Text as compared: Unicode NFKC, case folded, whitespace collapsed, no edge punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", text).strip(" .,;:")


def plain_text(fragment: str) -> str:
    """Sanitised inline html as the words a reader reads."""
    return _SPACE.sub(" ", html_lib.unescape(strip_tags(fragment or ""))).strip()


def site_relative(url: str, origin: str) -> str:
    """A URL of the report's own site as its path, any other as it is.

    Internal links are made absolute against the origin the report was presented for (the API
    answers each origin its own), so an item's identity leaves that origin out: the same item has
    the same identity, and the same anchor, whichever address the reader used.
    """
    return url[len(origin) :] if origin and url.startswith(origin + "/") else url


def _origin(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def items_of(report: dict) -> dict[str, list[Item]]:
    """The report's markable items by kind, in document order (a bullet before its children)."""
    found: dict[str, list[Item]] = {kind: [] for kind in MARKED_KINDS}
    origin = _origin(report.get("url", ""))

    def add(kind, data, section, heading, depth, text, identity):
        found[kind].append(
            Item(kind, data, section, heading, depth, len(found[kind]), text, identity=identity)
        )

    def walk(bullets, section, heading, depth):
        for bullet in bullets:
            text = plain_text(bullet["html"])
            hrefs = tuple(site_relative(href, origin) for href in _HREF.findall(bullet["html"]))
            add("bullets", bullet, section, heading, depth, text, (normalise(text), hrefs))
            walk(bullet.get("children") or [], section, heading, depth + 1)

    for index, section in enumerate(report.get("sections") or []):
        kind, heading = section["type"], section.get("heading", "")
        if kind == "bullets":
            walk(section["items"], index, heading, 0)
        elif kind == "actions":
            for action in section["items"]:
                url = site_relative(action["url"], origin)
                identity = (normalise(action["title"]), str(action["date"]), url)
                add("actions", action, index, heading, 0, action["title"], identity)
        elif kind == "links":
            for link in section["items"]:
                identity = (normalise(link["title"]), site_relative(link["url"], origin))
                add("links", link, index, heading, 0, link["title"], identity)
    return found


# Pairing


@dataclass
class Pair:
    """An item of the report and its counterpart in the previous one (either may be None)."""

    status: str | None  # NEW, CHANGED, REMOVED or UNCHANGED (None)
    new: Item | None
    old: Item | None


def similarity(new: Item, old: Item) -> float:
    """How alike two items of one kind read, 0 to 1. A link or action to the same address is one item."""
    if new.kind in ("links", "actions") and new.data.get("url") and new.data["url"] == old.data.get("url"):
        return 1.0
    a, b = new.key, old.key
    if not a or not b:
        return 0.0
    return max(_character_ratio(a, b), _word_coverage(a, b))


def _character_ratio(a: str, b: str) -> float:
    """A reworded sentence: most characters in the same order."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # The cheap upper bounds first: most pairs of a report are far apart.
    if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
        return 0.0
    return matcher.ratio()


def _word_coverage(a: str, b: str) -> float:
    """An item written longer or shorter: the share of the shorter one's words the other keeps, in order.

    Weighted by the words' length, so short words ("och", "är") count for little.

    Editors often extend last week's bullet ("Medieintresset är lågt." → "Medieintresset är
    fortsatt lågt; två frågor har besvarats."), which the character ratio of two very different
    lengths misses. Items of fewer than MIN_WORDS words are left to the character ratio, so a
    short phrase is not found inside any long sentence.
    """
    words_a, words_b = _WORD.findall(a), _WORD.findall(b)
    if min(len(words_a), len(words_b)) < MIN_WORDS:
        return 0.0
    if sum(map(len, words_a)) > sum(map(len, words_b)):
        words_a, words_b = words_b, words_a
    matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
    kept = sum(len(word) for i, _j, n in matcher.get_matching_blocks() for word in words_a[i : i + n])
    return kept / sum(map(len, words_a))


def pair(new_items: list[Item], old_items: list[Item]) -> list[Pair]:
    """Every item of both lists in exactly one pair (see the module docstring for the rules)."""
    pairs: list[Pair] = []
    unmatched_old = list(old_items)
    rest_new = []
    for item in new_items:
        twin = next((old for old in unmatched_old if old.identity == item.identity), None)
        if twin is None:
            rest_new.append(item)
        else:
            unmatched_old.remove(twin)
            pairs.append(Pair(UNCHANGED, item, twin))

    candidates = []
    for new in rest_new:
        for old in unmatched_old:
            score = similarity(new, old)
            if score >= SIMILARITY:
                candidates.append((-score, new.position, old.position, new, old))
    candidates.sort(key=lambda c: c[:3])
    taken_new, taken_old = set(), set()
    for _score, new_pos, old_pos, new, old in candidates:
        if new_pos in taken_new or old_pos in taken_old:
            continue
        taken_new.add(new_pos)
        taken_old.add(old_pos)
        pairs.append(Pair(CHANGED, new, old))

    pairs += [Pair(NEW, item, None) for item in rest_new if item.position not in taken_new]
    pairs += [Pair(REMOVED, None, item) for item in unmatched_old if item.position not in taken_old]
    return pairs


@dataclass
class Comparison:
    """The pairs of every kind, and the counts the contract carries."""

    pairs: list[Pair]
    compared_with: int | None

    def count(self, status) -> int:
        return sum(1 for p in self.pairs if p.status == status)

    @property
    def summary(self) -> dict:
        return {
            "new": self.count(NEW),
            "changed": self.count(CHANGED),
            "removed": self.count(REMOVED),
            "compared_with": self.compared_with,
        }


def compare(report: dict, previous: dict | None) -> Comparison:
    """Pair the items of `report` with those of `previous` (None: the first report, nothing paired)."""
    if previous is None:
        return Comparison(pairs=[], compared_with=None)
    ours, theirs = items_of(report), items_of(previous)
    pairs = []
    for kind in MARKED_KINDS:
        pairs += pair(ours[kind], theirs[kind])
    return Comparison(pairs=pairs, compared_with=previous.get("id"))


def mark(report: dict, previous: dict | None) -> dict:
    """Add `change` to each bullet, action and link of `report`, and return the `changes` summary.

    The first report of a series (`previous` None) gets `change: None` everywhere and
    `compared_with: None`: there is nothing to be new against.
    """
    for items in items_of(report).values():
        for item in items:
            item.data["change"] = UNCHANGED
    comparison = compare(report, previous)
    for p in comparison.pairs:
        if p.new is not None:
            p.new.data["change"] = p.status
    return comparison.summary


# Word diff, for the comparison view


_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str, labels: tuple[str, str] = ("", "")) -> tuple[str, str]:
    """Two plain texts as escaped html: removed words in <del> in the old, added ones in <ins> in the new.

    `labels` (removed, added) are put inside each <del> and <ins> for screen readers, which
    mostly do not announce the elements themselves; the caller hides them visually.
    """
    removed_label, added_label = (
        f'<span class="w-sr-only">{escape(label)}</span>' if label else "" for label in labels
    )
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            old_html.append(escape(removed))
            new_html.append(escape(added))
            continue
        if removed.strip():
            old_html.append(f"<del>{removed_label}{escape(removed)}</del>")
        else:
            old_html.append(escape(removed))
        if added.strip():
            new_html.append(f"<ins>{added_label}{escape(added)}</ins>")
        else:
            new_html.append(escape(added))
    return "".join(old_html), "".join(new_html)


# The report compared with


def previous_report(page):
    """The previous published report of `page`'s series, as the public sees it, or None.

    "Previous" by `compiled_at` (then first publication, then id, as the series lists them) among
    the series' reports that the one visibility rule lets the public see on the page's site, not
    counting `page` itself, which may be a draft in preview. Its page row is its published content.
    The series' reports are read through `page`'s own class: a rule names no model of the plugin.
    """
    from django.db.models import Q

    from . import visibility

    if not page.depth or page.compiled_at is None:
        return None
    site = page.get_site()
    root_path = site.root_page.path if site is not None else page.path[: page.steplen]
    earlier = Q(compiled_at__lt=page.compiled_at)
    if page.pk is not None:
        earlier |= Q(compiled_at=page.compiled_at, pk__lt=page.pk)
    siblings = type(page).objects.filter(path__startswith=page.path[: -page.steplen], depth=page.depth)
    return (
        visibility.visible_pages(siblings.exclude(pk=page.pk), root_path)
        .filter(earlier)
        .order_by(*visibility.ORDER)
        .first()
    )


# Side by side, for the comparison view


def display_text(item: Item) -> str:
    """An item as one line of plain text, with what its marker also compares (an address, a date)."""
    if item.kind == "actions":
        text = f"{item.data['date']}: {item.text}"
    else:
        text = item.text
    url = item.data.get("url") if item.kind != "bullets" else ""
    return f"{text} ({url})" if url else text


@dataclass
class Row:
    """One line of the comparison: the previous item and this report's, as html with words marked."""

    status: str  # NEW, CHANGED or REMOVED
    kind: str
    heading: str  # the section the item is in (for a removed item: where it was)
    depth: int
    old_html: str
    new_html: str


def rows(comparison: Comparison, labels: tuple[str, str] = ("", "")) -> list[Row]:
    """The changed, new and removed items, in this order, each in document order (`labels`: word_diff's)."""
    found = []
    order = {CHANGED: 0, NEW: 1, REMOVED: 2}
    for p in comparison.pairs:
        if p.status is UNCHANGED:
            continue
        old_text = display_text(p.old) if p.old else ""
        new_text = display_text(p.new) if p.new else ""
        if p.status == CHANGED:
            old_html, new_html = word_diff(old_text, new_text, labels)
        else:
            old_html, new_html = escape(old_text), escape(new_text)
        item = p.new or p.old
        sort_key = (order[p.status], item.section, MARKED_KINDS.index(item.kind), item.position)
        found.append((sort_key, Row(p.status, item.kind, item.heading, item.depth, old_html, new_html)))
    return [row for _key, row in sorted(found, key=lambda pair: pair[0])]
