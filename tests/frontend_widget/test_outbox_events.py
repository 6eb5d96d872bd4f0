"""Which changes of a report are outbox events, and that each is written in the change's own transaction."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from frontend_widget.outbox import events
from rapport_blocks.models import OutboxDelivery, OutboxEvent, RapportPage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def types(report) -> list[tuple[str, bool]]:
    found = OutboxEvent.objects.filter(page_id=report.pk).order_by("created_at", "pk")
    return [(event.type, event.first_publication) for event in found]


def test_publish_update_unpublish_and_publish_again_are_four_events_each_sent_once(series, commit, recording):
    with commit():
        report = factories.make_report(series=series, title="Vecka 49")
    with commit():
        report.title = "Vecka 49, rättad"
        report.save_revision().publish()
    with commit():
        report.unpublish()
    with commit():
        RapportPage.objects.get(pk=report.pk).save_revision().publish()

    assert types(report) == [
        (OutboxEvent.PUBLISHED, True),
        (OutboxEvent.UPDATED, False),
        (OutboxEvent.UNPUBLISHED, False),
        (OutboxEvent.PUBLISHED, False),  # live again: published, not the first publication
    ]
    sent = [(call.event_type, call.title) for call in recording.calls if call.target == "mottagare-a"]
    assert sent == [
        ("rapport.published", "Vecka 49"),
        ("rapport.updated", "Vecka 49, rättad"),
        ("rapport.unpublished", None),  # the id only, no content
        ("rapport.published", "Vecka 49, rättad"),
    ]
    assert set(OutboxDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_the_event_is_written_in_the_publishs_transaction_and_sent_after_it_commits(
    series, commit, recording
):
    report = factories.make_report(series=series, publish=False)
    with commit():
        report.save_revision().publish()
        # Inside the transaction: the event and its deliveries exist, nothing is sent yet.
        event = OutboxEvent.objects.get(page_id=report.pk)
        assert [d.status for d in event.deliveries.all()] == ["pending", "pending"]
        assert recording.calls == []
    assert sorted(recording.delivered_to()) == ["mottagare-a", "mottagare-b"]


def test_a_publish_that_rolls_back_leaves_no_event_and_sends_nothing(
    series, recording, django_capture_on_commit_callbacks
):
    report = factories.make_report(series=series, publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                report.save_revision().publish()
                assert OutboxEvent.objects.filter(page_id=report.pk).exists()
                raise RuntimeError("a later step of the publish failed")
    assert not OutboxEvent.objects.filter(page_id=report.pk).exists()
    assert not OutboxDelivery.objects.exists() and recording.calls == []


def test_an_unpublication_that_rolls_back_leaves_no_event(
    series, recording, django_capture_on_commit_callbacks
):
    report = factories.make_report(series=series)
    before = types(report)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                report.unpublish()
                raise RuntimeError("the unpublish failed after the signal")
    assert types(report) == before
    assert RapportPage.objects.get(pk=report.pk).live


def test_the_signal_coming_twice_writes_one_event(series, recording):
    report = factories.make_report(series=series)  # not committed: written, not sent
    events.on_published(RapportPage, instance=report, revision=report.live_revision)
    assert types(report) == [(OutboxEvent.PUBLISHED, True)]
    assert OutboxDelivery.objects.filter(channel="recording").count() == 2


def test_a_scheduled_publication_is_an_event_when_it_goes_live(series, commit, recording, monkeypatch):
    from django.core.management import call_command

    report = factories.make_report(series=series, publish=False)
    report.go_live_at = timezone.now() + dt.timedelta(hours=2)
    with commit():
        report.save_revision().publish()
    assert types(report) == [] and recording.calls == []

    later = timezone.now() + dt.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with commit():
        call_command("publish_scheduled")
    assert types(report) == [(OutboxEvent.PUBLISHED, True)]
    assert sorted(recording.delivered_to()) == ["mottagare-a", "mottagare-b"]


def test_deleting_a_live_report_is_an_unpublication_that_outlives_the_page(series, commit, recording):
    with commit():
        report = factories.make_report(series=series)
    page_id = report.pk
    with commit():
        RapportPage.objects.get(pk=page_id).delete()
    assert not RapportPage.objects.filter(pk=page_id).exists()
    event = OutboxEvent.objects.get(page_id=page_id, type=OutboxEvent.UNPUBLISHED)
    assert event.revision_id is None
    assert [(c.event_type, c.target) for c in recording.calls][-2:] == [
        ("rapport.unpublished", "mottagare-a"),
        ("rapport.unpublished", "mottagare-b"),
    ]
