"""Markup that did not come through the admin's editor still meets the contract in every html field.

Old data, a shell or a future importer can store relative or odd links and lists inside an item's
own markup. The presentation step holds the contract whatever is stored: links absolute http(s)
or mailto (or plain text), and no list inside an item's html.
"""

import re

import pytest

from rapport_blocks.models import RapportPage
from tests.factories import bullets, text

pytestmark = pytest.mark.django_db

ODD_LINKS = {
    "./this:that": "http://testserver/this:that",
    "/relative/x": "http://testserver/relative/x",
    "relativ/sida": "http://testserver/relativ/sida",
    "?fraga=1": "http://testserver/?fraga=1",
    "\\example.com": None,
    "http:alert(1)": None,
    "https:no-host": None,
    "#bara-ankare": None,
    "mailto:": None,
    "https://intranat.example.se/ok": "https://intranat.example.se/ok",
    "mailto:kontakt@example.se": "mailto:kontakt@example.se",
}


def stored(report, body):
    """Write the body straight to the live row, as a shell or an old migration would."""
    RapportPage.objects.filter(pk=report.pk).update(body=body)
    from frontend_widget import delivery

    delivery.invalidate()


def every_html(data) -> list[str]:
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("html") and isinstance(value, str):
                found.append(value)
            else:
                found.extend(every_html(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(every_html(value))
    return found


def test_odd_links_become_absolute_or_plain_text(client, make_report):
    report = make_report()
    items = "".join(f'<li><a href="{href}">länk {n}</a></li>' for n, href in enumerate(ODD_LINKS))
    paragraphs = "".join(f'<p><a href="{href}">text {n}</a></p>' for n, href in enumerate(ODD_LINKS))
    stored(report, [bullets(html=f"<ul>{items}</ul>"), text(html=paragraphs)])

    data = client.get(f"/api/lagesbild/{report.pk}/").json()
    bullet_html = [item["html"] for item in data["sections"][0]["items"]]
    text_html = data["sections"][1]["html"]
    for n, expected in enumerate(ODD_LINKS.values()):
        if expected is None:
            assert bullet_html[n] == f"länk {n}"
            assert f"<p>text {n}</p>" in text_html
        else:
            assert bullet_html[n] == f'<a href="{expected}">länk {n}</a>'
            assert f'<p><a href="{expected}">text {n}</a></p>' in text_html
    for html in every_html(data):
        for href in re.findall(r'href="([^"]*)"', html):
            assert href.startswith(("https://", "http://testserver/", "mailto:")), href


def test_a_list_inside_an_items_markup_becomes_its_children(client, make_report):
    report = make_report()
    stored(
        report,
        [
            bullets(
                html="<ul><li>Överst<b><ul><li>Inne i fetstil<ul><li>Djupare</li></ul></li></ul></b></li>"
                "<li>Lös <i><li>punkt</li></i> i texten</li></ul>"
            )
        ],
    )
    data = client.get(f"/api/lagesbild/{report.pk}/").json()
    items = data["sections"][0]["items"]
    assert items[0]["html"] == "Överst<b></b>"
    assert items[0]["children"][0]["html"] == "Inne i fetstil"
    assert items[0]["children"][0]["children"][0]["html"] == "Djupare"
    # A stray <li> ends the item before it, as a browser reads it; its words are all kept.
    assert " ".join(item["html"] for item in items[1:]).count("punkt") == 1
    for html in every_html(data):
        assert not re.search(r"<\s*/?\s*(ul|ol|li)\b", html), html
