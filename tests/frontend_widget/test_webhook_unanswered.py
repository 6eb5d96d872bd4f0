"""A receiver that takes the request but never answers in time: the "Utskick" page says so in Swedish,
and the webhook is sent again with the same webhook-id, which the receiver handles once."""

import pytest
import urllib3

from frontend_widget.outbox import sending
from frontend_widget.webhooks import http
from rapport_blocks.models import OutboxDelivery
from tests import factories
from tests.frontend_widget.webhook_support import endpoint_at

pytestmark = pytest.mark.django_db


def test_no_answer_in_time_is_sent_again_with_the_same_id(series, commit, webhooks, receiver, monkeypatch):
    monkeypatch.setattr(http, "TIMEOUT", urllib3.Timeout(connect=3.0, total=0.5))
    receiver.hold = 1.5  # it reads the request, then answers too late
    endpoint_at(receiver, series, "/hook")
    with commit():
        factories.make_report(series=series, title="Vecka 49")

    delivery = OutboxDelivery.objects.get(channel="webhook")
    assert delivery.status == "failed" and delivery.next_attempt_at is not None
    assert delivery.last_error == (
        "Avbröts under sändningen: skickas igen med samma webhook-id. "
        "(Skickat, men inget svar kom inom 0.5 sekunder.)"
    )

    receiver.hold = 0
    sending.run(delivery.event_id, "webhook", now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert [received.id for received in receiver.to("/hook")] == [str(delivery.uid)] * 2
    assert len(receiver.handled_at("/hook")) == 1
