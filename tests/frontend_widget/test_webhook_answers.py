"""What a receiver's answer does: 410 disables the endpoint, 429's Retry-After is honoured, 5xx is retried,
another 4xx or a redirect fails for good."""

import datetime as dt

import pytest

from frontend_widget.outbox import sending
from rapport_blocks.models import OutboxDelivery, OutboxEvent, WebhookEndpoint
from tests import factories
from tests.frontend_widget.webhook_support import endpoint_at

pytestmark = pytest.mark.django_db


def publish(series, commit, title="Vecka 49"):
    with commit():
        report = factories.make_report(series=series, title=title)
    event = OutboxEvent.objects.get(page_id=report.pk)
    return event, OutboxDelivery.objects.get(event=event, channel="webhook")


def test_a_410_disables_the_endpoint_and_later_publishes_skip_it(series, commit, webhooks, receiver):
    endpoint = endpoint_at(receiver, series, "/gone")
    receiver.script["/gone"] = [(410, {})]
    _event, delivery = publish(series, commit)
    assert (delivery.status, delivery.next_attempt_at) == ("failed", None)
    endpoint.refresh_from_db()
    assert not endpoint.active
    assert "410" in endpoint.disabled_reason and "inte finns längre" in endpoint.disabled_reason

    with commit():
        factories.make_report(series=series, title="Vecka 50")
    assert len(receiver.requests) == 1  # the disabled endpoint is not a target any more


def test_a_429s_retry_after_is_honoured(series, commit, webhooks, receiver):
    endpoint_at(receiver, series, "/busy")
    receiver.script["/busy"] = [(429, {"Retry-After": "120"})]
    before = dt.datetime.now(dt.UTC)
    event, delivery = publish(series, commit)
    assert delivery.status == "failed" and delivery.last_error.startswith("HTTP 429")
    wait = (delivery.next_attempt_at - before).total_seconds()
    assert 120 <= wait < 130  # the receiver's 120 s, not the backoff's minute ± jitter

    sending.run(event.pk, "webhook", now=before + dt.timedelta(seconds=90))
    assert len(receiver.requests) == 1  # not yet due
    sending.run(event.pk, "webhook", now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == "sent" and len(receiver.requests) == 2
    assert len({request.id for request in receiver.requests}) == 1 and len(receiver.handled) == 1


@pytest.mark.parametrize(
    ("answer", "retried"),
    [(503, True), (500, True), (400, False), (404, False), (301, False)],
)
def test_5xx_is_retried_and_another_4xx_or_a_redirect_is_not(
    series, commit, webhooks, receiver, answer, retried
):
    endpoint_at(receiver, series, "/x")
    receiver.script["/x"] = [(answer, {"Location": "http://127.0.0.1:1/elsewhere"} if answer == 301 else {})]
    _event, delivery = publish(series, commit)
    assert delivery.status == "failed" and delivery.last_error.startswith(f"HTTP {answer}")
    assert (delivery.next_attempt_at is not None) is retried
    assert len(receiver.requests) == 1  # the redirect was not followed
    assert WebhookEndpoint.objects.get().active
