"""Which questions have changed since the maintainers last reviewed them: the FAQ's "Uppdaterad".

A reader sees "Senast granskad 20 november 2026" under an answer. When the question or its answer
was changed in a later publication than the one that gave it that review date, the review no
longer covers the words the reader sees: the question is marked "Uppdaterad", the FAQ's
counterpart of a report's "Ändrad" (`changes`). Edits published together with the new review
date are part of that review. A question never reviewed counts from its first publication.

The history is the page's publications in order (Wagtail's "publish" log entries and the
revisions they name), so a draft never counts, and the presented page itself comes last: a
preview shows what its publication would mark. Publication order, not dates, decides, so an edit
saved on the day of the review but published the next day is still part of it. Wording is
compared as readers read it (`changes.normalise` of the plain text, and the links' targets), so
rich text stored again with other markup is no change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..rules.changes import normalise, plain_text

_LINK_TAG = re.compile(r"<a\b[^>]*>")
_BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def wording(question: dict) -> tuple:
    """What a change to the question is: its text, its answer's text and the answer's links."""
    answer = str(question.get("answer") or "")
    links = tuple(_BLOCK_KEY.sub("", tag) for tag in _LINK_TAG.findall(answer))
    return normalise(question.get("question") or ""), normalise(plain_text(answer)), links


def raw_questions(body) -> list[dict]:
    """The question values of an FAQ body's stored (raw) form: a revision's, or a StreamValue's raw_data."""
    if isinstance(body, str):
        body = json.loads(body or "[]")
    found = []
    for child in body or []:
        if child.get("type") != "category":
            continue
        for item in (child.get("value") or {}).get("questions") or []:
            # A ListBlock item is {"type": "item", "value": ..., "id": ...}; older data holds the value.
            value = item.get("value") if isinstance(item, dict) and item.get("type") == "item" else item
            if isinstance(value, dict):
                found.append(value)
    return found


@dataclass
class _Seen:
    wording: tuple
    reviewed_at: object
    reviewed_in: int  # the publication that gave it its current review date (or first showed it)
    changed_in: int | None = None  # the last publication that changed its wording


def changed_since_review(history: list[list[dict]]) -> set[str]:
    """The anchors of the questions of the last body in `history` (bodies in publication order,
    each a list of raw question values) whose wording changed after their review date was set."""
    seen: dict[str, _Seen] = {}
    for number, questions in enumerate(history):
        for question in questions:
            anchor, reviewed_at = question.get("anchor"), question.get("reviewed_at")
            if not anchor:
                continue
            words = wording(question)
            state = seen.get(anchor)
            if state is None:
                seen[anchor] = _Seen(words, reviewed_at, number)
                continue
            if str(reviewed_at) != str(state.reviewed_at):
                state.reviewed_at, state.reviewed_in = reviewed_at, number
            if words != state.wording:
                state.wording, state.changed_in = words, number
    current = {question.get("anchor") for question in history[-1]} if history else set()
    return {
        anchor
        for anchor, state in seen.items()
        if anchor in current and state.changed_in is not None and state.changed_in > state.reviewed_in
    }


def published_bodies(page) -> list[list[dict]]:
    """The page's published FAQ bodies, oldest first (one query)."""
    from wagtail.models import PageLogEntry

    contents = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish", revision__isnull=False)
        .order_by("timestamp", "pk")
        .values_list("revision__content", flat=True)
    )
    return [raw_questions((content or {}).get("body")) for content in contents]


def updated_anchors(page) -> set[str]:
    """The questions of `page` (the live row, or a draft in preview) to mark "Uppdaterad"."""
    history = published_bodies(page) if page.pk else []
    return changed_since_review([*history, raw_questions(list(page.body.raw_data))])
