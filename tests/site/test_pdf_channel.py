"""The publish's PDF is the outbox's "pdf" channel: rendered once per publication before the e-mail,
which attaches that copy; a failed render is retried with the outbox's backoff and shown in "Utskick".

The other order (the e-mail's task before the PDF's, as two workers may run them) is
tests/site/test_email_behind_login.py: the e-mail renders the copy itself.
"""

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from frontend_widget.outbox import channels, sending
from frontend_widget.pdf import document, engine, publishing
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from rapport_blocks.pdf_archive import ArchivedPdf
from tests import factories, pdf_checks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_pdf")]

LEADERSHIP = "chef@example.se"


@pytest.fixture
def renders(monkeypatch):
    """The audiences of every PDF rendered, in order."""
    seen = []
    real = document.render

    def counting(report, **kwargs):
        seen.append(kwargs["audience"])
        return real(report, **kwargs)

    monkeypatch.setattr(document, "render", counting)
    return seen


@pytest.fixture
def lists(series):
    series.distribution_lists.set([factories.make_distribution_list(addresses=[LEADERSHIP], attach_pdf=True)])
    series.save()
    return series


def mailing_report(series):
    only_mail = factories.bullets(heading="Till ledningen", html="<ul><li>Budgeten hemlisbudgetx</li></ul>")
    only_mail["value"]["audience"] = "mailing"
    body = [factories.bullets(html="<ul><li>Läget är lugnt</li></ul>"), only_mail]
    return factories.make_report(series=series, title="Regional rapport", body=body)


def test_the_channels_run_the_pdf_before_the_e_mail():
    names = [channel.name for channel in channels.installed()]
    assert names.index("pdf") < names.index("email")


def test_a_publication_renders_its_copies_once_and_the_e_mail_attaches_the_stored_one(
    lists, commit, mailbox, pdf_on_publish, renders
):
    with commit():
        report = mailing_report(lists)
    event = OutboxEvent.objects.get(page_id=report.pk)
    [pdf_row] = event.deliveries.filter(channel="pdf")
    assert (pdf_row.target, pdf_row.status, pdf_row.attempts) == ("", OutboxDelivery.SENT, 1)
    copies = ArchivedPdf.objects.filter(page=report, revision=report.live_revision)
    assert sorted(copies.values_list("audience", flat=True)) == [ArchivedPdf.MAILING, ArchivedPdf.PUBLIC]
    # Rendered by the PDF channel only: the e-mail, which ran after it, found the e-mail's copy.
    assert sorted(renders) == [ArchivedPdf.MAILING, ArchivedPdf.PUBLIC]
    [message] = mailbox
    [(name, content, kind)] = message.attachments
    assert kind == "application/pdf"
    assert content == copies.get(audience=ArchivedPdf.MAILING).file.open("rb").read()
    assert "Budgeten hemlisbudgetx" in pdf_checks.text_of(content)

    # Running the event again (cron, a restarted worker) renders and sends nothing more.
    assert sending.run(event.pk, "pdf").sent == 0 and sending.run(event.pk, "email").sent == 0
    assert len(renders) == 2 and len(mailbox) == 1


def test_a_failed_render_is_retried_with_backoff_and_shown_in_utskick(
    series, commit, pdf_on_publish, monkeypatch, admin_client
):
    def full_disk(page_id, revision_id):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publishing, "render_publication", full_disk)
    before = timezone.now()
    with commit():
        report = factories.make_report(series=series, title="Regional rapport")
    row = OutboxDelivery.objects.get(event__page_id=report.pk, channel="pdf")
    assert row.status == OutboxDelivery.FAILED and "No space left on device" in row.last_error
    assert row.next_attempt_at > before  # the outbox's backoff, not a loop
    assert not ArchivedPdf.objects.filter(page=report).exists()

    html = admin_client.get(f"/admin/utskick/rapport/{report.pk}/").content.decode()
    assert "PDF" in html and "Lägesbildens PDF (arkiveras)" in html and "No space left on device" in html
    assert "Skapa PDF:en igen" in html

    monkeypatch.undo()  # the disk has room again: the editor's retry (or the backoff) renders it
    sending.retry_failed(row.event, "pdf")
    assert sending.run(row.event_id, "pdf").sent == 1
    assert ArchivedPdf.objects.filter(page=report, audience=ArchivedPdf.PUBLIC).count() == 1


def test_a_report_behind_a_login_is_rendered_one_that_is_not_live_is_not(
    home, series, commit, pdf_on_publish
):
    PageViewRestriction.objects.create(page=home, restriction_type="login")
    with commit():
        restricted = factories.make_report(series=series, title="Intern rapport")
    assert (
        OutboxDelivery.objects.get(event__page_id=restricted.pk, channel="pdf").status == OutboxDelivery.SENT
    )
    assert ArchivedPdf.objects.filter(page=restricted).exists()

    with commit():
        series.unpublish()
    with commit():
        hidden = factories.make_report(series=series, title="Under en opublicerad serie")
    row = OutboxDelivery.objects.get(event__page_id=hidden.pk, channel="pdf")
    assert (row.status, row.next_attempt_at) == (OutboxDelivery.FAILED, None)
    assert row.last_error.startswith("Inte skickat: lägesbilden är inte publicerad")
    assert not ArchivedPdf.objects.filter(page=hidden).exists()


def test_a_server_without_pango_says_so_and_retries(series, commit, pdf_on_publish, monkeypatch):
    def no_pango():
        raise engine.Unavailable("OSError: cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(engine, "_weasyprint", no_pango)
    with commit():
        report = factories.make_report(series=series, title="Regional rapport")
    row = OutboxDelivery.objects.get(event__page_id=report.pk, channel="pdf")
    assert row.status == OutboxDelivery.FAILED and row.next_attempt_at is not None
    assert row.last_error.startswith("Lägesbildernas PDF:er kan inte skapas på den här servern: OSError")


def test_each_publication_is_archived_and_an_unpublication_renders_nothing(
    series, commit, pdf_on_publish, renders
):
    with commit():
        report = factories.make_report(series=series, title="Regional rapport")
    with commit():
        report.save_revision().publish()  # the same words, a new publication: its own archive copy
    rows = OutboxDelivery.objects.filter(event__page_id=report.pk, channel="pdf")
    assert list(rows.values_list("status", flat=True)) == ["sent", "sent"]
    assert renders == ["public", "public"]
    assert ArchivedPdf.objects.filter(page=report).count() == 2
    with commit():
        report.unpublish()
    unpublished = OutboxEvent.objects.get(page_id=report.pk, type=OutboxEvent.UNPUBLISHED)
    assert not unpublished.deliveries.filter(channel="pdf").exists()
    assert renders == ["public", "public"]
