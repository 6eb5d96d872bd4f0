"""The real sample report (read from ../shared, never copied here) imports with its structure intact."""

import datetime as dt

import pytest

from rapport_blocks import importing
from rapport_blocks.core import rich_lists
from rapport_blocks.models import Person, RapportPage
from tests.factories import STOCKHOLM

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def imported(sample_path, series):
    result = importing.import_report(sample_path.read_bytes(), filename=str(sample_path), publish=True)
    return result


def test_sample_has_its_eight_sections_in_order(imported):
    kinds = [child.block_type for child in imported.page.body]
    assert kinds == ["bullets", "bullets", "bullets", "actions", "links", "bullets", "people", "text"]


def test_sample_keeps_the_nesting_of_its_first_bullets(imported):
    first_section = imported.page.body[0].value
    bullets = rich_lists.parse_bullets(first_section["bullets"].source)
    assert [len(bullet.children) for bullet in bullets[:2]] == [2, 3]
    assert all(not child.children for bullet in bullets for child in bullet.children)


def test_sample_actions_are_dated_in_the_compiled_year(imported):
    actions = imported.page.body[3].value["items"]
    assert [item["date"] for item in actions] == [dt.date(2025, 5, 27), dt.date(2025, 5, 20)]


def test_sample_links_and_people(imported):
    links = imported.page.body[4].value
    assert len(links["links"]) == 5 and links["collection"] is None
    people = imported.page.body[6].value["people"]
    assert len(people) == 2 and Person.objects.count() == 2
    assert all(person.role for person in people)


def test_sample_compiled_at_is_stockholm_time(imported):
    page = RapportPage.objects.get(pk=imported.page.pk)
    assert page.compiled_at == dt.datetime(2025, 5, 27, 8, 30, tzinfo=STOCKHOLM)
    assert page.slug == "2025-05-27" and page.live


def test_sample_placeholder_links_are_warned_about(imported):
    # Every link of the sample is a "#" placeholder: 2 actions and 5 links, each named by line.
    assert len(imported.warnings) == 7
    assert len({line for line, _ in imported.warnings}) == 7


def test_sample_text_section_has_two_paragraphs(imported):
    text = imported.page.body[7].value["text"].source
    assert text.count("<p>") == 2
