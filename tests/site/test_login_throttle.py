"""A local login that can't be guessed, and page passwords throttled the same way (issue 25).

django-axes counts failures per account *and* address (settings AXES_*). Once an outsider could
try 40 passwords for `admin` in 11 seconds and then get in; now, after AXES_FAILURE_LIMIT failures,
that address is refused for that account, even with the right password, with a Swedish message,
and the lockout is logged. The same account from another address is not affected, and the lock
ends after AXES_COOLOFF_TIME however often the address keeps trying.
"""

import datetime as dt
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "rätt-lösenord-för-redaktören"
ATTACKER = "198.51.100.7"
COLLEAGUE = "198.51.100.8"
LOCKED = (
    "För många misslyckade inloggningar för det här kontot från din adress. För din säkerhet kan du "
    "inte logga in med lösenord härifrån på 15 minuter."
)


@pytest.fixture
def editor(demo_reports):
    user = get_user_model().objects.get(username="redaktor")
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, password: str, address: str, username: str = "redaktor"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_thirty_wrong_passwords_then_the_right_one_is_refused_with_a_message_and_a_log_line(
    client, editor, caplog
):
    with caplog.at_level(logging.WARNING, logger="lagesbild.sign_in"):
        answers = [log_in(client, f"gissning-{n}", ATTACKER).status_code for n in range(30)]
        right = log_in(client, PASSWORD, ATTACKER)
    assert answers[:4] == [200] * 4  # the form again, "wrong password"
    assert set(answers[5:]) == {429}  # locked from the fifth failure on
    assert right.status_code == 429 and not signed_in(right)
    assert LOCKED in right.content.decode()
    assert "Logga in på Wagtail" in right.content.decode() or 'name="password"' in right.content.decode()
    lockouts = [r for r in caplog.records if r.getMessage().startswith("Sign-in locked")]
    assert len(lockouts) == 26 + 1  # every attempt refused by the lock, the right password's too
    assert "'redaktor'" in lockouts[0].getMessage() and ATTACKER in lockouts[0].getMessage()


def test_the_same_account_from_another_address_still_signs_in(client, editor):
    for n in range(30):
        log_in(client, f"gissning-{n}", ATTACKER)
    assert signed_in(log_in(client, PASSWORD, COLLEAGUE))


def test_another_account_from_the_locked_address_still_signs_in(client, editor):
    for n in range(30):
        log_in(client, f"gissning-{n}", ATTACKER, username="admin")
    assert signed_in(log_in(client, PASSWORD, ATTACKER))


def test_the_lock_ends_after_the_cool_off_however_often_it_is_tried(client, editor):
    for n in range(30):
        log_in(client, f"gissning-{n}", ATTACKER)
    # Trying on during the lock does not lengthen it: nobody keeps an editor out for good.
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert signed_in(log_in(client, PASSWORD, ATTACKER))


def test_forwarded_for_is_not_trusted_without_proxies(client, editor):
    for n in range(30):
        client.post(
            "/admin/login/",
            {"username": "redaktor", "password": f"gissning-{n}"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",  # a new address each time, as a bot would claim
        )
    assert not signed_in(log_in(client, PASSWORD, ATTACKER))


@pytest.fixture
def restricted(demo_reports):
    report = demo_reports["2026-11-24"]
    restriction = PageViewRestriction.objects.create(
        page=report, restriction_type=PageViewRestriction.PASSWORD, password="sidans-lösenord"
    )
    return report, f"/_util/authenticate_with_password/{restriction.pk}/{report.pk}/"


def try_page_password(client, url: str, password: str, address: str, report):
    return client.post(
        url,
        {"password": password, "return_url": report.url},
        REMOTE_ADDR=address,
        HTTP_HOST="lagesbild.example.se",
    )


def test_the_page_password_form_is_throttled_like_the_login(client, restricted, caplog):
    report, url = restricted
    with caplog.at_level(logging.WARNING, logger="lagesbild.sign_in"):
        answers = [
            try_page_password(client, url, f"fel-{n}", ATTACKER, report).status_code for n in range(25)
        ]
        right = try_page_password(client, url, "sidans-lösenord", ATTACKER, report)
    assert answers[:4] == [200] * 4 and set(answers[5:]) == {429}
    assert right.status_code == 429
    assert (
        "För många felaktiga lösenord från din adress. Försök igen om 15 minuter." in right.content.decode()
    )
    assert "Sidan kräver lösenord" in right.content.decode() or 'name="password"' in right.content.decode()
    assert any(r.getMessage().startswith("Sign-in locked") for r in caplog.records)
    # The report stays closed to this browser.
    assert client.get(report.url, HTTP_HOST="lagesbild.example.se").status_code == 200
    assert "Regional rapport" not in client.get(report.url, HTTP_HOST="lagesbild.example.se").content.decode()

    other = try_page_password(client, url, "sidans-lösenord", COLLEAGUE, report)
    assert other.status_code == 302 and other["Location"] == report.url


@pytest.fixture
def restricted_document(db, settings, tmp_path):
    """A document in a collection behind a password, as Wagtail's privacy setting makes it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    document = factories.make_document()
    restriction = CollectionViewRestriction.objects.create(
        collection=document.collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="dokumentets-lösenord",
    )
    return document, f"/documents/authenticate_with_password/{restriction.pk}/"


def try_document_password(client, url: str, password: str, address: str, document):
    return client.post(url, {"password": password, "return_url": document.url}, REMOTE_ADDR=address)


def test_the_document_password_form_is_throttled_like_the_page_password(client, restricted_document, caplog):
    document, url = restricted_document
    assert "Lösenord krävs" in client.get(document.url).content.decode()  # Wagtail's form, in Swedish
    with caplog.at_level(logging.WARNING, logger="lagesbild.sign_in"):
        answers = [
            try_document_password(client, url, f"fel-{n}", ATTACKER, document).status_code for n in range(25)
        ]
        right = try_document_password(client, url, "dokumentets-lösenord", ATTACKER, document)
    assert answers[:4] == [200] * 4 and set(answers[5:]) == {429}
    html = right.content.decode()
    assert right.status_code == 429 and "no-cache" in right["Cache-Control"]
    assert "För många felaktiga lösenord från din adress. Försök igen om 15 minuter." in html
    assert 'name="password"' in html and f'action="{url}"' in html
    assert any(r.getMessage().startswith("Sign-in locked") for r in caplog.records)
    # The document stays closed to this browser: the password form again, not the file.
    assert 'name="password"' in client.get(document.url).content.decode()

    colleague = Client()
    other = try_document_password(colleague, url, "dokumentets-lösenord", COLLEAGUE, document)
    assert other.status_code == 302 and other["Location"] == document.url
    served = colleague.get(document.url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == b"%PDF-1.4\n"


def test_a_page_restriction_and_a_document_restriction_are_counted_apart(
    client, restricted, restricted_document
):
    """The two tables number their restrictions alike: a lock on one never closes the other."""
    report, page_url = restricted
    document, document_url = restricted_document
    for n in range(10):
        try_page_password(client, page_url, f"fel-{n}", ATTACKER, report)
    answer = try_document_password(client, document_url, "dokumentets-lösenord", ATTACKER, document)
    assert answer.status_code == 302
