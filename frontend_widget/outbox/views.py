"""The admin's "Utskick" page per report: every event, each channel's deliveries, and the retries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from rapport_blocks.models import OutboxDelivery, OutboxEvent, RapportPage

from . import channels, sending, tasks


@dataclass
class ChannelDeliveries:
    """One channel's deliveries of one event, as the page shows them."""

    name: str
    label: str
    target_heading: str
    retry_label: str
    shows_targets: bool
    rows: list = field(default_factory=list)  # (delivery, the target as shown)

    def count(self, *statuses) -> int:
        return sum(1 for delivery, _shown in self.rows if delivery.status in statuses)

    @property
    def sent(self) -> int:
        return self.count(OutboxDelivery.SENT)

    @property
    def failed(self) -> int:
        return self.count(OutboxDelivery.FAILED)

    @property
    def waiting(self) -> int:
        return self.count(OutboxDelivery.PENDING, OutboxDelivery.SENDING)

    @property
    def next_attempt_at(self):
        return min((d.next_attempt_at for d, _shown in self.rows if d.next_attempt_at), default=None)


def _report_for_editor(request, page_id: int) -> RapportPage:
    report = get_object_or_404(RapportPage, pk=page_id)
    if not report.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return report


def by_channel(event: OutboxEvent, user) -> list[ChannelDeliveries]:
    """The event's deliveries grouped per channel, in the site's channel order (unknown ones last)."""
    installed = {channel.name: channel for channel in channels.installed()}
    order = list(installed)
    groups: dict[str, ChannelDeliveries] = {}
    for delivery in event.deliveries.all():
        channel = installed.get(delivery.channel) or channels.Channel()
        group = groups.get(delivery.channel)
        if group is None:
            label = channel.label if delivery.channel in installed else delivery.channel
            group = groups[delivery.channel] = ChannelDeliveries(
                delivery.channel,
                label,
                channel.target_heading,
                channel.retry_label,
                channel.shows_targets(user),
            )
        group.rows.append((delivery, channel.describe(delivery, user)))
    return sorted(groups.values(), key=lambda g: order.index(g.name) if g.name in order else len(order))


def report_log(request, page_id: int):
    """Every event of one report that had something to send, newest first, per channel."""
    report = _report_for_editor(request, page_id)
    events = (
        OutboxEvent.objects.filter(page_id=report.pk)
        .annotate(deliveries_count=Count("deliveries"))
        .filter(Q(deliveries_count__gt=0) | Q(first_publication=True))
        .prefetch_related("deliveries")
    )
    shown = []
    for event in events:
        groups = by_channel(event, request.user)
        # The task's error may name a target: only for those who see every channel's targets.
        shown.append((event, groups, all(group.shows_targets for group in groups)))
    context = {
        "report": report,
        "events": shown,
        "page_title": _("Mailings"),
        "page_subtitle": report.get_admin_display_title(),
        "header_icon": "mail",
    }
    return TemplateResponse(request, "frontend_widget/admin/outbox.html", context)


@require_POST
def retry(request, event_id: int):
    """An editor's "Försök igen": every failed delivery of the event (or of one channel), now."""
    event = get_object_or_404(OutboxEvent, pk=event_id)
    _report_for_editor(request, event.page_id)
    channel = request.POST.get("channel") or None
    count = sending.retry_failed(event, channel)
    names = (
        [channel] if channel else {d.channel for d in event.deliveries.filter(status=OutboxDelivery.FAILED)}
    )
    for name in names:
        tasks.enqueue(event.pk, name)
    messages.success(request, _("Retrying %(count)s failed delivery(ies).") % {"count": count})
    return redirect("rapport_utskick:report", event.page_id)


@require_POST
def retry_delivery(request, delivery_id: int):
    """An editor's "Skicka igen" for one failed delivery."""
    delivery = get_object_or_404(OutboxDelivery.objects.select_related("event"), pk=delivery_id)
    _report_for_editor(request, delivery.event.page_id)
    if sending.retry_delivery(delivery):
        tasks.enqueue(delivery.event_id, delivery.channel)
        messages.success(request, _("Sending again."))
    return redirect("rapport_utskick:report", delivery.event.page_id)
