"""A report's link to one FAQ question is page id + anchor: it survives a move and a rename of the page."""

import pytest
from django.core.exceptions import ValidationError

from rapport_blocks import importing
from rapport_blocks.blocks import LinkTargetBlock
from rapport_blocks.exporting import export_report
from rapport_blocks.models import RapportPage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def question_link(faq, anchor, title="Ska jag gå utbildningen?") -> dict:
    return {
        "type": "links",
        "value": {
            "heading": "Samlad information",
            "collection": None,
            "links": [
                {"title": title, "target": {"page": faq.pk, "anchor": anchor, "document": None, "url": ""}}
            ],
        },
    }


def link_url(client, report) -> str:
    data = client.get(f"/api/lagesbild/{report.pk}/").json()
    return data["sections"][0]["items"][0]["url"]


@pytest.fixture
def linked(faq, make_report):
    return make_report(body=[question_link(faq, "ska-jag-ga-utbildningen-nu")])


def test_the_link_points_at_the_question(client, linked):
    assert link_url(client, linked) == "http://testserver/fragor-och-svar/#ska-jag-ga-utbildningen-nu"
    html = client.get(linked.url).content.decode()
    assert 'href="http://testserver/fragor-och-svar/#ska-jag-ga-utbildningen-nu"' in html


def test_the_link_survives_a_rename_of_the_faq_page(client, faq, linked, commit):
    with commit():
        faq.title, faq.slug = "Vanliga frågor", "vanliga-fragor"
        faq.save_revision().publish()
    assert link_url(client, linked) == "http://testserver/vanliga-fragor/#ska-jag-ga-utbildningen-nu"


def test_the_link_survives_a_move_of_the_faq_page(client, faq, linked, home, commit):
    section = factories.make_series(home, title="Journalsystemet", slug="journalsystemet")
    with commit():
        faq.move(section, pos="last-child")
    assert (
        link_url(client, linked)
        == "http://testserver/journalsystemet/fragor-och-svar/#ska-jag-ga-utbildningen-nu"
    )


def test_a_removed_question_falls_back_to_the_page(client, faq, linked, commit):
    draft = faq.get_latest_revision_as_object()
    draft.body = [c for c in draft.body.raw_data if c["value"]["heading"] != "Utbildning"]
    with commit():
        draft.save_revision().publish()
    assert link_url(client, linked) == "http://testserver/fragor-och-svar/"


def test_a_hidden_faq_page_is_no_link(client, faq, linked, commit):
    with commit():
        faq.unpublish()
    assert link_url(client, linked) == ""


def test_the_question_must_be_on_a_chosen_faq_page(faq, linked):
    block = LinkTargetBlock()
    ok = block.clean(block.to_python({"page": faq.pk, "anchor": "vad-kostar-pausen"}))
    assert ok["anchor"] == "vad-kostar-pausen"
    with pytest.raises(ValidationError) as unknown:
        block.clean(block.to_python({"page": faq.pk, "anchor": "finns-inte"}))
    assert "anchor" in unknown.value.block_errors
    with pytest.raises(ValidationError) as not_faq:
        block.clean(block.to_python({"page": linked.pk, "anchor": "vad-kostar-pausen"}))
    assert "anchor" in not_faq.value.block_errors


def test_the_text_layout_writes_the_question_address_and_reads_it_back(faq, linked, series):
    text = export_report(linked).text
    assert (
        "- [Ska jag gå utbildningen?](http://localhost/fragor-och-svar/#ska-jag-ga-utbildningen-nu)" in text
    )
    result = importing.import_report(text, filename="export.txt", series_slug=series.slug)
    again = RapportPage.objects.get(pk=result.page.pk).get_latest_revision_as_object()
    target = again.body[0].value["links"][0]["target"]
    assert (target["page"].pk, target["anchor"], target["url"]) == (faq.pk, "ska-jag-ga-utbildningen-nu", "")
    assert export_report(again).text == text


def test_an_address_with_an_unknown_question_stays_an_address(faq, series):
    text = (
        "Rapport\nSammanställd: 2026-11-24 klockan 08:30\n\nLänkar\n"
        "- [Fråga](http://localhost/fragor-och-svar/#finns-inte)\n"
    )
    page = importing.import_report(text, filename="r.txt", series_slug=series.slug).page
    target = page.get_latest_revision_as_object().body[0].value["links"][0]["target"]
    assert target["page"] is None and target["url"] == "http://localhost/fragor-och-svar/#finns-inte"


def test_the_admin_offers_the_chosen_pages_questions(admin_client, faq, linked):
    response = admin_client.get(f"/admin/faq/{faq.pk}/fragor/")
    assert response.status_code == 200
    assert [q["anchor"] for q in response.json()["questions"]] == [
        "varfor-har-inforandet-pausats",
        "vad-kostar-pausen",
        "ska-jag-ga-utbildningen-nu",
    ]
    assert admin_client.get(f"/admin/faq/{linked.pk}/fragor/").status_code == 404
    edit = admin_client.get(f"/admin/pages/{linked.pk}/edit/").content.decode()
    assert "rapport_blocks/js/faq-anchor-picker.js" in edit and "/admin/faq/0/fragor/" in edit
