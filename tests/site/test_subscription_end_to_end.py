"""A member of staff subscribes to a series herself, against a real SMTP server: she confirms, gets
the next published report once (the public version), ends the subscription with the one-click POST
of RFC 8058, and gets nothing after that."""

import pytest

from rapport_blocks.models import Subscriber
from tests import factories
from tests.site.subscription_support import header, link_in, parsed, received_by, text_of

pytestmark = pytest.mark.django_db

NURSE = "sjukskoterska@example.se"


def only_mail_section():
    section = factories.bullets(heading="Till ledningen", html="<ul><li>Budgeten hemlisbudgetx</li></ul>")
    section["value"]["audience"] = "mailing"
    return section


def test_subscribe_confirm_receive_once_and_unsubscribe(series, smtp_server, commit, client):
    form = client.get(f"{series.url}prenumerera/")
    assert form.status_code == 200
    assert "Prenumerera på Lägesbild vårdinformationssystem" in form.text

    answer = client.post(f"{series.url}prenumerera/", {"address": NURSE}, follow=True)
    assert answer.status_code == 200
    assert "Om adressen kan prenumerera" in answer.text
    assert not Subscriber.objects.exists()  # nothing stored before she confirms

    [confirmation] = received_by(smtp_server, NURSE)
    assert header(confirmation, "Subject") == "Bekräfta din prenumeration på Lägesbild vårdinformationssystem"
    confirm = link_in(confirmation, "/prenumerera/bekrafta/")
    assert "Bekräfta prenumerationen" in client.get(confirm).text
    assert not Subscriber.objects.exists()  # opening the link (a mail scanner does) stores nothing
    confirmed = client.post(confirm)
    assert confirmed.status_code == 200
    assert "Du får nästa lägesbild" in confirmed.text
    assert list(Subscriber.objects.values_list("address", flat=True)) == [NURSE]

    with commit():
        report = factories.make_report(
            series=series,
            title="Veckorapport",
            body=[factories.bullets(html="<ul><li>Läget är lugnt</li></ul>"), only_mail_section()],
        )
    [_confirmation, mail] = received_by(smtp_server, NURSE)
    assert header(mail, "Subject") == "Veckorapport – 27 maj 2025"
    unsubscribe = header(mail, "List-Unsubscribe")
    assert unsubscribe.startswith("<http://localhost/prenumerera/avsluta/") and unsubscribe.endswith(">")
    assert header(mail, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    text = text_of(mail)
    assert "Läget är lugnt" in text
    assert "hemlisbudgetx" not in text and "Till ledningen" not in text  # the public version
    html = parsed(mail).get_body(("html",)).get_content()
    assert "hemlisbudgetx" not in html
    assert "Avsluta prenumeration</a>" in html
    assert "du prenumererar på Lägesbild vårdinformationssystem" in text

    # The one-click POST as a mail client sends it: no cookie, no CSRF token, no login.
    one_click = client_class_without_session()
    path = unsubscribe.strip("<>").removeprefix("http://localhost")
    ended = one_click.post(path, {"List-Unsubscribe": "One-Click"})
    assert ended.status_code == 200
    assert "Prenumerationen är avslutad" in ended.text
    assert not Subscriber.objects.filter(address__iexact=NURSE).exists()  # deleted, not flagged

    with commit():
        report.title = "Veckorapport, uppdaterad"
        report.send_update = True
        report.save_revision().publish()
    with commit():
        factories.make_report(series=series, title="Nästa veckorapport", slug="nasta")
    assert len(received_by(smtp_server, NURSE)) == 2  # the confirmation and the one report
    assert "redan avslutats" in one_click.post(path).text.lower()


def client_class_without_session():
    from django.test import Client

    return Client(enforce_csrf_checks=True)
