"""The "Prenumerera" form: one e-mail field; a bad address gets a Swedish message and nothing is sent;
its answer is the same whether or not the address already subscribes."""

import pytest

from rapport_blocks.models import Subscriber
from tests import factories
from tests.frontend_widget.subscription_support import SENT_ANSWER

pytestmark = pytest.mark.django_db


def test_the_form_asks_for_one_address_in_swedish(client, series):
    page = client.get(f"{series.url}prenumerera/")
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert "<h1>Prenumerera på Lägesbild vårdinformationssystem</h1>" in page.text
    assert '<label for="id_address">Din e-postadress</label>' in page.text
    assert page.text.count("<input") == 2  # the address and the CSRF token
    assert 'autocomplete="email"' in page.text


@pytest.mark.parametrize(
    "address, message",
    [
        ("", "Skriv din e-postadress."),
        ("inte en adress", "”inte en adress” är inte en giltig e-postadress."),
        ("a@b", "”a@b” är inte en giltig e-postadress."),
        (
            "sjukskoterska@example.se\r\nBcc: alla@example.se",
            "Adressen måste stå på en rad, utan radbrytningar.",
        ),
        ("sjukskoterska@example.se\n", "Adressen måste stå på en rad, utan radbrytningar."),
        ("sjukskoterska@example.se\u2028", "Adressen måste stå på en rad, utan radbrytningar."),
    ],
)
def test_a_bad_address_is_refused_and_nothing_is_sent(series, mailbox, subscribe, address, message):
    answer = subscribe(address)
    assert answer.status_code == 400
    assert message in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert SENT_ANSWER not in answer.text
    assert mailbox == []
    assert not Subscriber.objects.exists()


def test_the_region_s_domains_can_be_required(settings, series, mailbox, subscribe):
    settings.LAGESBILD_SUBSCRIBE_DOMAINS = "region.se, vgregion.se"
    refused = subscribe("privat@gmail.com")
    assert refused.status_code == 400
    assert "Bara adresser i region.se, vgregion.se kan prenumerera." in refused.text
    assert mailbox == []
    assert subscribe("skoterska@vard.region.se").status_code == 200  # a subdomain of the region's
    assert subscribe("skoterska@vgregion.se").status_code == 200
    assert subscribe("lurig@notregion.se").status_code == 400
    assert [message.to for message in mailbox] == [["skoterska@vard.region.se"], ["skoterska@vgregion.se"]]


def test_the_answer_is_the_same_for_a_subscriber_and_a_stranger(client, series, mailbox, subscribe):
    factories.make_subscriber(series, "redan@example.se")
    known = subscribe("redan@example.se")
    unknown = subscribe("ny@example.se")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert SENT_ANSWER in known.text
    assert known.content == unknown.content
    # Each gets one e-mail: the stranger a link to confirm, the subscriber word that nothing changed.
    sent = {message.to[0]: message for message in mailbox}
    assert sent["ny@example.se"].subject == "Bekräfta din prenumeration på Lägesbild vårdinformationssystem"
    assert sent["redan@example.se"].subject == "Du prenumererar redan på Lägesbild vårdinformationssystem"
    assert "/prenumerera/avsluta/" in sent["redan@example.se"].body
    assert Subscriber.objects.count() == 1  # the form stored nothing


def test_the_confirmation_e_mail_links_to_the_site_s_own_address(series, mailbox, subscribe):
    """The link is built on the site's configured root URL: a forged Host header cannot redirect it."""
    subscribe("sjukskoterska@example.se", HTTP_X_FORWARDED_HOST="evil.example")
    [message] = mailbox
    assert "http://localhost/prenumerera/bekrafta/" in message.body
    assert "evil.example" not in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_series_the_public_may_not_see_has_no_form(client, series, home):
    factories.make_series(home, title="Utkastserie", slug="utkast", publish=False)
    assert client.get("/utkast/prenumerera/").status_code == 404
    assert client.get("/finns-inte/prenumerera/").status_code == 404


def test_the_series_and_report_pages_link_to_the_form(client, series, commit):
    with commit():
        report = factories.make_report(series=series)
    for page in (series, report):
        html = client.get(page.url).text
        link = f'<a href="{series.url}prenumerera/">Prenumerera</a>'
        assert link in html.replace("http://testserver", "")
