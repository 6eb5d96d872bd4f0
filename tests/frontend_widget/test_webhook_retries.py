"""A receiver that is down is tried again with backoff until it answers, and gets the event once."""

import datetime as dt

import pytest

from frontend_widget.outbox import sending
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from tests import factories
from tests.frontend_widget.webhook_support import Receiver, body, endpoint_at, free_port

pytestmark = pytest.mark.django_db


def test_down_for_three_tries_then_up_delivers_once_with_one_id(series, commit, webhooks):
    receiver = Receiver(port=free_port())  # not listening yet: every connection is refused
    endpoint_at(receiver, series, "/hook")
    with commit():
        report = factories.make_report(series=series, title="Vecka 49")
    event = OutboxEvent.objects.get(page_id=report.pk)
    delivery = OutboxDelivery.objects.get(event=event, channel="webhook")
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    for attempt in (2, 3):
        sending.run(event.pk, "webhook", now=delivery.next_attempt_at)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("failed", attempt)
        assert delivery.last_error == f"127.0.0.1:{receiver.port} nekade anslutningen: är mottagaren igång?"

    receiver.start()
    try:
        sending.run(event.pk, "webhook", now=delivery.next_attempt_at)
        sending.run(event.pk, "webhook", now=delivery.next_attempt_at + dt.timedelta(days=1))  # nothing left
    finally:
        receiver.stop()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 4)
    (received,) = receiver.requests
    assert received.verified and received.id == str(delivery.uid)
    assert body(received)["type"] == "rapport.published"
