"""FAQ search: questions and answers, Swedish plural and definite forms on SQLite, å/ä/ö both ways."""

import pytest

from rapport_blocks.faq import search
from rapport_blocks.models import FaqPage

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def found(faq, query, home) -> list[str]:
    return [hit.anchor for hit in FaqPage.visible_questions(query, home.path)]


@pytest.mark.parametrize(
    ("query", "anchor"),
    [
        ("pausats", "varfor-har-inforandet-pausats"),  # the question
        ("styrgruppen", "varfor-har-inforandet-pausats"),  # the answer
        ("avgift", "vad-kostar-pausen"),  # singular finds "Avgifterna"
        ("avgifter", "vad-kostar-pausen"),  # plural
        ("avgiften", "vad-kostar-pausen"),  # definite
        ("utbildningarna", "ska-jag-ga-utbildningen-nu"),
        ("Återbud", "ska-jag-ga-utbildningen-nu"),  # å upper case finds lower case
        ("ÅTERBUD", "ska-jag-ga-utbildningen-nu"),
        ("a\u030aterbud", "ska-jag-ga-utbildningen-nu"),  # a + combining ring, as some keyboards send it
        ("fortsätter", "vad-kostar-pausen"),
        ("FÖRST", "varfor-har-inforandet-pausats"),
        ("licenser", "vad-kostar-pausen"),  # inside a list of the answer
        ("kurskatalogen", "ska-jag-ga-utbildningen-nu"),  # a link's text
    ],
)
def test_hits(faq, home, query, anchor):
    assert found(faq, query, home) == [anchor]


@pytest.mark.parametrize("query", ["parkering", "semester", "kostar parkering", "", "   ", "och att"])
def test_misses(faq, home, query):
    assert found(faq, query, home) == []


def test_every_word_must_match(faq, home):
    assert found(faq, "kostar avgifterna", home) == ["vad-kostar-pausen"]
    assert found(faq, "kostar utbildningen", home) == []


def test_the_text_in_the_index_is_stemmed_and_folded():
    assert search.stems("Avgifterna ÅTERBUDEN") == "avgift återbud"
    assert search.normalised_query("Hur gör jag återbud?") == "gör återbud"


def test_a_draft_answer_is_not_searchable_until_published(faq, home, commit):
    draft = faq.get_latest_revision_as_object()
    draft.body[0].value["questions"][0]["answer"] = type(draft.body[0].value["questions"][0]["answer"])(
        "<p>Parkeringen är stängd.</p>"
    )
    with commit():
        draft.save_revision()
    assert found(faq, "parkering", home) == []
    with commit():
        faq.get_latest_revision().publish()
    assert found(faq, "parkering", home) == ["varfor-har-inforandet-pausats"]


def test_another_sites_faq_is_not_found(faq, home):
    from wagtail.models import Page

    other_root = Page.get_first_root_node().add_child(title="Annan webbplats", slug="annan")
    assert FaqPage.visible_questions("avgift", other_root.path) == []
