"""The archive search takes any text a visitor types: quotes and operators are plain words, never a 500.

SQLite's FTS5 refuses an unbalanced double quote (wagtail/wagtail#13227) and PostgreSQL refuses
NUL in a string; both once answered 500 (issue 25).
"""

import pytest

from tests import factories
from tests.factories import stockholm
from tests.rapport_blocks.test_archive import titles

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def reports(series):
    factories.make_report(
        series=series,
        title="Rapport maj 2025",
        compiled_at=stockholm(2025, 5, 6),
        body=[factories.bullets(html="<ul><li>Vad händer med inloggningen nära jul?</li></ul>")],
    )
    factories.make_report(
        series=series,
        title="Rapport juni 2025",
        compiled_at=stockholm(2025, 6, 3),
        body=[factories.bullets(html="<ul><li>Öppettiderna ändras</li></ul>")],
    )


@pytest.mark.parametrize(
    "query",
    [
        'a"b',
        '"',
        "\x00",
        "a\x00b",
        "NEAR(",
        "NEAR(a b)",
        "*",
        "a*",
        "-",
        "AND OR NOT",
        "(",
        ")",
        "^a",
        "'",
        "x" * 10_000,
        "ö" * 10_000,
        "\\",
        "%",
        "_",
        "a:b",
        "{a}",
        "\ud7ff",
        "\t\n",
        "a NEAR/2 b",
    ],
)
def test_any_text_answers_200(client, series, reports, query):
    response = client.get(series.url, {"q": query})
    assert response.status_code == 200
    assert "Sök i rapporterna" in response.content.decode()


def test_percent_encoded_nul_answers_200(client, series, reports):
    assert client.get(series.url + "?q=%00").status_code == 200
    assert client.get(series.url + "?q=a%00b%22").status_code == 200


@pytest.mark.parametrize(
    "query, expected",
    [
        ('"vad händer', ["Rapport maj 2025"]),  # the closing quote not yet typed
        ('"vad händer"', ["Rapport maj 2025"]),
        ("inloggningen OR jul", []),  # OR is a word here, and every word must match
        ("NEAR(inloggningen", []),  # NEAR is a word too, and the text has no "near"
        ("(inloggningen)", ["Rapport maj 2025"]),
        ("-inloggningen", ["Rapport maj 2025"]),  # not a NOT
        ("öppettiderna*", ["Rapport juni 2025"]),
        ('"', []),  # no word at all: nothing matches
        ("*", []),
    ],
)
def test_quotes_and_operators_are_searched_as_plain_words(client, series, reports, query, expected):
    assert titles(client.get(series.url, {"q": query})) == expected


def test_the_query_is_shown_back_escaped(client, series, reports):
    html = client.get(series.url, {"q": '"><script>x</script>'}).content.decode()
    assert "<script>x</script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html
