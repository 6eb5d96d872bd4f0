"""A member of staff subscribes from the series page in Chromium: the form and each of its answers have
0 axe violations; she confirms, gets the next report once (the public version) from the real SMTP
server, ends the subscription with the one-click POST of RFC 8058, and gets nothing after that.

Each page is also kept as a screenshot at 1280 and 375 px (test-results/screenshots/), to be looked at.
"""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from rapport_blocks.models import Subscriber
from tests import factories
from tests.browser.conftest import axe_violations, screenshots
from tests.conftest import PROJECT_DIR
from tests.site.subscription_support import header, link_in, received_by, text_of

NURSE = "sjukskoterska@example.se"
SCREENSHOTS = PROJECT_DIR / "test-results" / "screenshots"


def checked(page, axe_source, name):
    screenshots(page, SCREENSHOTS, f"subscription-{name}")
    assert axe_violations(page, axe_source) == [], name


def test_subscribe_from_the_series_page_confirm_receive_and_unsubscribe(page, cms, smtp_server, axe_source):
    series = factories.make_series(title="Lägesbild vårdinformationssystem", slug="lagesbild")
    only_mail = factories.bullets(heading="Till ledningen", html="<ul><li>Budgeten hemlisbudgetx</li></ul>")
    only_mail["value"]["audience"] = "mailing"

    page.goto(cms.url + series.url)
    checked(page, axe_source, "series-page")
    page.get_by_role("link", name="Prenumerera").click()
    expect(page.locator("h1")).to_have_text("Prenumerera på Lägesbild vårdinformationssystem")
    checked(page, axe_source, "form")

    field = page.get_by_label("Din e-postadress")
    field.fill("inte en adress")
    page.get_by_role("button", name="Prenumerera").click()
    expect(page.get_by_text("”inte en adress” är inte en giltig e-postadress.")).to_be_visible()
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    checked(page, axe_source, "refused")
    assert smtp_server.handler.received == []

    field.fill(NURSE)
    page.get_by_role("button", name="Prenumerera").click()
    expect(page.get_by_role("status")).to_contain_text("Om adressen kan prenumerera")
    checked(page, axe_source, "sent")
    assert not Subscriber.objects.exists()

    [confirmation] = received_by(smtp_server, NURSE)
    page.goto(cms.url + link_in(confirmation, "/prenumerera/bekrafta/"))
    checked(page, axe_source, "confirm")
    page.get_by_role("button", name="Bekräfta prenumerationen").click()
    confirmed = "Du får nästa lägesbild i Lägesbild vårdinformationssystem med e-post."
    expect(page.get_by_role("status")).to_contain_text(confirmed)
    checked(page, axe_source, "confirmed")
    assert list(Subscriber.objects.values_list("address", flat=True)) == [NURSE]

    report = factories.make_report(
        series=series,
        title="Veckorapport",
        body=[factories.bullets(html="<ul><li>Läget är lugnt</li></ul>"), only_mail],
    )
    [_confirmation, mail] = received_by(smtp_server, NURSE)
    assert "Läget är lugnt" in text_of(mail) and "hemlisbudgetx" not in mail.as_string()
    assert header(mail, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    unsubscribe = urlsplit(header(mail, "List-Unsubscribe").strip("<>")).path

    page.goto(cms.url + unsubscribe)  # what the visible link shows: a page with a button
    expect(page.get_by_role("button", name="Avsluta prenumeration")).to_be_visible()
    checked(page, axe_source, "unsubscribe")
    assert Subscriber.objects.exists()

    # The mail client's one-click: a POST without cookies, token or login.
    answer = page.request.post(
        cms.url + unsubscribe,
        form={"List-Unsubscribe": "One-Click"},
        headers={"Cookie": ""},
    )
    assert answer.status == 200
    assert not Subscriber.objects.exists()
    page.goto(cms.url + unsubscribe)
    expect(page.locator("h1")).to_have_text("Prenumerationen har redan avslutats")
    checked(page, axe_source, "ended")

    report.send_update = True
    report.save_revision().publish()
    factories.make_report(series=series, title="Nästa veckorapport", slug="nasta")
    assert len(received_by(smtp_server, NURSE)) == 2  # the confirmation and the one report
