"""Which changes of a report are outbox events, written in the change's own transaction.

- `rapport.published`: a report goes live: its first publication, or live again after an
  unpublication.
- `rapport.updated`: a new revision of a report that is live already.
- `rapport.unpublished`: a live report is unpublished (also when it expires, or is deleted:
  Wagtail unpublishes a live page before deleting it).

Wagtail sends `page_published` inside the publish (the plugin's pages publish in one transaction,
`rapport_blocks.models.PublishedAtomically`), and also, with `live` False, when a page that was
never published is only scheduled; a scheduled revision of a live page fires it with the old
revision still live. So the receiver looks at what is live. The event and its deliveries are
written right there, in the publish's transaction: they exist exactly when the publish commits,
and a rollback leaves none. Sending starts once the transaction has committed (on_commit), as a
task per channel.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from rapport_blocks.models import OutboxDelivery, OutboxEvent, RapportPage

from . import channels, tasks


def write(page, event_type: str, *, content=None, revision=None, occurred_at=None, **facts) -> OutboxEvent:
    """The event, and one pending delivery per target each channel names for it.

    `content` is the report as the revision holds it (what the channels' targets read); without
    it, the page itself.
    """
    event = OutboxEvent.objects.create(
        page_id=page.pk,
        type=event_type,
        revision=revision,
        occurred_at=occurred_at or timezone.now(),
        **facts,
    )
    for channel in channels.installed():
        targets = channel.targets(event, content if content is not None else page)
        # The unique (event, channel, lower(target)) drops a target named twice, in any case.
        OutboxDelivery.objects.bulk_create(
            [OutboxDelivery(event=event, channel=channel.name, target=target) for target in targets],
            ignore_conflicts=True,
        )
    return event


def publication(page: RapportPage, revision) -> OutboxEvent:
    """The event of this publication of a live report (written once, however often the signal comes)."""
    earlier = OutboxEvent.objects.filter(page_id=page.pk)
    same = earlier.filter(occurred_at=page.last_published_at).exclude(type=OutboxEvent.UNPUBLISHED).first()
    if same is not None:
        return same
    first = (
        page.first_published_at is not None
        and page.first_published_at == page.last_published_at
        and not earlier.filter(first_publication=True).exists()
    )
    latest = earlier.order_by("-created_at", "-pk").first()
    again = latest is not None and latest.type == OutboxEvent.UNPUBLISHED
    event = write(
        page,
        OutboxEvent.PUBLISHED if first or again else OutboxEvent.UPDATED,
        content=revision.as_object(),
        revision=revision,
        occurred_at=page.last_published_at,
        first_publication=first,
        send_update=bool((revision.content or {}).get("send_update")),
    )
    if page.send_update:
        # The tick belonged to this revision; a script that saves the live row again starts unticked.
        RapportPage.objects.filter(pk=page.pk).update(send_update=False)
    return event


def on_published(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, RapportPage) or not instance.live or revision is None:
        return
    if instance.live_revision_id != revision.pk:
        return  # a scheduled revision of a live page: its event comes when it goes live
    event = publication(instance, revision)
    transaction.on_commit(partial(tasks.enqueue_event, event.pk))


def on_unpublished(sender, instance, **kwargs):
    if not isinstance(instance, RapportPage):
        return
    event = write(instance, OutboxEvent.UNPUBLISHED)
    transaction.on_commit(partial(tasks.enqueue_event, event.pk))


def connect():
    page_published.connect(on_published, dispatch_uid="frontend_widget.outbox.on_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="frontend_widget.outbox.on_unpublished")
