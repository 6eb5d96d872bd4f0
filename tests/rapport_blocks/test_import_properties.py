"""The report import over generated files: it creates a report or answers FILE:LINE, never a crash.

The files are built from the lines reports are made of (titles, dates, headings, bullets at several
depths, actions, links, people, paragraphs) mixed with what goes wrong in real files: bad dates,
stray indentation, markup, control characters, other encodings.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport_blocks.importing import ImportFailed, import_report
from rapport_blocks.models import RapportPage

pytestmark = pytest.mark.django_db

LINES = [
    "Regional rapport",
    "Sammanställd: 2025-05-27 klockan 08:30",
    "Sammanställd: 2025-13-45 klockan 25:61",
    "Nästa lägesbild: 2025-06-03 klockan 08:30",
    "Nästa lägesbild: i morgon",
    "",
    "",
    "Sammanfattning",
    "Kommunikativa åtgärder",
    "Samlad information",
    "Talespersoner",
    "Om rapporten",
    "- En punkt med **fetstil** och *kursiv*",
    "- [En länk](https://example.se/)",
    "- [Platshållare](#)",
    " - En underpunkt",
    "  - En underunderpunkt",
    "     - För djupt",
    "- 27/5: [En artikel](https://example.se/artikel)",
    "- 31/2: [Fel datum](https://example.se/)",
    "- Anna Andersson, presschef, anna@example.se, 010-123 45 67",
    "Ett stycke text som fortsätter",
    "på nästa rad.",
    "<script>alert(1)</script>",
    "- [x](javascript:alert(1))",
    "•\tPunkt från Word",
    "\tTabbad rad",
    "# platshållare",
    "- ",
    "**",
    "[",
    "\x00\x1b",
    "\ufeffRegional rapport",
]
HEADER = ["Regional rapport", "Sammanställd: 2025-05-27 klockan 08:30", ""]
BODY = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=20)), max_size=25)
# Half the files start as a report does, so the generator reaches past the header's checks too.
FILE = st.tuples(st.booleans(), BODY).map(lambda pair: "\n".join((HEADER if pair[0] else []) + pair[1]))
ENCODED = st.one_of(
    FILE.map(lambda text: text.encode("utf-8", "surrogatepass")),
    FILE.map(lambda text: text.encode("cp1252", "replace")),
    st.binary(max_size=60),
)
ANSWER = re.compile(r"^rapport\.txt(:[0-9]+)?: \S")


def check(data) -> None:
    before = RapportPage.objects.count()
    try:
        result = import_report(data, filename="rapport.txt")
    except ImportFailed as failed:
        assert failed.lines(), "an error without a message"
        for line in failed.lines():
            assert ANSWER.match(line), line
        assert RapportPage.objects.count() == before  # nothing created
    else:
        assert result.page.pk is not None
        assert RapportPage.objects.count() == before + 1


PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(FILE)
def test_a_text_file_makes_a_report_or_answers_file_and_line(db, text):
    check(text)


@PROPERTY
@given(ENCODED)
def test_any_bytes_make_a_report_or_answer_file_and_line(db, data):
    check(data)


def test_the_generator_reaches_both_outcomes(db):
    """The lines above do make reports: the property is not only ever about errors."""
    created = import_report("\n".join(LINES[:2] + ["", "Sammanfattning", LINES[12]]), filename="rapport.txt")
    assert created.page.pk
    with pytest.raises(ImportFailed):
        import_report("\n".join(LINES[2:4]), filename="rapport.txt")
