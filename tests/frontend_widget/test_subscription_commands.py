"""`manage.py subscribers export|delete ADDRESS`: a data subject's requests (GDPR)."""

import io
import json

import pytest
from django.core.management import call_command

from rapport_blocks.models import OutboxDelivery, Subscriber
from tests import factories

pytestmark = pytest.mark.django_db

ADDRESS = "sjukskoterska@example.se"


def run(*args) -> str:
    out = io.StringIO()
    call_command("subscribers", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def subscribed_twice(home, series, mailbox, commit):
    other = factories.make_series(home, title="Annan serie", slug="annan")
    factories.make_subscriber(series, ADDRESS)
    factories.make_subscriber(other, ADDRESS.upper())
    factories.make_subscriber(series, "kvar@example.se")
    with commit():
        report = factories.make_report(series=series)
    return series, other, report


def test_export_prints_everything_stored_about_the_address(subscribed_twice):
    series, other, report = subscribed_twice
    stored = json.loads(run("export", ADDRESS.title()))
    assert stored["address"] == ADDRESS.title()
    assert [(row["series"]["slug"], row["address"]) for row in stored["subscriptions"]] == [
        ("lagesbild", ADDRESS),
        ("annan", ADDRESS.upper()),
    ]
    assert all(row["confirmed_at"] for row in stored["subscriptions"])
    [sent] = stored["emails"]
    assert sent["report_id"] == report.pk and sent["status"] == "sent" and sent["sent_at"]
    assert "kvar@example.se" not in json.dumps(stored)


def test_export_of_an_unknown_address_prints_empty_lists(db):
    assert json.loads(run("export", "okand@example.se")) == {
        "address": "okand@example.se",
        "subscriptions": [],
        "emails": [],
    }


def test_delete_removes_every_subscription_and_the_e_mails_records(subscribed_twice):
    assert run("delete", ADDRESS) == f"Raderat: 3 rader om {ADDRESS}.\n"
    assert list(Subscriber.objects.values_list("address", flat=True)) == ["kvar@example.se"]
    targets = OutboxDelivery.objects.filter(channel="subscribers").values_list("target", flat=True)
    assert list(targets) == ["kvar@example.se"]
    assert json.loads(run("export", ADDRESS))["subscriptions"] == []
    assert run("delete", ADDRESS) == f"Ingenting finns sparat om {ADDRESS}.\n"
