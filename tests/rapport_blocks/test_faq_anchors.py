"""Each question's anchor is made once: reordering, editing, moving and copying never change it."""

import uuid

import pytest

from rapport_blocks.faq import anchors
from rapport_blocks.models import FaqPage
from tests import factories

pytestmark = pytest.mark.django_db


def page_anchors(page) -> dict[str, str]:
    return {q["question"]: q["anchor"] for c in page.body for q in c.value["questions"]}


def publish_edit(page, edit):
    """Edit the newest content as the admin's form would (its StreamField clean), then publish."""
    draft = page.get_latest_revision_as_object()
    stream_block = FaqPage._meta.get_field("body").stream_block
    raw = list(draft.body.raw_data)
    edit(raw)
    draft.body = stream_block.clean(stream_block.to_python(raw))
    draft.save_revision().publish()
    return FaqPage.objects.get(pk=page.pk)


def value_of(item: dict) -> dict:
    """A ListBlock item's value, in the stored format ({"type": "item", "value", "id"}) or the plain one."""
    return item["value"] if item.get("type") == "item" else item


def list_item(value: dict) -> dict:
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}  # a new list item of its own


@pytest.fixture
def two_categories(make_faq):
    q = factories.faq_question
    return make_faq(
        body=[
            factories.faq_category(
                "Om pausen", [q("Varför har införandet pausats?"), q("Hur länge varar pausen?")]
            ),
            factories.faq_category("Utbildning", [q("Ska jag gå utbildningen?")]),
        ]
    )


def test_anchors_are_made_from_the_first_wording(two_categories):
    assert page_anchors(two_categories) == {
        "Varför har införandet pausats?": "varfor-har-inforandet-pausats",
        "Hur länge varar pausen?": "hur-lange-varar-pausen",
        "Ska jag gå utbildningen?": "ska-jag-ga-utbildningen",
    }


def test_editing_a_question_keeps_its_anchor(two_categories):
    def edit(raw):
        value_of(raw[0]["value"]["questions"][0])["question"] = "Varför pausade styrgruppen införandet?"

    page = publish_edit(two_categories, edit)
    assert page_anchors(page)["Varför pausade styrgruppen införandet?"] == "varfor-har-inforandet-pausats"


def test_reordering_questions_and_categories_and_moving_between_them_keeps_every_anchor(two_categories):
    before = page_anchors(two_categories)

    def edit(raw):
        raw[0]["value"]["questions"].reverse()
        moved = raw[0]["value"]["questions"].pop(0)
        raw[1]["value"]["questions"].append(moved)
        raw.reverse()

    page = publish_edit(two_categories, edit)
    assert page_anchors(page) == before
    assert [c.value["heading"] for c in page.body] == ["Utbildning", "Om pausen"]


def test_a_new_question_with_the_same_wording_gets_its_own_anchor_and_the_old_keeps_its(two_categories):
    def edit(raw):
        new = factories.faq_question("Varför har införandet pausats?", "<p>Ett nytt svar.</p>")
        raw[0]["value"]["questions"].insert(0, list_item(new))

    page = publish_edit(two_categories, edit)
    values = [q["anchor"] for q in page.body[0].value["questions"]]
    assert values == [
        "varfor-har-inforandet-pausats-2",
        "varfor-har-inforandet-pausats",
        "hur-lange-varar-pausen",
    ]


def test_a_duplicated_question_gets_a_fresh_anchor(two_categories):
    def edit(raw):
        copy = dict(value_of(raw[0]["value"]["questions"][0]))  # the admin's "Duplicate" keeps the value
        raw[0]["value"]["questions"].insert(1, list_item(copy))

    page = publish_edit(two_categories, edit)
    values = [q["anchor"] for q in page.body[0].value["questions"]]
    assert values[0] == "varfor-har-inforandet-pausats"
    assert values[1] == "varfor-har-inforandet-pausats-2"
    assert len(set(values)) == len(values)


def test_anchors_never_take_the_pages_own_ids(make_faq):
    page = make_faq(body=[factories.faq_category("K", [factories.faq_question("Innehåll")])])
    assert page_anchors(page)["Innehåll"] == "innehall-2"


def test_long_and_unreadable_questions(make_faq):
    page = make_faq(
        body=[
            factories.faq_category("K", [factories.faq_question("Ord " * 40), factories.faq_question("???")])
        ]
    )
    long, fallback = page_anchors(page).values()
    assert len(long) <= anchors.MAX_LENGTH and not long.endswith("-")
    assert fallback == "fraga"


def test_a_copied_page_keeps_the_anchors(two_categories, home):
    copy = two_categories.copy(update_attrs={"slug": "kopia", "title": "Kopia"}, to=home)
    assert page_anchors(FaqPage.objects.get(pk=copy.pk)) == page_anchors(two_categories)
