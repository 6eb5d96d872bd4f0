"""A confirmation or unsubscribe link that was tampered with, has expired or is used twice gets a
clear Swedish page, and nothing is stored or deleted."""

import time
from unittest import mock

import pytest
from django.core import signing

from frontend_widget.mailing import subscriptions
from rapport_blocks.models import Subscriber
from tests import factories
from tests.frontend_widget.subscription_support import confirmation_link

pytestmark = pytest.mark.django_db

ADDRESS = "underskoterska@example.se"


def test_a_confirmation_link_works_once(client, series, mailbox, subscribe):
    subscribe(ADDRESS)
    path = confirmation_link(mailbox[0])
    assert client.post(path).status_code == 200
    again = client.post(path)
    assert again.status_code == 410
    assert "Länken har redan använts" in again.text
    assert "Länken har redan använts" in client.get(path).text
    assert Subscriber.objects.count() == 1


def test_a_link_used_again_after_unsubscribing_does_not_subscribe_again(client, series, mailbox, subscribe):
    subscribe(ADDRESS)
    path = confirmation_link(mailbox[0])
    client.post(path)
    subscriptions.end(Subscriber.objects.get())
    assert client.post(path).status_code == 410
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: "x" + token,  # the payload
        lambda token: token.split(":")[0],  # cut short
    ],
)
def test_a_tampered_confirmation_link_stores_nothing(client, series, change):
    token = subscriptions.confirmation_token(series, ADDRESS)
    for method in (client.get, client.post):
        answer = method(f"/prenumerera/bekrafta/{change(token)}/")
        assert answer.status_code == 400
        assert "Länken fungerar inte" in answer.text
        assert "ofullständig eller har ändrats" in answer.text
    assert not Subscriber.objects.exists()


def test_a_link_signed_for_unsubscribing_cannot_confirm(client, series):
    """The salts keep the two kinds of link apart: one cannot stand in for the other."""
    token = signing.Signer(salt=subscriptions.UNSUBSCRIBE_SALT).sign_object(
        {"s": series.pk, "a": ADDRESS, "n": "x"}
    )
    assert client.post(f"/prenumerera/bekrafta/{token}/").status_code == 400
    assert not Subscriber.objects.exists()


def test_an_expired_confirmation_link_stores_nothing(client, series):
    two_days_ago = time.time() - 48 * 3600 - 60
    with mock.patch("django.core.signing.time.time", return_value=two_days_ago):
        token = subscriptions.confirmation_token(series, ADDRESS)
    answer = client.post(f"/prenumerera/bekrafta/{token}/")
    assert answer.status_code == 410
    assert "Länken har gått ut" in answer.text
    assert "En bekräftelselänk gäller i 48 timmar. Ingenting har sparats" in answer.text
    assert not Subscriber.objects.exists()


def test_a_confirmation_link_is_valid_for_48_hours(client, series):
    almost_two_days_ago = time.time() - 48 * 3600 + 60
    with mock.patch("django.core.signing.time.time", return_value=almost_two_days_ago):
        token = subscriptions.confirmation_token(series, ADDRESS)
    assert client.post(f"/prenumerera/bekrafta/{token}/").status_code == 200
    assert Subscriber.objects.get().address == ADDRESS


def test_an_unsubscribe_link_used_twice_says_the_subscription_has_ended(client, series):
    subscriber = factories.make_subscriber(series, ADDRESS)
    path = f"/prenumerera/avsluta/{subscriptions.unsubscribe_token(subscriber)}/"
    page = client.get(path)
    assert page.status_code == 200
    assert 'method="post"' in page.text and "Avsluta prenumeration" in page.text
    assert Subscriber.objects.exists()  # a GET (a mail scanner) deletes nothing
    assert client.post(path).status_code == 200
    again = client.post(path)
    assert again.status_code == 200
    assert "Prenumerationen har redan avslutats" in again.text


def test_a_tampered_unsubscribe_link_deletes_nothing(client, series):
    subscriber = factories.make_subscriber(series, ADDRESS)
    other = factories.make_subscriber(series, "annan@example.se")
    token = subscriptions.unsubscribe_token(subscriber)
    payload, signature = token.rsplit(":", 1)
    forged = signing.Signer(salt=subscriptions.UNSUBSCRIBE_SALT).sign_object(
        {"i": other.pk, "a": other.address}
    )
    for path in (f"{payload}:{signature[::-1]}", forged.rsplit(":", 1)[0] + ":" + signature):
        answer = client.post(f"/prenumerera/avsluta/{path}/")
        assert answer.status_code == 400
        assert "Länken fungerar inte" in answer.text
    assert Subscriber.objects.count() == 2
