"""Links from reports to one question of an FAQ page: stored as page id + anchor, never as a URL.

So the link follows the page when it is moved or renamed, and a question that has been removed
falls back to the page itself. Below the models (the report's link block validates an anchor
here), so an FAQ page is known by its `anchors.HasQuestions` mixin, not by its model.
"""

from django.utils.translation import gettext as _

from .anchors import HasQuestions, anchors_of, questions


def faq_page(page):
    """The FaqPage behind a chosen page, or None for any other kind of page."""
    if page is None:
        return None
    specific = page.specific if not isinstance(page, HasQuestions) else page
    return specific if isinstance(specific, HasQuestions) else None


def live_anchors(page) -> set[str]:
    """The anchors of the page's published questions (its live row)."""
    faq = faq_page(page)
    return set(anchors_of(faq.body)) if faq is not None and faq.live else set()


def editable_anchors(page) -> list[tuple[str, str]]:
    """(anchor, question) of the page's newest content, published or not: what an editor can pick."""
    faq = faq_page(page)
    if faq is None:
        return []
    latest = faq.get_latest_revision_as_object() if faq.has_unpublished_changes else faq
    return [(question["anchor"], question["question"]) for question in questions(latest.body)]


def anchor_problem(page, anchor: str) -> str | None:
    """Why `anchor` can't be linked on `page`, or None when it can."""
    if faq_page(page) is None:
        return _("Only an FAQ page has questions: choose an FAQ page, or leave the question empty.")
    known = {known for known, _question in editable_anchors(page)} | live_anchors(page)
    if anchor not in known:
        return _("The FAQ page has no question with the anchor “%(anchor)s”.") % {"anchor": anchor}
    return None


def question_url(page_url: str, page, anchor: str) -> str:
    """The page's URL with `#anchor` when the published page still has that question, else the page's."""
    if not page_url or not anchor or anchor not in live_anchors(page):
        return page_url
    return f"{page_url}#{anchor}"
