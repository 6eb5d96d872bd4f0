"""The render of a stale PDF as a django-tasks task (a publication's render is the outbox's "pdf"
channel, `channel`).

With the immediate backend (the default) it runs at once in the request that found the copy
stale. With a worker (django-tasks-db) it never runs in a visitor's request: the PDF view answers
"being made" until the worker has stored the copy.
"""

import logging

from django.core.cache import caches
from django_tasks import task

from ..conf import delivery_settings
from . import publishing

logger = logging.getLogger(__name__)
REFRESH_CLAIM_SECONDS = 120


@task()
def refresh(page_id: int) -> int | None:
    copy = publishing.refresh(page_id)
    return copy.pk if copy else None


def enqueue_refresh(page_id: int, key: str) -> None:
    """Ask for a new copy of a stale one, once per content while the first request is pending."""
    claim = f"lagesbild:pdf:refresh:{page_id}:{key}"
    try:
        if not caches[delivery_settings.CACHE_ALIAS].add(claim, 1, timeout=REFRESH_CLAIM_SECONDS):
            return
    except Exception:
        logger.warning("The shared cache could not be reached; rendering the PDF anyway", exc_info=True)
    try:
        refresh.enqueue(page_id)
    except Exception:
        logger.exception("Could not render the PDF of report %s", page_id)
