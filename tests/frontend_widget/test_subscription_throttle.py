"""The form is throttled per client address and per e-mail address, and a stranger's address gets at
most one e-mail from it a day, whoever asks."""

import time
from unittest import mock

import pytest

from rapport_blocks.models import Subscriber
from tests.frontend_widget.subscription_support import SENT_ANSWER

pytestmark = pytest.mark.django_db


def test_an_address_gets_at_most_one_e_mail_a_day(series, mailbox, subscribe):
    for client_address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        answer = subscribe("offer@example.se", REMOTE_ADDR=client_address)
        assert answer.status_code == 200
        assert SENT_ANSWER in answer.text  # the same answer each time: nothing tells it apart
    assert [message.to for message in mailbox] == [["offer@example.se"]]
    assert not Subscriber.objects.exists()
    # The next day, one more.
    with mock.patch("time.time", return_value=time.time() + 86400 + 60):
        subscribe("offer@example.se", REMOTE_ADDR="10.0.0.4")
    assert len(mailbox) == 2


def test_the_daily_limit_counts_an_address_in_any_case(series, mailbox, subscribe):
    subscribe("Offer@Example.se")
    subscribe("offer@example.se")
    assert len(mailbox) == 1


def test_the_day_is_given_back_when_the_mail_server_refused(
    settings, series, mailbox, subscribe, smtp_server
):
    smtp_server.handler.refuse.add("offer@example.se")
    refused = subscribe("offer@example.se")
    assert refused.status_code == 503
    assert "E-brevet kunde inte skickas just nu. Försök igen om en stund." in refused.text
    smtp_server.handler.refuse.clear()
    assert subscribe("offer@example.se").status_code == 200
    assert smtp_server.handler.addresses() == ["offer@example.se"]


def test_a_client_address_that_asks_too_often_is_told_to_wait(settings, series, mailbox, subscribe):
    settings.LAGESBILD_SUBSCRIBE_RATE_CLIENT = "3/hour"
    for number in range(3):
        assert subscribe(f"person{number}@example.se", REMOTE_ADDR="10.0.0.9").status_code == 200
    refused = subscribe("person3@example.se", REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429
    assert "För många försök från din adress. Försök igen om en timme." in refused.text
    assert refused["Cache-Control"].startswith("max-age=0")
    assert len(mailbox) == 3
    # Another client is not held up by this one.
    assert subscribe("person4@example.se", REMOTE_ADDR="10.0.0.10").status_code == 200
    assert len(mailbox) == 4


def test_an_e_mail_address_is_throttled_whoever_asks(settings, series, mailbox, subscribe):
    settings.LAGESBILD_SUBSCRIBE_RATE_ADDRESS = "2/hour"
    with mock.patch("frontend_widget.mailing.subscriptions.DAY", 1):  # the daily limit out of the way
        for number in range(2):
            subscribe("offer@example.se", REMOTE_ADDR=f"10.0.1.{number}")
            time.sleep(1.1)
        answer = subscribe("offer@example.se", REMOTE_ADDR="10.0.1.9")
    assert answer.status_code == 200 and SENT_ANSWER in answer.text  # the same answer, no e-mail
    assert len(mailbox) == 2
