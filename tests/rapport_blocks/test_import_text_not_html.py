"""The layout is text, never HTML: "<", ">" and "&" in an imported file reach the reader as characters."""

import pytest

from rapport_blocks import importing

pytestmark = pytest.mark.django_db

TEXT = """\
Lägesbild med tecken

Sammanställd: 2026-01-05 klockan 09:15

Läget
- Kortkommandot <Ctrl> + C & <b>inte fet</b> <script>alert(1)</script>

Om rapporten
Ett stycke med <i>inte kursivt</i> & 3 < 4.
"""


@pytest.fixture
def page(series):
    return importing.import_report(TEXT, filename="tecken.txt", publish=True).page


def test_the_stored_rich_text_holds_the_characters_escaped(page):
    bullets = page.body[0].value["bullets"].source
    assert (
        "&lt;Ctrl&gt; + C &amp; &lt;b&gt;inte fet&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in bullets
    )
    assert "<b>" not in bullets and "<script>" not in bullets
    assert (
        "<p>Ett stycke med &lt;i&gt;inte kursivt&lt;/i&gt; &amp; 3 &lt; 4.</p>"
        == page.body[1].value["text"].source
    )


def test_the_page_shows_a_paragraphs_characters(page, client):
    html = client.get(page.url).content.decode()
    assert "Ett stycke med &lt;i&gt;inte kursivt&lt;/i&gt; &amp; 3 &lt; 4." in html


def test_the_page_shows_a_bullets_characters(page, client):
    html = client.get(page.url).content.decode()
    assert (
        "Kortkommandot &lt;Ctrl&gt; + C &amp; &lt;b&gt;inte fet&lt;/b&gt; "
        "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )
