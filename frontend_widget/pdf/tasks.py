"""The PDF channel's django-tasks tasks: the publish's render, and the render of a stale copy.

With the immediate backend (the default) a task runs at once in the process that enqueued it: the
publish's render after its commit, in the publishing request, and a stale copy's in the request
that found it stale. With a worker (django-tasks-db) neither ever runs in a visitor's request:
the PDF view answers "being made" until the worker has stored the copy.
"""

import logging

from django.core.cache import caches
from django.db import transaction
from django_tasks import task
from wagtail.signals import page_published

from rapport_blocks.models import RapportPage

from ..conf import delivery_settings
from . import publishing

logger = logging.getLogger(__name__)
REFRESH_CLAIM_SECONDS = 120


@task()
def render_publication(page_id: int, revision_id: int) -> list[int]:
    return [copy.pk for copy in publishing.render_publication(page_id, revision_id)]


@task()
def refresh(page_id: int) -> int | None:
    copy = publishing.refresh(page_id)
    return copy.pk if copy else None


def enqueue_publication(page_id: int, revision_id: int) -> None:
    """Hand the publish's render to the task backend; a failure is logged, the publish stands."""
    try:
        render_publication.enqueue(page_id, revision_id)
    except Exception:
        logger.exception("Could not render the PDF of report %s, revision %s", page_id, revision_id)


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


def on_published(sender, instance, revision, **kwargs):
    if not isinstance(instance, RapportPage) or not instance.live or revision is None:
        return
    if instance.live_revision_id != revision.pk:
        return  # a scheduled revision of a live page: rendered when it goes live
    transaction.on_commit(lambda: enqueue_publication(instance.pk, revision.pk))


def connect():
    page_published.connect(on_published, dispatch_uid="frontend_widget.pdf.on_published")
