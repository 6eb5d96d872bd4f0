"""Which answers are getting old: "FAQ att granska" lists them, the dashboard counts them.

A question is due when its "senast granskad" date is older than the review period
(RAPPORT_BLOCKS_FAQ_REVIEW_DAYS, default 90 days) or missing. The maintainers' current content
counts (the newest revision, published or not): a review saved as a draft is a review done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ..conf import rapport_settings


def review_days() -> int:
    return int(rapport_settings.FAQ_REVIEW_DAYS)


@dataclass(frozen=True)
class DueQuestion:
    page_id: int
    page_title: str
    category: str
    question: str
    anchor: str
    reviewed_at: dt.date | None
    block_id: str | None  # the list item's id: the admin scrolls to "#block-<id>-section"
    days_since: int | None

    @property
    def edit_url(self) -> str:
        url = reverse("wagtailadmin_pages:edit", args=[self.page_id])
        return f"{url}#block-{self.block_id}-section" if self.block_id else url


def due_questions(pages, *, today: dt.date | None = None, days: int | None = None) -> list[DueQuestion]:
    """The due questions of `pages` (FaqPages), never-reviewed and oldest first."""
    today = today or timezone.localdate()
    days = review_days() if days is None else days
    limit = today - dt.timedelta(days=days)
    due = []
    for page in pages:
        current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        for child in current.body or []:
            if child.block_type != "category":
                continue
            for item in child.value["questions"].bound_blocks:
                reviewed_at = item.value.get("reviewed_at")
                if reviewed_at is not None and reviewed_at >= limit:
                    continue
                due.append(
                    DueQuestion(
                        page_id=page.pk,
                        page_title=current.title,
                        category=child.value["heading"],
                        question=item.value["question"],
                        anchor=item.value.get("anchor") or "",
                        reviewed_at=reviewed_at,
                        block_id=item.id,
                        days_since=(today - reviewed_at).days if reviewed_at else None,
                    )
                )
    return sorted(due, key=lambda q: (q.reviewed_at is not None, q.reviewed_at or today, q.page_title))
