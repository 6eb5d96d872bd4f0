"""A publish gives one signed `rapport.published` per endpoint: the public report, as the API serves it."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from rapport_blocks.models import OutboxDelivery, OutboxEvent, WebhookEndpoint
from tests import factories
from tests.frontend_widget.webhook_support import body, endpoint_at

pytestmark = pytest.mark.django_db


def test_each_endpoint_of_the_series_gets_one_verified_published_event(
    series, commit, webhooks, receiver, client
):
    endpoint_at(receiver, series, "/a"), endpoint_at(receiver, series, "/b")
    other_series = factories.make_series(title="Annan serie", slug="annan")
    elsewhere = WebhookEndpoint.objects.create(series=other_series, url=receiver.expect("/c", "whsec_AAAA"))

    with commit():
        report = factories.make_report(series=series, title="Vecka 49")

    assert [r.verified for r in receiver.requests] == [True, True]
    for path in ("/a", "/b"):
        (received,) = receiver.to(path)
        payload = body(received)
        assert payload["type"] == "rapport.published"
        event = OutboxEvent.objects.get(page=report, type="rapport.published")
        sent_at = datetime.fromisoformat(payload["timestamp"])
        assert abs(sent_at - event.occurred_at) < timedelta(milliseconds=1)
        # Stockholm's offset, as every time in the contract (never UTC's "Z").
        assert sent_at.utcoffset() == timezone.localtime(event.occurred_at).utcoffset() != timedelta(0)
        assert payload["data"]["id"] == report.pk and payload["data"]["title"] == "Vecka 49"
        # The report as the public API serves it at the site's own address.
        api = client.get(f"/api/lagesbild/{report.pk}/", HTTP_HOST="localhost").json()
        assert payload["data"] == api
    assert receiver.to("/c") == [] and elsewhere.pk
    ids = {received.id for received in receiver.requests}
    assert ids == {str(d.uid) for d in OutboxDelivery.objects.filter(channel="webhook")}
    assert set(OutboxDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_an_update_and_an_unpublication_follow_with_their_own_types(series, commit, webhooks, receiver):
    endpoint_at(receiver, series, "/a")
    with commit():
        report = factories.make_report(series=series, title="Vecka 49")
    with commit():
        report.title = "Vecka 49, rättad"
        report.save_revision().publish()
    with commit():
        report.unpublish()

    payloads = [body(received) for received in receiver.to("/a")]
    assert [p["type"] for p in payloads] == ["rapport.published", "rapport.updated", "rapport.unpublished"]
    assert payloads[1]["data"]["title"] == "Vecka 49, rättad"
    assert payloads[2]["data"] == {"id": report.pk}  # the id and no content
    assert all(received.verified for received in receiver.requests)
