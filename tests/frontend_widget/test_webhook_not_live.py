"""A report that the public may not see is never posted to a webhook."""

import pytest
from wagtail.models import PageViewRestriction

from frontend_widget.outbox import sending
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from tests import factories
from tests.frontend_widget.webhook_support import endpoint_at

pytestmark = pytest.mark.django_db


def test_a_draft_sends_nothing(series, commit, webhooks, receiver):
    endpoint_at(receiver, series, "/hook")
    with commit():
        factories.make_report(series=series, publish=False).save_revision()
    assert receiver.requests == [] and not OutboxDelivery.objects.exists()


def test_a_report_behind_a_login_sends_nothing(series, commit, webhooks, receiver):
    endpoint_at(receiver, series, "/hook")
    PageViewRestriction.objects.create(page=series, restriction_type="login")
    with commit():
        report = factories.make_report(series=series, title="Intern rapport")
    event = OutboxEvent.objects.get(page_id=report.pk)
    delivery = OutboxDelivery.objects.get(event=event)
    assert delivery.status == "failed" and "inte publik" in delivery.last_error
    sending.retry_failed(event)
    sending.run(event.pk, "webhook")
    assert receiver.requests == []


def test_a_report_restricted_before_a_retry_is_not_sent_then(series, commit, webhooks, receiver):
    endpoint_at(receiver, series, "/hook")
    receiver.script["/hook"] = [(503, {})]
    with commit():
        report = factories.make_report(series=series, title="Vecka 49")
    delivery = OutboxDelivery.objects.get()
    PageViewRestriction.objects.create(page=report, restriction_type="login")
    sending.run(delivery.event_id, "webhook", now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (
        len(receiver.requests) == 1 and delivery.status == "failed" and "inte publik" in delivery.last_error
    )
