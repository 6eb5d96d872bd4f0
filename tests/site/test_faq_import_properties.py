"""The FAQ import over generated files: it creates an FAQ page or answers FILE:LINE, never a crash.

The report importer's property (tests/rapport_blocks/test_import_properties.py) over the FAQ layout:
files built from the lines FAQs are made of (a title, categories, questions, answers over several
lines, bullets, review dates) mixed with what goes wrong in real files, and with the report
property's own lines and byte strategies. Each example runs in a savepoint that is rolled back, so
the examples do not see one another's pages; the counts of both outcomes are part of the test.
"""

import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport_blocks.faq.importing import import_faq
from rapport_blocks.importing import ImportFailed
from rapport_blocks.models import FaqPage
from tests.rapport_blocks.test_import_properties import LINES as REPORT_LINES
from tests.site.figures import record

pytestmark = pytest.mark.django_db

FAQ_LINES = [
    "Frågor och svar om pausen",
    "En introduktion med *kursiv* text.",
    "- en punkt i introduktionen",
    "",
    "",
    "## Om pausen",
    "## Utbildning",
    "##",
    "### För djup rubrik",
    "F: Varför har införandet pausats?",
    "F: Hur länge varar pausen?",
    "F:",
    "F : Med mellanslag?",
    "S: Styrgruppen vill först rätta felen.",
    "S: Läs [beslutet](https://intranat.example.se/beslut).",
    "S:",
    "S: [x](javascript:alert(1))",
    "S: <script>alert(1)</script>",
    "Det finns **två** skäl:",
    "- läkemedelslistorna,",
    "- ",
    "Granskad: 2026-11-20",
    "Granskad: 2026-02-31",
    "granskad: igår",
    "[",
    "**",
    "\x00\x1b",
    "\ufeffFrågor och svar",
]
HEADER = ["Frågor och svar", "", "## Om pausen", "F: Vad gäller?", "S: Detta gäller."]
BODY = st.lists(
    st.one_of(st.sampled_from(FAQ_LINES), st.sampled_from(REPORT_LINES), st.text(max_size=20)), max_size=25
)
# Half the files start as an FAQ does, so the generator reaches past the first checks too.
FILE = st.tuples(st.booleans(), BODY).map(lambda pair: "\n".join((HEADER if pair[0] else []) + pair[1]))
ENCODED = st.one_of(
    FILE.map(lambda text: text.encode("utf-8", "surrogatepass")),
    FILE.map(lambda text: text.encode("cp1252", "replace")),
    st.binary(max_size=60),
)
ANSWER = re.compile(r"^faq\.txt(:[0-9]+)?: \S")
EXAMPLES = 150

PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check(data, outcomes: dict) -> None:
    """One file: a page and nothing else, or FILE:LINE answers and nothing at all."""
    before = FaqPage.objects.count()
    with transaction.atomic():
        try:
            result = import_faq(data, filename="faq.txt")
        except ImportFailed as failed:
            assert failed.lines(), "an error without a message"
            for line in failed.lines():
                assert ANSWER.match(line), line
            assert FaqPage.objects.count() == before  # nothing created
            outcomes["answered FILE:LINE"] += 1
        else:
            assert result.page.pk is not None and result.created
            assert FaqPage.objects.count() == before + 1
            assert result.page.body  # a page with at least one category, as the admin requires
            outcomes["created"] += 1
        transaction.set_rollback(True)


def run_property(strategy, name: str) -> dict:
    outcomes = {"created": 0, "answered FILE:LINE": 0}

    @PROPERTY
    @given(strategy)
    def files(data):
        check(data, outcomes)

    files()
    outcomes["examples"] = outcomes["created"] + outcomes["answered FILE:LINE"]
    record("property-figures", f"faq import: {name}", outcomes)
    return outcomes


def test_a_text_file_makes_an_faq_page_or_answers_file_and_line(db):
    outcomes = run_property(FILE, "text files")
    # Both outcomes are reached: the property is not only ever about errors.
    assert outcomes["created"] > 0 and outcomes["answered FILE:LINE"] > 0, outcomes


def test_any_bytes_make_an_faq_page_or_answer_file_and_line(db):
    outcomes = run_property(ENCODED, "bytes")
    assert outcomes["answered FILE:LINE"] > 0, outcomes
