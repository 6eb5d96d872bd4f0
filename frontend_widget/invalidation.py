"""When cached reports go stale: every change that can alter what the public sees starts a new generation.

One coarse rule instead of working out which report a change touches: reports link to pages and
documents, share people and link collections, and a site or privacy change moves whole branches.
Changes are rare (a report a week, a few edits), so a new generation costs one rebuild per cached
answer; a missed dependency would cost a stale or leaked report.

Every receiver acts on commit: publishing through workflow approval and deleting run inside a
transaction, and a rebuild between the bump and the commit would cache the old rows again. (With
no transaction open, on_commit runs at once.) Checked on Wagtail 8.0.1: a privacy change fires no
publish signal, and a view restriction's groups are saved after its post_save, hence m2m_changed.
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from rapport_blocks.models import LinkCollection, Person

from . import delivery, purge

logger = logging.getLogger(__name__)

# Rows whose any save or delete can change a public report or which reports are public.
WATCHED_MODELS = (Site, PageViewRestriction, CollectionViewRestriction, Person, LinkCollection)
# Page fields a plain save() may change on the live row without a publish signal
# (Wagtail's unpublish(), a move, the expiry of publish_scheduled go through signals too).
PAGE_SAVE_FIELDS_THAT_MATTER = {"live", "expired", "expire_at", "slug", "url_path", "title", "live_revision"}

UID = "frontend_widget.invalidation"


def _bump():
    try:
        delivery.invalidate()
    except Exception:  # a cache that is down must not undo the editor's change
        logger.exception("Could not invalidate the cached reports")


def stale(instance=None, **kwargs):
    """Signal receiver: start a new generation once the current transaction commits.

    The front cache, if there is one, is purged after that (`purge`: it is told what changed).
    """
    transaction.on_commit(_bump)
    purge.note(instance, **kwargs)


def _page_saved(sender, instance, update_fields=None, created=False, **kwargs):
    """A direct save of a live row (a script, a fixture loader) changes what the public sees too."""
    if not isinstance(instance, Page) or (created and not instance.live):
        return
    # A draft save only writes a revision and bookkeeping fields: the live row is unchanged.
    if update_fields is not None and not (set(update_fields) & PAGE_SAVE_FIELDS_THAT_MATTER):
        return
    stale(instance)


def connect():
    page_published.connect(stale, dispatch_uid=f"{UID}.published")
    page_unpublished.connect(stale, dispatch_uid=f"{UID}.unpublished")
    post_page_move.connect(stale, dispatch_uid=f"{UID}.post_move")
    # Per page model, not for every model: a receiver without a sender would stop Django from
    # fast-deleting anything (revisions, log entries, sessions) anywhere in the project.
    for model in {Page, *get_page_models()}:
        post_delete.connect(stale, sender=model, dispatch_uid=f"{UID}.{model._meta.label}.page_deleted")
    post_save.connect(_page_saved, dispatch_uid=f"{UID}.page_saved")
    for model in (*WATCHED_MODELS, get_document_model()):
        post_save.connect(stale, sender=model, dispatch_uid=f"{UID}.{model._meta.label}.save")
        post_delete.connect(stale, sender=model, dispatch_uid=f"{UID}.{model._meta.label}.delete")
    m2m_changed.connect(stale, sender=PageViewRestriction.groups.through, dispatch_uid=f"{UID}.groups")
    m2m_changed.connect(stale, sender=CollectionViewRestriction.groups.through, dispatch_uid=f"{UID}.cgroups")
