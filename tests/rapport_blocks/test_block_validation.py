"""Editors get a clear Swedish message on the field that is wrong, in the block and in the admin form."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from rapport_blocks.blocks import (
    ActionsSectionBlock,
    BulletSectionBlock,
    LinkCollectionSectionBlock,
    LinkTargetBlock,
    ReportBodyBlock,
    SpokespersonsSectionBlock,
    TextSectionBlock,
)
from rapport_blocks.core.rich_lists import parse_bullets
from rapport_blocks.models import RapportPage
from tests.factories import make_link_collection

ONLY_WEB_ADDRESSES = "Bara adresser som börjar med http, https eller mailto är tillåtna."


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def field_messages(error: StructBlockValidationError) -> dict[str, str]:
    return {name: " ".join(err.messages) for name, err in error.block_errors.items()}


def clean(block, raw: dict):
    return block.clean(block.to_python(raw))


def target(page=None, document=None, url=""):
    return {"page": page, "document": document, "url": url}


# Link targets


def test_a_link_needs_a_target():
    with pytest.raises(StructBlockValidationError) as caught:
        clean(LinkTargetBlock(), target())
    assert field_messages(caught.value) == {"url": "Välj en sida eller ett dokument, eller skriv en adress."}


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "ftp://example.se/"],
)
def test_only_http_https_and_mailto_addresses(url):
    with pytest.raises(StructBlockValidationError) as caught:
        clean(LinkTargetBlock(), target(url=url))
    assert (
        field_messages(caught.value)["url"]
        == "Bara adresser som börjar med http, https eller mailto är tillåtna."
    )


@pytest.mark.parametrize("url", ["https://example.se/a", "http://example.se", "mailto:info@example.se", "#"])
def test_good_addresses_and_placeholders_are_kept(url):
    assert clean(LinkTargetBlock(), target(url=url))["url"] == url


def test_an_address_with_a_space_is_refused():
    with pytest.raises(StructBlockValidationError) as caught:
        clean(LinkTargetBlock(), target(url="https://example.se/a b"))
    assert "mellanslag" in field_messages(caught.value)["url"]


@pytest.mark.django_db
def test_two_targets_are_refused_on_both_fields(home):
    with pytest.raises(StructBlockValidationError) as caught:
        clean(LinkTargetBlock(), target(page=home.pk, url="https://example.se/"))
    messages = field_messages(caught.value)
    assert set(messages) == {"page", "url"}
    assert messages["url"] == "Välj bara ett mål: en sida, ett dokument eller en adress."


# Sections


def test_bullets_must_be_a_list():
    block = BulletSectionBlock()
    with pytest.raises(StructBlockValidationError) as caught:
        clean(block, {"heading": "Läget", "bullets": "<p>Ett stycke utan punkt</p>"})
    assert "skriv ”- ” först på raden" in field_messages(caught.value)["bullets"]


def test_empty_bullet_is_refused():
    block = BulletSectionBlock()
    with pytest.raises(StructBlockValidationError) as caught:
        clean(block, {"heading": "Läget", "bullets": "<ul><li>En</li><li> </li></ul>"})
    assert field_messages(caught.value)["bullets"] == "Ta bort tomma punkter: varje punkt behöver text."


def test_bullets_nest_four_levels():
    html = "<ul><li>1<ul><li>2<ul><li>3<ul><li>4</li></ul></li></ul></li></ul></li></ul>"
    value = clean(BulletSectionBlock(), {"heading": "Läget", "bullets": html})
    level = parse_bullets(value["bullets"].source)[0]
    for expected in ("1", "2", "3", "4"):
        assert level.html == expected
        level = level.children[0] if level.children else None


def test_a_section_needs_a_heading():
    with pytest.raises(StructBlockValidationError) as caught:
        clean(TextSectionBlock(), {"heading": "", "text": "<p>Text</p>"})
    assert "heading" in caught.value.block_errors


def test_empty_text_section_is_refused():
    with pytest.raises(StructBlockValidationError) as caught:
        clean(TextSectionBlock(), {"heading": "Om rapporten", "text": "<p> </p>"})
    assert field_messages(caught.value)["text"] == "Skriv någon text."


def test_actions_section_needs_an_action():
    with pytest.raises(ValidationError):
        clean(ActionsSectionBlock(), {"heading": "Åtgärder", "items": []})


def test_action_date_must_be_a_date():
    raw = {"heading": "Åtgärder", "items": [{"date": "2025-02-30", "title": "Artikel", "target": target()}]}
    with pytest.raises((ValidationError, ValueError)):
        clean(ActionsSectionBlock(), raw)


# The empty page chooser is looked up with in_bulk(), which from Django 6.0 opens a connection on SQLite.
@pytest.mark.django_db
def test_action_without_link_is_allowed():
    raw = {"heading": "Åtgärder", "items": [{"date": "2025-05-27", "title": "Möte", "target": target()}]}
    value = clean(ActionsSectionBlock(), raw)
    assert value["items"][0]["date"] == dt.date(2025, 5, 27)


@pytest.mark.django_db
def test_link_collection_needs_links_or_a_shared_collection_but_not_both():
    block = LinkCollectionSectionBlock()
    with pytest.raises(StructBlockValidationError) as neither:
        clean(block, {"heading": "Länkar", "collection": None, "links": []})
    assert "minst en länk" in field_messages(neither.value)["collection"]

    shared = make_link_collection()
    both = {
        "heading": "Länkar",
        "collection": shared.pk,
        "links": [{"title": "A", "target": target(url="https://example.se/")}],
    }
    with pytest.raises(StructBlockValidationError) as caught:
        clean(block, both)
    assert "inte båda" in field_messages(caught.value)["collection"]

    assert clean(block, {"heading": "Länkar", "collection": shared.pk, "links": []})["collection"] == shared


def test_spokespersons_need_a_person():
    with pytest.raises(ValidationError):
        clean(SpokespersonsSectionBlock(), {"heading": "Talespersoner", "people": []})


def test_a_report_needs_a_section():
    with pytest.raises(StreamBlockValidationError):
        ReportBodyBlock().clean(ReportBodyBlock().to_python([]))


def test_any_headings_are_just_as_easy():
    body = ReportBodyBlock()
    raw = [
        {"type": "text", "value": {"heading": "Händelsen", "text": "<p>Ett strömavbrott.</p>"}},
        {"type": "bullets", "value": {"heading": "Berörda", "bullets": "<ul><li>Akuten</li></ul>"}},
        {"type": "bullets", "value": {"heading": "Konsekvenser", "bullets": "<ul><li>Väntetider</li></ul>"}},
    ]
    cleaned = body.clean(body.to_python(raw))
    assert [child.value["heading"] for child in cleaned] == ["Händelsen", "Berörda", "Konsekvenser"]
    assert isinstance(cleaned[0].value["text"], RichText)


# The admin form


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("redaktor", "redaktor@example.se", "lösenord-123")
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "sv"})
    client.force_login(user)
    return client


def report_form(action_url: str) -> dict:
    return nested_form_data(
        {
            "title": "Regional rapport",
            "slug": "regional-rapport",
            "compiled_at": "2025-05-27 08:30",
            "next_expected_at": "",
            "body": streamfield(
                [
                    (
                        "bullets",
                        {
                            "heading": "Sammanfattande lägesbild",
                            "audience": "all",
                            "bullets": rich_text("<ul><li>En punkt</li></ul>"),
                        },
                    ),
                    (
                        "actions",
                        {
                            "heading": "Kommunikativa åtgärder",
                            "items": {
                                "count": "1",
                                "0": {
                                    "deleted": "",
                                    "order": "0",
                                    "id": "",
                                    "value": {
                                        "date": "2025-05-27",
                                        "title": "En artikel",
                                        "target": {"page": "", "document": "", "url": action_url},
                                    },
                                },
                            },
                        },
                    ),
                ]
            ),
        }
    )


def test_admin_shows_the_swedish_message_on_a_bad_address(editor_client, series):
    url = reverse("wagtailadmin_pages:add", args=("rapport_blocks", "rapportpage", series.pk))
    response = editor_client.post(url, report_form("javascript:alert(1)"))
    assert response.status_code == 200
    body_errors = response.context["form"].errors["body"].data[0].as_json_data()
    action_errors = body_errors["blockErrors"][1]["blockErrors"]["items"]["blockErrors"][0]
    assert action_errors["blockErrors"]["target"]["blockErrors"]["url"]["messages"] == [ONLY_WEB_ADDRESSES]
    assert not RapportPage.objects.exists()


def test_admin_saves_a_good_report_named_after_its_compiled_date(editor_client, series):
    url = reverse("wagtailadmin_pages:add", args=("rapport_blocks", "rapportpage", series.pk))
    response = editor_client.post(url, report_form("https://example.se/artikel"))
    assert response.status_code == 302
    report = RapportPage.objects.get()
    assert report.slug == "2025-05-27"
    assert report.live is False
    assert [block.block_type for block in report.body] == ["bullets", "actions"]


@pytest.mark.parametrize("block,field", [(BulletSectionBlock(), "bullets"), (TextSectionBlock(), "text")])
def test_markup_the_parser_rejects_is_a_message_not_a_crash(block, field):
    with pytest.raises(StructBlockValidationError) as caught:
        clean(block, {"heading": "Läget", field: "<ul><li>En punkt</li></ul><![>"})
    assert field_messages(caught.value)[field] == (
        "Texten innehåller kod som inte kan läsas. Klistra in den igen som vanlig text."
    )
