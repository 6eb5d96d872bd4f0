"""A report's first publication e-mails each address on its active lists exactly once."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from frontend_widget.mailing.channel import EmailChannel
from frontend_widget.outbox import backoff, sending
from rapport_blocks.models import OutboxDelivery, OutboxEvent, RapportPage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BULLETS = (
    "<ul><li>Införandet går <b>enligt plan</b>"
    "<ul><li>Två vårdcentraler har startat<ul><li>Inloggningen är långsam</li></ul></li></ul></li>"
    "<li>Utbildningen är klar</li></ul>"
)
EVERY_BULLET = [
    "Införandet går",
    "enligt plan",
    "Två vårdcentraler har startat",
    "Inloggningen är långsam",
    "Utbildningen är klar",
]
SECRET = "Budgeten överskrids med 3 miljoner"


def mailing_text(heading="Ledningens bedömning", html=f"<p>{SECRET}.</p>"):
    section = factories.text(heading=heading, html=html)
    section["value"]["audience"] = "mailing"
    return section


def draft(series, body=None, title="Regional rapport", lists=(), **fields):
    report = factories.make_report(
        series=series,
        title=title,
        body=body or [factories.bullets(html=BULLETS), mailing_text()],
        publish=False,
        **fields,
    )
    if lists:
        report.distribution_lists.set(lists)
        report.save()
        report.save_revision()
    return RapportPage.objects.get(pk=report.pk)


def live_without_mail(series) -> OutboxEvent:
    """The event of a published report (only public reports are sent) whose publication never
    committed, so nothing was mailed: for tests that run the event themselves."""
    page = draft(series)
    page.save_revision().publish()
    return OutboxEvent.objects.get(page_id=page.pk)


def publish(page, commit, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    with commit():
        page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def leadership(series):
    lists = factories.make_distribution_list(addresses=["chef@example.se", "politiker@example.se"])
    series.distribution_lists.set([lists])
    series.save()
    return lists


def html_part(message):
    return next(body for body, kind in message.alternatives if kind == "text/html")


def test_first_publication_sends_one_email_per_address_with_every_bullet_and_the_mailing_section(
    series, leadership, mailbox, commit
):
    publish(draft(series), commit)

    assert sorted(m.to[0] for m in mailbox) == ["chef@example.se", "politiker@example.se"]
    assert all(len(m.to) == 1 for m in mailbox)
    for message in mailbox:
        for part in (message.body, html_part(message)):
            for bullet in EVERY_BULLET:
                assert bullet in part
            assert "Ledningens bedömning" in part and SECRET in part
        assert message.subject == "Regional rapport – 27 maj 2025"
        assert message.from_email == "Lägesbild <lagesbild@example.se>"
        assert message.reply_to == ["kommunikation@example.se"]
        assert message.extra_headers["List-Unsubscribe"].startswith("<mailto:utskick@example.se?")
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        assert "/lagesbild/2025-05-27/" in message.body  # the link to the page
    log = OutboxDelivery.objects.filter(channel="email")
    assert [(row.status, row.attempts) for row in log] == [("sent", 1), ("sent", 1)]
    assert OutboxEvent.objects.get().task_status == "SUCCESSFUL"


def test_nested_bullets_keep_their_levels_in_the_text_part(series, leadership, mailbox, commit):
    publish(draft(series), commit)
    body = mailbox[0].body
    assert (
        "- Införandet går enligt plan\n  - Två vårdcentraler har startat\n    - Inloggningen är långsam"
        in body
    )


def test_a_plain_republish_sends_nothing_and_send_update_one_more_per_address(
    series, leadership, mailbox, commit
):
    report = publish(draft(series), commit)
    assert len(mailbox) == 2

    report = publish(report, commit, title="Regional rapport, rättad")
    assert len(mailbox) == 2

    report = publish(report, commit, send_update=True)
    assert len(mailbox) == 4
    updates = mailbox[2:]
    assert sorted(m.to[0] for m in updates) == ["chef@example.se", "politiker@example.se"]
    assert {m.subject for m in updates} == {"Uppdaterad: Regional rapport, rättad – 27 maj 2025"}

    # The tick belonged to that revision: publishing again (a script, or the admin) sends nothing.
    assert report.send_update is False
    publish(report, commit)
    assert len(mailbox) == 4


def test_the_admin_form_starts_unticked_after_an_update_was_published(series, leadership, mailbox, commit):
    from rapport_blocks.forms import RapportPageForm

    report = publish(draft(series), commit)
    report = publish(report, commit, send_update=True)
    assert report.live_revision.content["send_update"] is True  # the published revision holds the tick
    form_class = RapportPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, RapportPageForm)
    # What the edit view shows next: the tick is gone, so publishing again sends nothing.
    form = form_class(instance=report.get_latest_revision_as_object(), for_user=None)
    assert form.initial["send_update"] is False


def test_a_draft_keeps_its_tick_until_it_is_published(series, leadership, mailbox, commit):
    from rapport_blocks.forms import RapportPageForm

    report = publish(draft(series), commit)
    report.send_update = True
    report.save_revision()  # ticked, saved as a draft, waiting for approval
    report.refresh_from_db()
    latest = report.get_latest_revision_as_object()
    form_class = RapportPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, RapportPageForm)
    assert form_class(instance=latest, for_user=None).initial["send_update"] is True


def test_an_address_on_two_lists_gets_one_email(series, mailbox, commit):
    first = factories.make_distribution_list(name="Ledning", addresses=["Chef@Example.se", "a@example.se"])
    second = factories.make_distribution_list(name="Chefer", addresses=["chef@example.se", "b@example.se"])
    publish(draft(series, lists=[first, second]), commit)
    assert sorted(m.to[0].lower() for m in mailbox) == ["a@example.se", "b@example.se", "chef@example.se"]


def test_a_reports_own_lists_replace_the_series_defaults(series, leadership, mailbox, commit):
    own = factories.make_distribution_list(name="Egen", addresses=["egen@example.se"])
    publish(draft(series, lists=[own]), commit)
    assert [m.to for m in mailbox] == [["egen@example.se"]]


def test_an_inactive_list_sends_nothing(series, mailbox, commit):
    resting = factories.make_distribution_list(addresses=["vilande@example.se"], active=False)
    series.distribution_lists.set([resting])
    series.save()
    publish(draft(series), commit)
    assert mailbox == []
    assert OutboxDelivery.objects.count() == 0


def test_a_scheduled_report_sends_nothing_until_it_goes_live(
    series, leadership, mailbox, commit, monkeypatch
):
    from django.core.management import call_command

    report = draft(series)
    report.go_live_at = timezone.now() + dt.timedelta(hours=2)
    with commit():
        report.save_revision().publish()
    report.refresh_from_db()
    assert report.live is False
    assert mailbox == []

    later = timezone.now() + dt.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with commit():
        call_command("publish_scheduled")
    report.refresh_from_db()
    assert report.live is True
    assert sorted(m.to[0] for m in mailbox) == ["chef@example.se", "politiker@example.se"]


def test_nothing_is_sent_before_the_publish_commits_nor_when_it_rolls_back(
    series, leadership, mailbox, django_capture_on_commit_callbacks
):
    report = draft(series)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                report.save_revision().publish()
                # The event and its deliveries are written in the publish's transaction; nothing is sent.
                assert OutboxDelivery.objects.filter(event__page_id=report.pk).count() == 2
                assert mailbox == []
                raise RuntimeError("a later step of the publish failed")
    assert mailbox == []
    assert OutboxEvent.objects.count() == 0


def test_a_failing_render_is_recorded_shown_and_retried(
    series, leadership, mailbox, commit, monkeypatch, admin_client
):
    from django.urls import reverse

    from frontend_widget.mailing import message

    def broken(page):
        raise ValueError("mallen saknas")

    monkeypatch.setattr(message, "presented", broken)
    report = publish(draft(series), commit)  # the publish itself succeeds
    assert report.live and mailbox == []
    rows = OutboxEvent.objects.get().deliveries.all()
    assert [(row.status, row.attempts) for row in rows] == [("failed", 1), ("failed", 1)]
    assert all("mallen saknas" in row.last_error and row.next_attempt_at for row in rows)

    page = admin_client.get(reverse("rapport_utskick:report", args=[report.pk]))
    text = page.content.decode()
    assert "mallen saknas" in text and "chef@example.se" in text

    monkeypatch.undo()  # the template is back: the retry after the backoff sends both
    later = timezone.now() + dt.timedelta(seconds=backoff.longest(1) + 1)
    assert sending.run(rows[0].event_id, "email", now=later).sent == 2
    assert sorted(m.to[0] for m in mailbox) == ["chef@example.se", "politiker@example.se"]


def test_a_failing_task_is_recorded_and_shown(series, leadership, mailbox, commit, monkeypatch, admin_client):
    """A failure outside the channel (here: the rule itself) fails the task: recorded on the event."""
    from django.urls import reverse

    def broken(event, channel):
        raise ValueError("regeln kunde inte läsas")

    monkeypatch.setattr(sending, "refusal", broken)
    report = publish(draft(series), commit)
    assert report.live and mailbox == []
    record = OutboxEvent.objects.get()
    assert record.task_status == "FAILED"
    assert "regeln kunde inte läsas" in record.task_error
    assert [row.status for row in record.deliveries.all()] == ["pending", "pending"]

    text = admin_client.get(reverse("rapport_utskick:report", args=[report.pk])).content.decode()
    assert "regeln kunde inte läsas" in text and "chef@example.se" in text


def test_failed_rows_are_retried_with_backoff_and_give_up_visibly(series, leadership, mailbox, commit):
    record = live_without_mail(series)

    class Refusing:
        def send_messages(self, messages):
            raise OSError("connection refused")

        def close(self):
            pass

    now = timezone.now()
    refusing = EmailChannel(connection=Refusing())
    result = sending.run(record.pk, refusing, now=now)
    assert (result.sent, result.failed) == (0, 2)
    row = record.deliveries.first()
    assert row.status == "failed" and row.attempts == 1 and "connection refused" in row.last_error
    assert result.next_due == min(r.next_attempt_at for r in record.deliveries.all())
    assert row.next_attempt_at >= now + dt.timedelta(seconds=backoff.nominal(1) * (1 - backoff.JITTER))

    # Not due yet: a run now sends nothing and tries nothing.
    assert sending.run(record.pk, refusing, now=now).failed == 0
    later = now
    for _attempt in range(backoff.MAX_ATTEMPTS - 1):
        later += dt.timedelta(days=1)
        sending.run(record.pk, refusing, now=later)
    row.refresh_from_db()
    assert row.attempts == backoff.MAX_ATTEMPTS and row.next_attempt_at is None  # waits for an editor
    assert sending.run(record.pk, "email", now=later + dt.timedelta(days=30)).sent == 0

    sending.retry_failed(record)
    assert sending.run(record.pk, "email").sent == 2
    assert sorted(m.to[0] for m in mailbox) == ["chef@example.se", "politiker@example.se"]


def test_a_run_that_died_mid_send_is_marked_failed_not_resent(series, leadership, mailbox):
    record = live_without_mail(series)
    long_ago = timezone.now() - EmailChannel.lease - dt.timedelta(minutes=1)
    row = record.deliveries.first()
    assert sending.claim(row.pk, long_ago)

    sending.run(record.pk, "email")
    row.refresh_from_db()
    assert row.status == "failed" and row.next_attempt_at is None
    assert "okänt om brevet kom fram" in row.last_error
    assert [m.to[0] for m in mailbox] == [
        a for a in ["chef@example.se", "politiker@example.se"] if a != row.target
    ]
