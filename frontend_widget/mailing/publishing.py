"""Which publications are e-mailed: the first publication of a report, and a revision with
"Skicka uppdatering". Nothing else (a plain republish, a scheduled publication that is not live yet).

Wagtail sends `page_published` inside the publish, and also, with `live` False, when a page that
was never published is only scheduled; a scheduled revision of a live page fires it with the old
revision still live. So the receiver looks at what is live, and starts the dispatch only once the
publish has committed: a rollback after the signal must not leave e-mails behind.
"""

from django.db import transaction
from wagtail.signals import page_published

from rapport_blocks.models import Dispatch, RapportPage

from . import dispatch, tasks


def kind_of(page: RapportPage, revision) -> str | None:
    """Dispatch.FIRST, Dispatch.UPDATE or None (nothing to send) for a publication that is live."""
    first = page.first_published_at is not None and page.first_published_at == page.last_published_at
    if first and not Dispatch.objects.filter(page=page, kind=Dispatch.FIRST).exists():
        return Dispatch.FIRST
    if (revision.content or {}).get("send_update"):
        return Dispatch.UPDATE
    return None


def start_and_enqueue(page_id: int, revision_id: int, kind: str) -> None:
    page = RapportPage.objects.filter(pk=page_id, live=True).first()
    revision = page.revisions.filter(pk=revision_id).first() if page else None
    if revision is None:  # unpublished or deleted in the meantime
        return
    if Dispatch.objects.filter(revision=revision).exists():
        return  # this revision was already dispatched (the signal fired twice)
    started = dispatch.start(page, revision, kind)
    if page.send_update:
        # The tick belonged to this revision; a script that saves the live row again starts unticked.
        RapportPage.objects.filter(pk=page.pk).update(send_update=False)
    tasks.enqueue(started.pk)


def on_published(sender, instance, revision, **kwargs):
    if not isinstance(instance, RapportPage) or not instance.live or revision is None:
        return
    if instance.live_revision_id != revision.pk:
        return  # a scheduled revision of a live page: it is sent when it goes live
    kind = kind_of(instance, revision)
    if kind is not None:
        transaction.on_commit(lambda: start_and_enqueue(instance.pk, revision.pk, kind))


def connect():
    page_published.connect(on_published, dispatch_uid="frontend_widget.mailing.on_published")
