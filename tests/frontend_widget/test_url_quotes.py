"""Quotes and angle brackets in an address never reach the JSON raw (issue 25).

The product's own renderers quote attributes, but an intranet that builds HTML from the JSON by
joining strings would be broken out of its attribute by `"` or into a tag by `<`: `safe_url`
percent-encodes them, as a browser would, so the address still leads to the same place.
"""

import json
import re

import pytest

from rapport_blocks.core.sanitize import absolute_url, clean_html, safe_url
from tests import factories

BREAKOUT = "https://ok.example/\"><script>alert(1)</script>'`x y"


def test_safe_url_percent_encodes_what_breaks_out_of_an_attribute():
    assert safe_url(BREAKOUT) == "https://ok.example/%22%3E%3Cscript%3Ealert(1)%3C/script%3E%27%60x%20y"
    assert safe_url("mailto:o'brien@example.se?subject=Hej där") == (
        "mailto:o%27brien@example.se?subject=Hej%20där"
    )
    # Encoded once only: an address already encoded is left as it is.
    assert safe_url(safe_url(BREAKOUT)) == safe_url(BREAKOUT)
    assert absolute_url('/sida "x"', "https://lagesbild.example.se/") == (
        "https://lagesbild.example.se/sida%20%22x%22"
    )


def test_a_link_in_rich_text_keeps_its_attribute_closed():
    html = clean_html('<p><a href="https://ok.example/&quot;&gt;&lt;b&gt;x">länk</a></p>')
    href = re.fullmatch(r'<p><a href="([^"]*)">länk</a></p>', html).group(1)
    assert href.startswith("https://ok.example/%22%3E") and not set(href) & set("\"'<> `")


def strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


@pytest.mark.django_db
def test_no_raw_quote_or_bracket_in_any_url_of_the_api(client, series):
    factories.make_report(
        series=series,
        body=[
            factories.bullets(
                html=f'<ul><li><a href="{BREAKOUT.replace(chr(34), "&quot;")}">punkt</a></li></ul>'
            )
        ],
    )
    data = json.loads(client.get("/api/lagesbild/latest/").content)
    urls = [text for text in strings(data) if text.startswith(("http://", "https://", "mailto:"))]
    for url in urls:
        assert not set(url) & set("\"'<> `"), url
    html = [text for text in strings(data) if "ok.example" in text]
    assert html and all('<a href="https://ok.example/%22%3E' in text for text in html)
    assert all("<script" not in text for text in strings(data))
