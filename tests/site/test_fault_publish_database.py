"""The database fails in the middle of a publication: nothing is half-published, and the previous
report is still what the page, the API (the widget's data), the embed and oEmbed serve.

The failure is injected where Wagtail's publication leaves its own transaction: in a
`page_published` receiver, and at the audit log written after the receivers. Both raise the
error a dropped connection raises. (tests/site/test_fault_publish_postgres.py kills a real
PostgreSQL connection at the same point.)
"""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.signals import page_published
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from rapport_blocks.models import OutboxEvent, RapportPage
from tests import factories
from tests.factories import stockholm
from tests.site.fault_figures import tally

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

LOST = "server closed the connection unexpectedly"
BULLETS = "<ul><li>Punkten som inte får försvinna</li></ul>"
RECEIVER = "tests.site.test_fault_publish_database"


def served_titles(client, report) -> dict:
    """The title each public output shows for the series' latest report."""
    page = client.get(report.url)
    embed = client.get("/embed/lagesbild/latest/")
    oembed = client.get("/api/oembed/", {"url": report.full_url, "format": "json"})
    titles = {
        "api latest": client.get("/api/lagesbild/latest/").json()["title"],
        "api detail": client.get(f"/api/lagesbild/{report.pk}/").json()["title"],
        "api list": client.get("/api/lagesbild/").json()["results"][0]["title"],
        "oembed": oembed.json()["title"],
    }
    for name, response in (("page", page), ("embed", embed)):
        assert response.status_code == 200, name
        html = response.content.decode()
        titles[name] = next((t for t in ("Vecka 21", "Vecka 21, rättad") if f"{t}<" in html), None)
    return titles


def fail_in_a_receiver(monkeypatch):
    def receiver(sender, instance, **kwargs):
        raise OperationalError(LOST)

    page_published.connect(receiver, weak=False, dispatch_uid=RECEIVER)


def fail_at_the_audit_log(monkeypatch):
    """Wagtail writes the publish's log entry after the receivers, outside its own transaction."""
    import wagtail.actions.publish_revision as publish_revision

    original = publish_revision.log

    def log(*args, action=None, **kwargs):
        if action in ("wagtail.publish", "wagtail.rename"):
            raise OperationalError(LOST)
        return original(*args, action=action, **kwargs)

    monkeypatch.setattr(publish_revision, "log", log)


@pytest.fixture(autouse=True)
def _disconnect():
    yield
    page_published.disconnect(dispatch_uid=RECEIVER)


@pytest.mark.parametrize("inject", [fail_in_a_receiver, fail_at_the_audit_log], ids=["receiver", "audit-log"])
def test_a_failed_publication_leaves_the_previous_report_everywhere(
    request, client, series, mailbox, commit, monkeypatch, inject
):
    figures = tally(request, f"database error mid-publish ({request.node.callspec.id})")
    leadership = factories.make_distribution_list(addresses=["chef@example.se"])
    series.distribution_lists.set([leadership])
    series.save()
    with commit():
        report = factories.make_report(series=series, title="Vecka 21", compiled_at=stockholm(2025, 5, 20))
    before = report.live_revision_id
    assert len(mailbox) == 1  # the first publication's e-mail
    expected = dict.fromkeys(["api latest", "api detail", "api list", "oembed", "page", "embed"], "Vecka 21")
    assert served_titles(client, report) == expected  # and now cached

    report.title = "Vecka 21, rättad"
    report.send_update = True
    draft = report.save_revision()
    inject(monkeypatch)
    figures.injected()
    with pytest.raises(OperationalError, match=LOST):
        with commit():
            draft.publish()

    stored = RapportPage.objects.get(pk=report.pk)
    assert (stored.title, stored.live_revision_id, stored.live) == ("Vecka 21", before, True)
    assert stored.has_unpublished_changes  # the edit waits as the latest revision: nothing is lost
    assert stored.get_latest_revision().pk == draft.pk
    assert stored.get_latest_revision_as_object().title == "Vecka 21, rättad"
    assert not PageLogEntry.objects.filter(page=report, action="wagtail.publish", revision=draft).exists()
    assert not OutboxEvent.objects.filter(revision=draft).exists() and len(mailbox) == 1
    assert served_titles(client, report) == expected

    # The cache forgets nothing it should not: after it is emptied the database says the same.
    from django.core.cache import cache

    from frontend_widget import delivery

    cache.clear()
    delivery.forget_local()
    assert served_titles(client, report) == expected
    figures.survived()

    # Once the database answers again, publishing the same revision works and reaches every output.
    monkeypatch.undo()
    page_published.disconnect(dispatch_uid=RECEIVER)
    with commit():
        draft.publish()
    assert set(served_titles(client, report).values()) == {"Vecka 21, rättad"}
    assert [m.subject.startswith("Uppdaterad") for m in mailbox] == [False, True]


def test_the_editor_who_publishes_keeps_the_edit_when_the_database_fails(
    series, mailbox, monkeypatch, request, django_user_model, commit
):
    """Wagtail's edit view runs the publish action itself: the whole request is one transaction
    (rapport_blocks.admin.middleware), and the edit survives in the revision autosave wrote before."""
    figures = tally(request, "database error mid-publish from the admin's edit view")
    report = factories.make_report(series=series, title="Vecka 21", compiled_at=stockholm(2025, 5, 20))
    editor = django_user_model.objects.create_superuser("redaktor", "redaktor@example.se", "lösenord-1")
    browser = Client(raise_request_exception=False)
    browser.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[report.pk])
    data = {
        "title": "Vecka 21, rättad",
        "slug": report.slug,
        "compiled_at": "2025-05-20 08:30",
        "body": streamfield(
            [("bullets", {"heading": "Läget", "audience": "all", "bullets": rich_text(BULLETS)})]
        ),
    }
    # What Wagtail 8's autosave posts while the editor types (a JSON request, a draft revision).
    autosaved = browser.post(url, nested_form_data(data), HTTP_ACCEPT="application/json")
    assert autosaved.status_code == 200 and autosaved.json()["success"], autosaved.content
    draft_id = autosaved.json()["revision_id"]

    fail_at_the_audit_log(monkeypatch)
    figures.injected()
    response = browser.post(url, nested_form_data({**data, "action-publish": "action-publish"}))
    assert response.status_code == 500

    stored = RapportPage.objects.get(pk=report.pk)
    assert (stored.title, stored.live_revision_id) == ("Vecka 21", report.live_revision_id)
    assert stored.get_latest_revision().pk == draft_id  # the publish's own revision rolled back too
    latest = stored.get_latest_revision_as_object()  # the editor's edit is kept, as a draft
    assert latest.title == "Vecka 21, rättad" and "Punkten som inte får försvinna" in str(latest.body)
    assert (
        not PageLogEntry.objects.filter(page=report, action="wagtail.publish")
        .exclude(revision=report.live_revision)
        .exists()
    )
    assert "Vecka 21, rättad" not in browser.get(report.url).content.decode()
    assert browser.get("/api/lagesbild/latest/").json()["title"] == "Vecka 21"
    figures.survived()

    monkeypatch.undo()  # the database is back: the same form publishes
    with commit():
        response = browser.post(url, nested_form_data({**data, "action-publish": "action-publish"}))
    assert response.status_code == 302
    assert browser.get("/api/lagesbild/latest/").json()["title"] == "Vecka 21, rättad"
