"""The admin's "Utskick" page: every channel's deliveries per event, with "Skicka igen" per failed one."""

import re

import pytest
from django.urls import reverse

from frontend_widget.outbox import channels
from rapport_blocks.models import OutboxEvent
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def published(series, commit, recording, mailbox):
    series.distribution_lists.set([factories.make_distribution_list(addresses=["chef@example.se"])])
    series.save()
    recording.script = {"mottagare-b": [channels.failed("400 Bad Request")]}
    with commit():
        report = factories.make_report(series=series, title="Vecka 49")
    return report


def test_each_channel_has_its_own_table_under_the_event(admin_client, published):
    html = admin_client.get(reverse("rapport_utskick:report", args=[published.pk])).content.decode()
    text = text_of(html)
    assert "Första publiceringen" in text
    email, recording = text.index("E-post"), text.index("Testkanal")
    assert email < recording  # in the site's channel order
    assert "Adress Status Försök Senaste fel Nästa försök" in text  # the e-mail's columns, as before
    assert "Mottagare Status Försök Senaste fel Nästa försök" in text
    assert "chef@example.se Skickat" in text
    assert "Skickade: 1 · Misslyckade: 1 · Väntar: 0" in text[recording:]
    assert "mottagare-b Misslyckades 1 400 Bad Request När en redaktör försöker igen Skicka igen" in text
    assert text.count("Skicka igen") == 1  # only the failed delivery has the button


def test_skicka_igen_sends_that_delivery_only(admin_client, published, recording, mailbox):
    failed = OutboxEvent.objects.get(page_id=published.pk).deliveries.get(target="mottagare-b")
    response = admin_client.post(reverse("rapport_utskick:retry_delivery", args=[failed.pk]))
    assert response.status_code == 302
    assert recording.delivered_to() == ["mottagare-a", "mottagare-b"]
    assert len(mailbox) == 1  # the e-mail, sent at the publish, is not sent again
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("sent", 2)


def test_an_event_with_nothing_to_send_is_not_listed(admin_client, series, commit, mailbox):
    series.distribution_lists.set([factories.make_distribution_list(addresses=["chef@example.se"])])
    series.save()
    with commit():
        report = factories.make_report(series=series, title="Vecka 49")
    with commit():
        report.save_revision().publish()  # a plain republish: no e-mail
    assert OutboxEvent.objects.filter(page_id=report.pk).count() == 2
    html = admin_client.get(reverse("rapport_utskick:report", args=[report.pk])).content.decode()
    assert html.count('<section class="w-mb-10"') == 1
    assert "Uppdaterad" not in text_of(html)


def test_only_editors_of_the_report_may_send_again(client, django_user_model, published, recording):
    from django.contrib.auth.models import Permission

    failed = OutboxEvent.objects.get(page_id=published.pk).deliveries.get(target="mottagare-b")
    user = django_user_model.objects.create_user("lasare", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.post(reverse("rapport_utskick:retry_delivery", args=[failed.pk])).status_code in (302, 403)
    failed.refresh_from_db()
    assert failed.status == "failed" and recording.delivered_to() == ["mottagare-a"]


def test_a_channel_that_hides_its_targets_from_a_user_shows_only_counts(
    admin_client, published, recording, monkeypatch
):
    monkeypatch.setattr(recording, "shows_targets", lambda self, user: False)
    html = admin_client.get(reverse("rapport_utskick:report", args=[published.pk])).content.decode()
    text = text_of(html)
    recording_part = text[text.index("Testkanal") :]
    assert "Mottagarna visas bara för den som får se dem." in recording_part
    assert "Status Antal Skickat 1 Misslyckades 1 · När en redaktör försöker igen Väntar 0" in recording_part
    assert "mottagare-b" not in html and "400 Bad Request" not in html
    assert "chef@example.se" in text  # the e-mail's addresses are the e-mail channel's to show
