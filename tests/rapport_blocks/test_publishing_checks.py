"""Checks before publishing: one crafted draft per check, without the admin; then the edit view's panel."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from rapport_blocks.rules.changes import previous_report
from rapport_blocks.rules.publishing_checks import ERROR, INFO, WARNING, check_report
from tests.factories import actions, bullets, links, make_document, make_series, stockholm, text

pytestmark = pytest.mark.django_db

COMPILED = stockholm(2026, 11, 24, 8, 30)
NOW = stockholm(2026, 11, 24, 9, 0)


@pytest.fixture
def draft(make_report):
    def make(*body, **fields):
        fields.setdefault("compiled_at", COMPILED)
        return make_report(body=list(body), publish=False, **fields)

    return make


def found(report, previous=None):
    return [
        (finding.level, finding.message, finding.anchor)
        for finding in check_report(report, previous, now=NOW)
    ]


def anchor_of(report, index=0):
    return f"#block-{report.body[index].id}-section"


def test_a_clean_draft_has_no_findings(draft):
    report = draft(bullets(html='<ul><li>Läget är <a href="https://example.se/">stabilt</a></li></ul>'))
    assert found(report) == []


def test_placeholder_links_are_errors_in_actions_links_and_rich_text(draft):
    report = draft(
        actions(items=[(dt.date(2026, 11, 23), "Chefsbrev", "#")]),
        bullets(html='<ul><li>Se <a href="#">intranätet</a></li></ul>'),
    )
    assert found(report) == [
        (
            ERROR,
            "”Chefsbrev” i ”Kommunikativa åtgärder” är en platshållarlänk (”#”): "
            "lägg in den riktiga adressen.",
            anchor_of(report, 0),
        ),
        (
            ERROR,
            "”intranätet” i ”Sammanfattning” är en platshållarlänk (”#”): lägg in den riktiga adressen.",
            anchor_of(report, 1),
        ),
    ]


def test_links_to_pages_the_public_cannot_see_are_errors(draft, home, settings, tmp_path):
    hidden = make_series(home, title="Intern serie", publish=False)
    restricted = make_series(home, title="Bara för chefer")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    report = draft(
        {
            "type": "links",
            "value": {
                "heading": "Länkar",
                "collection": None,
                "links": [
                    {"title": "Opublicerad", "target": {"page": hidden.pk, "document": None, "url": ""}},
                    {"title": "Inloggning", "target": {"page": restricted.pk, "document": None, "url": ""}},
                ],
            },
        },
    )
    messages = [message for _level, message, _anchor in found(report)]
    assert messages == [
        "”Opublicerad” i ”Länkar” länkar till en sida som allmänheten inte kan se (”Intern serie”): "
        "läsarna får ingen länk.",
        "”Inloggning” i ”Länkar” länkar till en sida som allmänheten inte kan se (”Bara för chefer”): "
        "läsarna får ingen länk.",
    ]


def test_links_to_documents_the_public_cannot_see_are_errors(draft, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    document = make_document(title="Internt underlag")
    closed = Collection.get_first_root_node().add_child(name="Interna dokument")
    document.collection = closed
    document.save()
    CollectionViewRestriction.objects.create(collection=closed, restriction_type="login")
    report = draft(
        bullets(html=f'<ul><li>Se <a linktype="document" id="{document.pk}">underlaget</a></li></ul>')
    )
    assert found(report) == [
        (
            ERROR,
            "”underlaget” i ”Sammanfattning” länkar till ett dokument som allmänheten inte kan se "
            "(”Internt underlag”): läsarna får ingen länk.",
            anchor_of(report),
        )
    ]


def test_dates_out_of_order_are_an_error_on_the_field(draft):
    report = draft(bullets())
    report.next_expected_at = COMPILED - dt.timedelta(days=1)  # an old revision, say: no save validates it
    assert found(report) == [
        (
            ERROR,
            "Nästa lägesbild måste väntas efter att den här sammanställdes (24 november 2026 kl. 08:30).",
            "#id_next_expected_at",
        )
    ]


def test_empty_sections_are_warnings(draft):
    report = draft(bullets(heading="Läget", html="<ul><li> </li></ul>"), text(heading="Om", html="<p></p>"))
    assert found(report) == [
        (WARNING, "Avsnittet ”Läget” är tomt.", anchor_of(report, 0)),
        (WARNING, "Avsnittet ”Om” är tomt.", anchor_of(report, 1)),
    ]


def test_actions_in_the_future_or_older_than_30_days_are_warnings(draft):
    report = draft(
        actions(
            items=[
                (dt.date(2026, 11, 25), "I morgon", "https://example.se/a"),
                (dt.date(2026, 11, 20), "I fredags", "https://example.se/b"),
                (dt.date(2026, 10, 24), "För 31 dagar sedan", "https://example.se/c"),
                (dt.date(2026, 10, 25), "För 30 dagar sedan", "https://example.se/d"),
            ]
        )
    )
    assert found(report) == [
        (
            WARNING,
            "Åtgärden ”I morgon” i ”Kommunikativa åtgärder” är daterad 25 november 2026, "
            "efter att lägesbilden sammanställdes.",
            anchor_of(report),
        ),
        (
            WARNING,
            "Åtgärden ”För 31 dagar sedan” i ”Kommunikativa åtgärder” är daterad 24 oktober 2026, "
            "mer än 30 dagar före lägesbilden.",
            anchor_of(report),
        ),
    ]


def test_sections_unchanged_since_the_previous_report_are_information(make_report, draft):
    make_report(
        compiled_at=stockholm(2026, 11, 17),
        body=[bullets(heading="Läget", html="<ul><li>Som förra veckan</li></ul>"), links()],
    )
    report = draft(bullets(heading="Läget", html="<ul><li>Nytt läge</li></ul>"), links())
    previous = previous_report(report)
    assert previous.number == 1
    assert found(report, previous) == [
        (
            INFO,
            "Avsnittet ”Samlad information” är oförändrat sedan nr 1 · 17 november 2026.",
            anchor_of(report, 1),
        )
    ]


def test_the_panel_is_in_the_edit_view_for_the_editor_and_the_approver(client, draft):
    report = draft(actions(items=[(dt.date(2026, 11, 23), "Chefsbrev", "#")]))
    editor = get_user_model().objects.create_user("redaktor", password="x-lösen-123")
    editor.groups.add(Group.objects.get(name="Editors"))
    report.get_workflow().start(report, editor)
    approver = get_user_model().objects.create_user("granskare", password="x-lösen-123")
    approver.groups.add(Group.objects.get(name="Moderators"))

    for user in (editor, approver):
        client.force_login(user)
        page = BeautifulSoup(
            client.get(reverse("wagtailadmin_pages:edit", args=[report.pk])).content, "html.parser"
        )
        panel = page.find(class_="rapport-checks")
        assert panel is not None, user
        item = panel.find("li")
        assert item.find(class_="w-status").get_text(strip=True) == "fel"
        assert "”Chefsbrev” i ”Kommunikativa åtgärder” är en platshållarlänk" in item.get_text()
        assert item.find("a")["href"] == anchor_of(report)
        assert page.find(id="id_next_expected_at") is not None
