"""“Uppdaterad”: an FAQ question whose wording or answer was published again after its last review."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from rapport_blocks.faq.presentation import present_faq
from rapport_blocks.faq.updates import changed_since_review
from rapport_blocks.models import FaqPage
from tests import factories

REVIEWED = dt.date(2026, 11, 20)
WHY = "Varför har införandet pausats?"
HOW_LONG = "Hur länge varar pausen?"


def question(text, answer, reviewed="2026-11-20", anchor="a"):
    return {"question": text, "answer": answer, "reviewed_at": reviewed, "anchor": anchor}


def test_an_answer_changed_after_its_review_is_marked():
    history = [
        [question(WHY, "<p>Felen ska rättas.</p>")],
        [question(WHY, "<p>Felen ska rättas först, sedan fortsätter införandet.</p>")],
    ]
    assert changed_since_review(history) == {"a"}


def test_an_edit_published_with_a_new_review_date_is_part_of_that_review():
    history = [
        [question(WHY, "<p>Felen ska rättas.</p>")],
        [question(WHY, "<p>Felen är rättade.</p>", reviewed="2026-12-01")],
    ]
    assert changed_since_review(history) == set()


def test_a_new_review_after_the_change_clears_the_mark():
    history = [
        [question(WHY, "<p>Felen ska rättas.</p>")],
        [question(WHY, "<p>Felen är rättade.</p>")],
        [question(WHY, "<p>Felen är rättade.</p>", reviewed="2026-12-01")],
    ]
    assert changed_since_review(history) == set()


def test_a_never_reviewed_question_counts_from_its_first_publication():
    first = [question(WHY, "<p>Felen ska rättas.</p>", reviewed=None)]
    assert changed_since_review([first]) == set()
    assert changed_since_review([first, [question(WHY, "<p>Något annat.</p>", reviewed=None)]]) == {"a"}


def test_markup_stored_anew_or_a_new_question_is_no_change():
    history = [
        [question(WHY, '<p data-block-key="x1">Felen  ska <b>rättas</b>.</p>')],
        [
            question(WHY, '<p data-block-key="y7">Felen ska <b>rättas</b>.</p>'),
            question(HOW_LONG, "<p>Inget slutdatum.</p>", anchor="b"),
        ],
    ]
    assert changed_since_review(history) == set()


def test_a_reworded_question_or_a_new_link_target_is_a_change():
    history = [[question(WHY, '<p>Se <a href="https://a.example/">sidan</a>.</p>')]]
    reworded = [question("Varför pausades införandet?", '<p>Se <a href="https://a.example/">sidan</a>.</p>')]
    relinked = [question(WHY, '<p>Se <a href="https://b.example/">sidan</a>.</p>')]
    assert changed_since_review([*history, reworded]) == {"a"}
    assert changed_since_review([*history, relinked]) == {"a"}


def publish(page, questions):
    page.body = [factories.faq_category("Om pausen", questions)]
    page.save_revision().publish()
    return FaqPage.objects.get(pk=page.pk)


def marks(page) -> dict:
    data = present_faq(page, base_url="https://lagesbild.example.se")
    return {q["question"]: q["changed_since_review"] for c in data["categories"] for q in c["questions"]}


@pytest.mark.django_db
def test_the_presented_faq_marks_what_its_publications_changed(home):
    page = factories.make_faq(
        parent=home,
        body=[
            factories.faq_category(
                "Om pausen",
                [
                    factories.faq_question(WHY, "<p>Felen ska rättas.</p>", reviewed_at=REVIEWED),
                    factories.faq_question(HOW_LONG, "<p>Inget slutdatum ännu.</p>", reviewed_at=REVIEWED),
                ],
            )
        ],
    )
    assert marks(page) == {WHY: False, HOW_LONG: False}
    why, how_long = [q.value for q in page.body[0].value["questions"].bound_blocks]

    def kept(value, answer, reviewed_at=REVIEWED):
        return factories.faq_question(
            value["question"], answer, reviewed_at=reviewed_at, anchor=value["anchor"]
        )

    page = publish(
        page, [kept(why, "<p>Felen är nu rättade.</p>"), kept(how_long, "<p>Inget slutdatum ännu.</p>")]
    )
    assert marks(page) == {WHY: True, HOW_LONG: False}

    # A draft is no publication: the live page is marked as before; its preview shows the draft's marks.
    page.body = [
        factories.faq_category(
            "Om pausen",
            [
                kept(why, "<p>Felen är nu rättade.</p>", reviewed_at=dt.date(2026, 12, 1)),
                kept(how_long, "<p>Styrgruppen beslutar den 15 december.</p>"),
            ],
        )
    ]
    page.save_revision()
    live = FaqPage.objects.get(pk=page.pk)
    assert marks(live) == {WHY: True, HOW_LONG: False}
    assert marks(live.get_latest_revision_as_object()) == {WHY: False, HOW_LONG: True}


@pytest.mark.django_db
def test_the_faq_page_marks_the_updated_question_in_words(client, home):
    page = factories.make_faq(
        parent=home,
        body=[
            factories.faq_category(
                "Om pausen",
                [
                    factories.faq_question(WHY, "<p>Felen ska rättas.</p>", reviewed_at=REVIEWED),
                    factories.faq_question(HOW_LONG, "<p>Inget slutdatum ännu.</p>", reviewed_at=REVIEWED),
                ],
            )
        ],
    )
    why, how_long = [q.value for q in page.body[0].value["questions"].bound_blocks]
    publish(
        page,
        [
            factories.faq_question(
                WHY, "<p>Felen är rättade.</p>", reviewed_at=REVIEWED, anchor=why["anchor"]
            ),
            factories.faq_question(
                HOW_LONG, "<p>Inget slutdatum ännu.</p>", reviewed_at=REVIEWED, anchor=how_long["anchor"]
            ),
        ],
    )
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    headings = [h3.get_text(" ", strip=True) for h3 in soup.select(".faq-item__question")]
    assert headings == [f"Uppdaterad {WHY}", HOW_LONG]
    assert soup.select_one(".faq-item__question .rapport-change--changed").get_text() == "Uppdaterad"
