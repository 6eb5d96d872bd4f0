"""A site whose reports all sit behind a login still e-mails them to their lists, exactly once; a
report that is not live is never sent. Against a real SMTP server (tests/site/smtp_server.py).

The PDF channel has no delivery here (tests/pdf_fixtures.py), so the e-mail renders the attachment
itself: the path of a worker that runs the e-mail before the PDF (tests/site/test_pdf_channel.py
has the other)."""

import email.policy

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from frontend_widget.outbox import sending
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from tests import factories, pdf_checks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_pdf")]

LEADERSHIP = ["chef@example.se", "direktor@example.se"]
MANAGERS = ["enhetschef@example.se"]


@pytest.fixture
def site_behind_login(home, series):
    """Every page of the site under Wagtail's login restriction, as an intranet-only installation has it."""
    PageViewRestriction.objects.create(page=home, restriction_type="login")
    series.distribution_lists.set(
        [
            factories.make_distribution_list(addresses=LEADERSHIP, attach_pdf=True),
            factories.make_distribution_list(name="Chefer", addresses=MANAGERS),
        ]
    )
    series.save()
    return series


def test_a_published_report_reaches_its_lists_exactly_once(site_behind_login, smtp_server, commit, client):
    only_mail = factories.bullets(heading="Till ledningen", html="<ul><li>Budgeten hemlisbudgetx</li></ul>")
    only_mail["value"]["audience"] = "mailing"
    with commit():
        report = factories.make_report(
            series=site_behind_login,
            title="Intern rapport",
            body=[factories.bullets(html="<ul><li>Läget är lugnt</li></ul>"), only_mail],
        )
    assert client.get(report.url).status_code == 302  # the public sees the login form, not the report
    assert smtp_server.handler.addresses() == sorted(LEADERSHIP + MANAGERS)
    record = OutboxEvent.objects.get(page_id=report.pk)
    rows = record.deliveries.filter(channel="email")
    assert set(rows.values_list("status", flat=True)) == {OutboxDelivery.SENT}

    # Running it again, as cron and a restarted worker do, sends nothing more.
    assert sending.run(record.pk, "email").sent == 0
    call_command("send_due_deliveries", stdout=open("/dev/null", "w"))
    assert smtp_server.handler.addresses() == sorted(LEADERSHIP + MANAGERS)

    messages = {address: message for address, message in smtp_server.handler.received}
    for address in LEADERSHIP + MANAGERS:
        message = email_message(messages[address])
        assert message["Subject"] == "Intern rapport – 27 maj 2025"
        text = message.get_body(("plain",)).get_content()
        assert f"Lägesbilden som PDF: http://localhost{report.url}pdf/" in text
        attachments = list(message.iter_attachments())
        if address in MANAGERS:
            assert attachments == []  # their list does not ask for the file
            continue
        [pdf] = attachments
        assert pdf.get_content_type() == "application/pdf"
        assert pdf.get_filename() == "lagesbild-2025-05-27-nr-1.pdf"
        words = pdf_checks.text_of(pdf.get_content())
        assert "Läget är lugnt" in words and "Budgeten hemlisbudgetx" in words  # its own sections too


def email_message(message):
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def test_a_report_that_is_not_live_is_never_sent(site_behind_login, smtp_server, commit):
    """Published, but its series is not: the report is not live, and its rows say why."""
    with commit():
        site_behind_login.unpublish()
    with commit():
        report = factories.make_report(series=site_behind_login, title="Intern rapport")
    assert smtp_server.handler.received == []
    record = OutboxEvent.objects.get(page_id=report.pk)
    sending.retry_failed(record)
    assert sending.run(record.pk, "email").sent == 0 and smtp_server.handler.received == []
    assert set(record.deliveries.filter(channel="email").values_list("last_error", flat=True)) == {
        "Inte skickat: lägesbilden är inte publicerad (eller har gått ut, eller så är dess serie inte "
        "publicerad). Publicera den och försök sedan igen."
    }
