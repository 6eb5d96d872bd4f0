"""Stable anchors: the `#fragment` of each question, so a link to an answer keeps working.

An anchor is made once from the question's first wording and stored in the question's block
value. Editing the question, moving it to another category or reordering never changes it; only
a question without an anchor (new, or imported) gets one, and a duplicate (a question copied in
the admin keeps its original's value) gets a fresh one while the first on the page keeps it.
"""

import re

from django.utils.text import slugify

MAX_LENGTH = 60
FALLBACK = "fraga"
VALID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")
# Ids the FAQ page's own template uses: a question must never take one of them.
RESERVED = frozenset({"innehall", "faq-sok", "faq-resultat", "faq-innehall", "faq-status"})


class HasQuestions:
    """A page type whose `body` is categories of questions with anchors (`FaqPage` mixes it in).

    So the blocks and the link rules below the models (`links`) know an FAQ page when they see one
    without importing its model.
    """


def base_anchor(question: str, fallback: str = FALLBACK) -> str:
    """A readable anchor from the question: ASCII words joined by hyphens, at most MAX_LENGTH long.

    "Får jag boka utbildning?" becomes "far-jag-boka-utbildning" (å, ä and ö lose their marks,
    so the address survives any mail client or chat that mangles non-ASCII fragments). A report's
    section headings are made anchors the same way (`rapport_blocks.rules.anchors`).
    """
    slug = slugify(question or "")
    if len(slug) > MAX_LENGTH:
        cut = slug[: MAX_LENGTH + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_LENGTH]
    slug = slug.strip("-")
    return slug if VALID.fullmatch(slug or "") else fallback


def unique(base: str, taken: set[str]) -> str:
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    return anchor


def questions(body):
    """Every question value of an FAQ body (a StreamValue of categories), in page order."""
    for child in body or []:
        if child.block_type == "category":
            yield from child.value["questions"]


def anchors_of(body) -> list[str]:
    return [question.get("anchor") or "" for question in questions(body)]


def ensure(body) -> None:
    """Give every question of `body` an anchor, in place, keeping every anchor that is already good.

    Two passes, so a new question whose wording matches an old one's anchor can never take that
    anchor from it: first the kept anchors are claimed, then the missing ones are made around them.
    """
    taken = set(RESERVED)
    missing = []
    for question in questions(body):
        anchor = question.get("anchor") or ""
        if VALID.fullmatch(anchor) and anchor not in taken:
            taken.add(anchor)
        else:
            missing.append(question)
    for question in missing:
        question["anchor"] = unique(base_anchor(question.get("question", "")), taken)
        taken.add(question["anchor"])
