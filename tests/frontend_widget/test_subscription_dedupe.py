"""An address on one of a report's lists that also subscribes gets one e-mail: the lists', with the
"Endast utskick" sections, and with its unsubscribe link. Subscribers alone get the public version."""

import pytest

from rapport_blocks.models import OutboxDelivery
from tests import factories

pytestmark = pytest.mark.django_db

BOTH = "chef@example.se"
LIST_ONLY = "direktor@example.se"
SUBSCRIBER_ONLY = "skoterska@example.se"


@pytest.fixture
def series_with_both(series):
    series.distribution_lists.set([factories.make_distribution_list(addresses=[BOTH.upper(), LIST_ONLY])])
    series.save()
    factories.make_subscriber(series, BOTH)
    factories.make_subscriber(series, SUBSCRIBER_ONLY)
    return series


def publish(series, commit):
    only_mail = factories.bullets(heading="Till ledningen", html="<ul><li>Budgeten hemlisbudgetx</li></ul>")
    only_mail["value"]["audience"] = "mailing"
    with commit():
        return factories.make_report(
            series=series, body=[factories.bullets(html="<ul><li>Läget är lugnt</li></ul>"), only_mail]
        )


def test_an_address_on_a_list_that_subscribes_gets_one_e_mail(series_with_both, mailbox, commit):
    report = publish(series_with_both, commit)
    by_address = {}
    for message in mailbox:
        by_address.setdefault(message.to[0].lower(), []).append(message)
    assert sorted(by_address) == sorted([BOTH, LIST_ONLY, SUBSCRIBER_ONLY])
    assert all(len(messages) == 1 for messages in by_address.values())
    rows = OutboxDelivery.objects.filter(event__page_id=report.pk)
    assert sorted(rows.filter(channel="subscribers").values_list("target", flat=True)) == [SUBSCRIBER_ONLY]

    [both] = by_address[BOTH]
    assert "hemlisbudgetx" in both.body  # the lists' e-mail
    assert both.extra_headers["List-Unsubscribe"].startswith("<http://localhost/prenumerera/avsluta/")
    assert both.extra_headers["List-Unsubscribe"].endswith(
        ", <mailto:utskick@example.se?subject=Avregistrering>"
    )
    assert both.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Du får rapporten eftersom du finns på en av dess sändlistor" in both.body
    assert "Avsluta prenumeration: http://localhost/prenumerera/avsluta/" in both.body

    [list_only] = by_address[LIST_ONLY]
    assert list_only.extra_headers["List-Unsubscribe"] == "<mailto:utskick@example.se?subject=Avregistrering>"
    assert "List-Unsubscribe-Post" not in list_only.extra_headers
    assert "Prenumerera på serien: http://localhost/lagesbild/prenumerera/" in list_only.body

    [subscriber] = by_address[SUBSCRIBER_ONLY]
    assert "hemlisbudgetx" not in subscriber.body + subscriber.alternatives[0][0]  # the public version
    assert "Läget är lugnt" in subscriber.body
    assert "sändlistor" not in subscriber.body
    html = subscriber.alternatives[0][0]
    assert ">Avsluta prenumeration</a>" in html
    token = subscriber.extra_headers["List-Unsubscribe"].strip("<>")
    assert f'href="{token}"' in html  # the same link, visible and in the header


def test_each_subscriber_gets_a_link_of_their_own(series, mailbox, commit):
    for number in range(3):
        factories.make_subscriber(series, f"prenumerant{number}@example.se")
    publish(series, commit)
    links = {message.extra_headers["List-Unsubscribe"] for message in mailbox}
    assert len(mailbox) == 3 and len(links) == 3


def test_an_update_reaches_subscribers_only_when_sent_as_one(series_with_both, mailbox, commit):
    report = publish(series_with_both, commit)
    mailbox.clear()
    with commit():
        report.title = "Rättad rapport"
        report.save_revision().publish()
    assert mailbox == []
    with commit():
        report.send_update = True
        report.save_revision().publish()
    assert sorted(message.to[0].lower() for message in mailbox) == sorted([BOTH, LIST_ONLY, SUBSCRIBER_ONLY])
    assert all(message.subject.startswith("Uppdaterad: ") for message in mailbox)
