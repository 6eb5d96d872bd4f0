"""`import_faq`: the FAQ text layout becomes an FaqPage; errors are `FILE:LINE: message`, exit 1."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from rapport_blocks.faq.importing import import_faq
from rapport_blocks.importing import ImportFailed
from rapport_blocks.models import FaqPage

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

GOOD = """Frågor och svar om pausen

En introduktion med *kursiv* text.

## Om pausen
F: Varför har införandet pausats?
S: Styrgruppen vill först rätta felen.
Läs [beslutet](https://intranat.example.se/beslut).

Det finns **två** skäl:
- läkemedelslistorna,
- remisserna.
Granskad: 2026-11-20

F: Hur länge varar pausen?
S: Det vet vi inte ännu.

## Utbildning
F: Ska jag gå utbildningen?
S: Nej.
Granskad: 2026-10-01
"""


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def write(tmp_path, text):
    path = tmp_path / "faq.txt"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def run(tmp_path, text, *args):
    path = write(tmp_path, text)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_faq", str(path), *args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
    return code, out.getvalue(), err.getvalue().replace(str(path), "faq.txt")


def test_a_good_file_becomes_a_draft_faq_page(tmp_path, home):
    code, out, err = run(tmp_path, GOOD)
    assert code == 0, err
    page = FaqPage.objects.get()
    assert not page.live and page.get_parent().pk == home.pk
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Frågor och svar om pausen"
    assert draft.intro == "<p>En introduktion med <i>kursiv</i> text.</p>"
    categories = [(c.value["heading"], [q["question"] for q in c.value["questions"]]) for c in draft.body]
    assert categories == [
        ("Om pausen", ["Varför har införandet pausats?", "Hur länge varar pausen?"]),
        ("Utbildning", ["Ska jag gå utbildningen?"]),
    ]
    first = draft.body[0].value["questions"][0]
    assert first["answer"].source == (
        '<p>Styrgruppen vill först rätta felen. Läs <a href="https://intranat.example.se/beslut">beslutet</a>.</p>'
        "<p>Det finns <b>två</b> skäl:</p><ul><li>läkemedelslistorna,</li><li>remisserna.</li></ul>"
    )
    assert first["reviewed_at"] == dt.date(2026, 11, 20)
    assert draft.body[0].value["questions"][1]["reviewed_at"] is None
    assert [q["anchor"] for c in draft.body for q in c.value["questions"]] == [
        "varfor-har-inforandet-pausats",
        "hur-lange-varar-pausen",
        "ska-jag-ga-utbildningen",
    ]
    assert f"Skapade FAQ-sida {page.pk}" in out


def test_publish_and_parent(tmp_path, home, series):
    code, _out, err = run(tmp_path, GOOD, "--publish", "--parent", series.slug)
    assert code == 0, err
    page = FaqPage.objects.get()
    assert page.live and page.get_parent().pk == series.pk
    assert page.search_entries.count() == 3


def test_check_creates_nothing(tmp_path, home):
    code, out, _err = run(tmp_path, GOOD, "--check")
    assert code == 0 and "3 frågor" in out
    assert not FaqPage.objects.exists()


ERRORS = [
    ("", "faq.txt:1: Filen är tom."),
    ("Titel\x00\n", "faq.txt:1: Det här är en binärfil, inte en textfil."),
    (b"Fr\xe5gor\n", "faq.txt:1: Filen är inte UTF-8-text"),
    ("## Kategori\nF: Fråga?\nS: Svar.\n", "faq.txt:1: FAQ:n har ingen titel"),
    ("Titel\n\nF: Fråga?\nS: Svar.\n", "faq.txt:3: Frågan har ingen kategori"),
    ("Titel\n## Kategori\nS: Svar.\n", "faq.txt:3: Svaret har ingen fråga"),
    ("Titel\n## Kategori\nF: Fråga?\nS: Svar.\nS: Ett till.\n", "faq.txt:5: Svaret har ingen fråga"),
    ("Titel\n## Kategori\nF: Fråga?\n\nF: Nästa?\nS: Svar.\n", "faq.txt:3: Frågan ”Fråga?” har inget svar"),
    ("Titel\n## Kategori\nF:\nS: Svar.\n", "faq.txt:3: Frågan är tom"),
    ("Titel\n## Kategori\nF: Fråga?\nS:\n", "faq.txt:4: Svaret är tomt"),
    ("Titel\n## Kategori\nF: Fråga?\nText utan S.\n", "faq.txt:4: Skriv svaret som ”S: svar”"),
    ("Titel\n## Kategori\nEn rad.\n", "faq.txt:3: Skriv frågor som ”F: fråga”"),
    ("Titel\n##\nF: Fråga?\nS: Svar.\n", "faq.txt:2: Skriv kategorins rubrik efter ”##”."),
    ("Titel\n## Tom\n## Kategori\nF: Fråga?\nS: Svar.\n", "faq.txt:2: Kategorin ”Tom” har inga frågor."),
    ("Titel\nBara en introduktion.\n", "faq.txt:2: FAQ:n har inga kategorier"),
    (
        "Titel\n## K\nF: Fråga?\nGranskad: 2026-01-01\n",
        "faq.txt:4: ”Granskad” hör hemma på raden direkt efter ett svar.",
    ),
    ("Titel\n## K\nF: F?\nS: Svar.\nGranskad: 2026-02-30\n", "faq.txt:5: Skriv granskningsdatumet som"),
    ("Titel\n## K\nF: F?\nS: Svar.\nGranskad: igår\n", "faq.txt:5: Skriv granskningsdatumet som"),
    (
        "Titel\n## K\nF: F?\nS: Svar.\nGranskad: 2999-01-01\n",
        "faq.txt:5: Granskningsdatumet 2999-01-01 ligger i framtiden.",
    ),
    (
        "Titel\n## K\nF: F?\nS: Svar.\nGranskad: 2026-01-01\nMer text.\n",
        "faq.txt:6: Raden hör inte till något svar",
    ),
    (
        "Titel\n## K\nF: F?\nS: Se [här](javascript:alert(1)).\n",
        "faq.txt:4: Länken ”här” (javascript:alert(1))",
    ),
    ("Titel\n## K\nF: F?\nS: Svar\n-\n", "faq.txt:5: Punkten är tom."),
    (
        "Titel\n## K\nF: " + "x" * 301 + "\nS: Svar.\n",
        "faq.txt:3: Säkerställ att detta värde har som mest 300 tecken",
    ),
    (
        "Titel\n## " + "r" * 201 + "\nF: F?\nS: Svar.\n",
        "faq.txt:2: Säkerställ att detta värde har som mest 200 tecken",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), ERRORS, ids=[expected.split(": ", 1)[1][:40] for _t, expected in ERRORS]
)
def test_every_error_names_file_and_line_and_creates_nothing(tmp_path, home, text, expected):
    with pytest.raises(CommandError, match="Ingenting importerades."):
        call_command("import_faq", str(write(tmp_path, text)), stdout=io.StringIO(), stderr=io.StringIO())
    code, _out, err = run(tmp_path, text)
    assert code == 1
    assert expected in err, err
    assert not FaqPage.objects.exists()


def test_all_errors_of_a_file_at_once(tmp_path, home):
    code, _out, err = run(tmp_path, "Titel\n## K\nF:\nS: Svar.\nGranskad: 2026-13-01\n## Tom\n")
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("faq.txt:")]
    assert [line.split(":")[1] for line in lines] == ["3", "5", "6"]


def test_an_unknown_parent(tmp_path, home):
    code, _out, err = run(tmp_path, GOOD, "--parent", "finns-inte")
    assert code == 1 and "Det finns ingen sida med sluggen ”finns-inte”" in err
    assert not FaqPage.objects.exists()


def test_a_missing_file(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import_faq", str(tmp_path / "saknas.txt"))
    assert error.value.returncode == 1


def test_a_placeholder_link_warns(tmp_path, home):
    code, _out, err = run(tmp_path, "Titel\n## K\nF: F?\nS: Se [underlaget](#).\n")
    assert code == 0 and "faq.txt:4: varning: ”underlaget” saknar ännu ett riktigt mål (#)." in err


def test_the_function_raises_with_lines(home):
    with pytest.raises(ImportFailed) as failure:
        import_faq("Titel\n## K\nF: F?\n", filename="x.txt")
    assert failure.value.lines() == ["x.txt:3: Frågan ”F?” har inget svar: skriv ”S: svar” efter den."]
