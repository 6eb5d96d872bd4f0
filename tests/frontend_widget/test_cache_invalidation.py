"""Every change that alters what the public sees reaches the cached answers once it commits.

The test's own transaction never commits, so each change runs inside `commit()`, which runs the
on-commit callbacks at its end, as a real commit would. (A publish made by another process, with
real commits, is in test_cache_other_process.py.)
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

from frontend_widget import delivery, invalidation
from tests.factories import (
    bullets,
    links,
    make_link_collection,
    make_person,
    make_report,
    make_series,
    people,
    stockholm,
    text,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def report(make_report):
    return make_report(title="Vecka 21", compiled_at=stockholm(2025, 5, 20))


def latest(client):
    response = client.get("/api/lagesbild/latest/")
    assert response.status_code == 200, response.content
    return response.json()


def detail(client, page):
    response = client.get(f"/api/lagesbild/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_publishing_a_newer_report_changes_latest_and_the_list(client, series, report, commit):
    assert latest(client)["id"] == report.pk
    client.get("/api/lagesbild/")
    with commit():
        newer = make_report(series=series, title="Vecka 22", compiled_at=stockholm(2025, 5, 27))
    assert latest(client)["id"] == newer.pk
    assert [item["id"] for item in client.get("/api/lagesbild/").json()["results"]] == [newer.pk, report.pk]


def test_publishing_a_new_revision_changes_latest_and_detail(client, report, commit):
    latest(client), detail(client, report)
    report.title = "Vecka 21, rättad"
    with commit():
        report.save_revision().publish()
    assert latest(client)["title"] == "Vecka 21, rättad"
    assert detail(client, report)["title"] == "Vecka 21, rättad"


def test_approval_through_the_moderation_workflow_publishes_to_the_api(client, series, report, commit):
    from django.contrib.auth import get_user_model

    def member(username, group):
        user = get_user_model().objects.create_user(username=username, password="x-lösen-123")
        user.groups.add(Group.objects.get(name=group))
        return user

    editor, approver = member("redaktor", "Editors"), member("granskare", "Moderators")
    assert latest(client)["id"] == report.pk
    draft = make_report(series=series, title="Vecka 22", compiled_at=stockholm(2025, 5, 27), publish=False)
    state = draft.get_workflow().start(draft, editor)
    assert latest(client)["id"] == report.pk  # submitted is not published
    task_state = state.current_task_state
    with commit():  # the approval publishes inside a transaction: the cache changes at its commit
        task_state.task.specific.on_action(task_state, approver, "approve")
    assert latest(client)["id"] == draft.pk


def test_unpublishing_removes_the_report(client, report, commit):
    latest(client), detail(client, report)
    with commit():
        report.unpublish()
    assert client.get("/api/lagesbild/latest/").status_code == 404
    assert client.get(f"/api/lagesbild/{report.pk}/").status_code == 404
    assert client.get("/api/lagesbild/").json()["count"] == 0


def test_deleting_removes_the_report(client, report, commit):
    latest(client), detail(client, report)
    report_id = report.pk
    with commit():
        report.delete()
    assert client.get("/api/lagesbild/latest/").status_code == 404
    assert client.get(f"/api/lagesbild/{report_id}/").status_code == 404


def test_moving_to_another_series_changes_series_and_url(client, home, report, commit):
    before = latest(client)
    other = make_series(home, title="Annan serie", slug="annan")
    with commit():
        report.move(other, pos="last-child")
    after = latest(client)
    assert after["series"]["slug"] == "annan"
    assert after["url"] != before["url"] and "/annan/" in after["url"]
    assert client.get("/api/lagesbild/latest/?series=lagesbild").status_code == 404


def test_a_new_view_restriction_removes_the_report(client, report, commit):
    latest(client)
    with commit():
        PageViewRestriction.objects.create(page=report, restriction_type="login")
    assert client.get("/api/lagesbild/latest/").status_code == 404


def test_removing_a_view_restriction_brings_the_report_back(client, report, commit):
    with commit():
        restriction = PageViewRestriction.objects.create(
            page=report, restriction_type="password", password="x"
        )
    assert client.get("/api/lagesbild/latest/").status_code == 404
    with commit():
        restriction.delete()
    assert latest(client)["id"] == report.pk


def test_changing_a_restrictions_groups_starts_a_new_generation(report, commit):
    restriction = PageViewRestriction.objects.create(page=report, restriction_type="groups")
    before = delivery.generation()
    with commit():
        restriction.groups.add(Group.objects.create(name="Redaktörer"))
    assert delivery.generation() != before


def test_changing_the_sites_root_changes_what_the_site_serves(client, report, commit):
    latest(client)
    other_root = Page.get_first_root_node().add_child(instance=Page(title="Ny rot", slug="ny-rot"))
    other_report = make_report(series=make_series(other_root, slug="ny-serie"), title="Annan rot")
    site = Site.objects.get(is_default_site=True)
    with commit():
        site.root_page = other_root
        site.save()
    assert latest(client)["id"] == other_report.pk


def test_editing_a_shared_person_changes_every_report_naming_them(client, series, commit):
    person = make_person(name="Anna Andersson", role="kommunikatör")
    first = make_report(series=series, body=[people(persons=[person])], compiled_at=stockholm(2025, 5, 20))
    second = make_report(series=series, body=[people(persons=[person])], compiled_at=stockholm(2025, 5, 27))
    detail(client, first), detail(client, second)
    person.role = "presschef"
    with commit():
        person.save()
    assert detail(client, first)["sections"][0]["items"][0]["role"] == "presschef"
    assert latest(client)["sections"][0]["items"][0]["role"] == "presschef"


def test_deleting_a_shared_person_drops_them(client, make_report, commit):
    keep, gone = make_person(name="Kvar"), make_person(name="Borta")
    make_report(body=[people(persons=[keep, gone])])
    assert [p["name"] for p in latest(client)["sections"][0]["items"]] == ["Kvar", "Borta"]
    with commit():
        gone.delete()
    assert [p["name"] for p in latest(client)["sections"][0]["items"]] == ["Kvar"]


def test_editing_a_shared_link_collection_changes_the_report(client, make_report, commit):
    collection = make_link_collection(links=[("Intranätet", "https://intranat.example.se/")])
    make_report(body=[links(collection=collection)])
    assert latest(client)["sections"][0]["items"][0]["title"] == "Intranätet"
    new_link = {
        "title": "Ny länk",
        "target": {"page": None, "document": None, "url": "https://ny.example.se/"},
    }
    collection.links = [{"type": "link", "value": new_link}]
    with commit():
        collection.save()
    (item,) = latest(client)["sections"][0]["items"]
    assert (item["title"], item["url"], item["change"]) == ("Ny länk", "https://ny.example.se/", None)


@pytest.fixture
def document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return get_document_model().objects.create(title="Rutin", file=ContentFile(b"%PDF-1.4", name="rutin.pdf"))


def document_report(document):
    action = {
        "date": "2025-05-27",
        "title": "Rutin",
        "target": {"page": None, "document": document.pk, "url": ""},
    }
    return make_report(
        body=[
            {"type": "actions", "value": {"heading": "Åtgärder", "items": [action]}},
            text(html=f'<p>Läs <a linktype="document" id="{document.pk}">rutinen</a>.</p>'),
        ]
    )


def test_deleting_a_linked_document_removes_its_links(client, series, document, commit):
    document_report(document)
    before = latest(client)
    assert before["sections"][0]["items"][0]["url"].endswith("/rutin.pdf")
    with commit():
        document.delete()
    after = latest(client)
    assert after["sections"][0]["items"][0]["url"] == ""
    assert "href" not in after["sections"][1]["html"]


def test_restricting_a_documents_collection_removes_its_links(client, series, document, commit):
    document_report(document)
    assert latest(client)["sections"][0]["items"][0]["url"]
    collection = Collection.get_first_root_node().add_child(name="Interna")
    with commit():
        document.collection = collection
        document.save()
        CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    assert latest(client)["sections"][0]["items"][0]["url"] == ""


def test_a_linked_page_going_unpublished_removes_the_link(client, home, make_report, commit):
    linked_series = make_series(home, title="Länkad", slug="lankad")
    linked = make_report(series=linked_series, title="Länkad rapport", compiled_at=stockholm(2025, 1, 1))
    report = make_report(
        compiled_at=stockholm(2025, 5, 27),
        body=[bullets(html=f'<ul><li>Se <a linktype="page" id="{linked.pk}">förra</a>.</li></ul>')],
    )
    assert 'href="http://testserver/lankad/' in detail(client, report)["sections"][0]["items"][0]["html"]
    with commit():
        linked.unpublish()
    assert detail(client, report)["sections"][0]["items"][0]["html"] == "Se förra."


def test_nothing_changes_before_the_transaction_commits(client, report, django_capture_on_commit_callbacks):
    latest(client)
    generation = delivery.generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            report.unpublish()
        assert delivery.generation() == generation  # a rebuild now would cache the old rows
    assert callbacks
    for callback in callbacks:
        callback()
    assert delivery.generation() != generation


def test_a_draft_save_keeps_the_cache(client, report, commit):
    before = latest(client)
    report.title = "Bara ett utkast"
    with commit() as callbacks:
        report.save_revision()
    assert invalidation._bump not in callbacks
    assert latest(client) == before


def test_unrelated_models_keep_djangos_fast_delete():
    from django.contrib.sessions.models import Session
    from django.db.models.signals import post_delete
    from wagtail.models import Revision

    assert not post_delete.has_listeners(Session)
    assert not post_delete.has_listeners(Revision)
