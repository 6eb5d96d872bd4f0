"""The one HTML/URL policy, and proof that no editor text can run script in any channel.

The corpus tests inject every vector (the public corpus in ../shared/xss/ and the project's own in
tests/data/xss_vectors.json) into every html and url field of a report and check what `present`
gives every channel.
"""

import datetime as dt
import html
import json
import unicodedata
import warnings

import pytest
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

from rapport_blocks.core.sanitize import ALLOWED_TAGS, clean_html, safe_url
from rapport_blocks.rules.presentation import present
from tests.conftest import TEST_DATA_DIR
from tests.factories import actions, bullets, links, text

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
DANGEROUS_ELEMENTS = {"script", "iframe", "object", "embed", "svg", "math", "style", "noscript", "template"}


# The policy


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Text med <strong>fet</strong>, <em>kursiv</em>, <b>b</b> och <i>i</i>.<br>Ny rad.</p>",
        "<ul><li>Ett<ul><li>Två<ol><li>Tre</li></ol></li></ul></li></ul>",
        '<a href="https://example.se/a?b=1&amp;c=2" title="Mer">https</a>',
        '<a href="http://example.se/">http</a>',
        '<a href="mailto:info@example.se">e-post</a>',
        '<a href="/lagesbild/2025-05-27/">relativ</a>',
        '<a href="#avsnitt">fragment</a>',
    ],
)
def test_allowed_markup_is_kept_as_written(markup):
    assert clean_html(markup) == markup


def test_other_tags_are_stripped_but_their_text_kept():
    assert clean_html("<div><h1>Rubrik</h1><span>text</span></div>") == "Rubriktext"


def test_other_attributes_are_dropped():
    cleaned = clean_html('<p class="x" style="color:red" data-block-key="ab12">t</p>')
    assert cleaned == "<p>t</p>"


@pytest.mark.parametrize(
    "container",
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "svg",
        "math",
        "textarea",
        "title",
        "xmp",
    ],
)
def test_dangerous_containers_go_with_their_content(container):
    assert clean_html(f"före<{container}>alert(1)</{container}>efter") == "föreefter"


def test_comments_are_removed():
    assert clean_html("<p>a<!-- hemligt <a href='x'> -->b</p>") == "<p>ab</p>"


def test_text_that_looks_like_markup_stays_text():
    assert clean_html("1 &lt; 2 &amp; 3 &gt; 2") == "1 &lt; 2 &amp; 3 &gt; 2"
    assert clean_html("<p><script>alert(1)</script> &lt;script&gt;</p>") == "<p> &lt;script&gt;</p>"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:123",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript&#x3A;alert(1)",
        "javascript&colon;alert(1)",
        "java&Tab;script:alert(1)",
        "java&NewLine;script:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "&#0;javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "\\\\evil.example/",
        "ftp://example.se/",
    ],
)
def test_links_with_an_unsafe_target_are_unwrapped_to_their_text(href):
    markup = f'<p>Se <a href="{html.escape(href, quote=True)}" title="t">här</a>.</p>'
    assert clean_html(markup) == "<p>Se här.</p>"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:123",
        "JAVASCRIPT:alert(1)",
        "&#106;avascript:alert(1)",
        "java\x00script:alert(1)",
        "java\nscript:alert(1)",
        "\u200bjavascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "VBScript:x",
        "//evil.example/",
        "1javascript:alert(1)",
        "https://example.se/\u2028javascript:alert(1)",
        "https://example.se/\u202egpj.exe",
        "https://exa\u200bmple.se/",
        "",
        None,
        42,
    ],
)
def test_unsafe_plain_urls_become_empty(url):
    assert safe_url(url) == ""


@pytest.mark.parametrize(
    "url",
    ["https://example.se/a?b=1&c=2", "http://example.se", "mailto:info@example.se", "/a/b/", "#", "#x"],
)
def test_safe_plain_urls_are_kept(url):
    assert safe_url(f"  {url} ") == url


# Oracle for the corpus tests: independent of the sanitiser's own code


def _scheme_view(url: str) -> str:
    for _ in range(5):
        url = html.unescape(url)
    return "".join(c for c in url if not (c.isspace() or unicodedata.category(c)[0] in "CZ")).lower()


def assert_no_dangerous_url(url: str, where: str):
    assert not _scheme_view(url).startswith(DANGEROUS_SCHEMES), f"{where}: {url!r}"


def assert_harmless_html(markup: str, where: str):
    with warnings.catch_warnings():
        # Sanitised output may be a bare URL as text: markup all the same, as bs4's warning allows.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(markup, "html.parser")
    for element in soup.find_all(True):
        assert element.name not in DANGEROUS_ELEMENTS, f"{where}: {markup!r}"
        assert element.name in ALLOWED_TAGS, f"{where}: <{element.name}> in {markup!r}"
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), f"{where}: {markup!r}"
            assert attribute in ("href", "title"), f"{where}: {attribute} in {markup!r}"
            if attribute == "href":
                assert_no_dangerous_url(value, where)
    lowered = markup.lower()
    for name in DANGEROUS_ELEMENTS:
        assert f"<{name}" not in lowered, f"{where}: {markup!r}"


def walk(data, path="report"):
    """Every (path, key, string) of the presentation."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str):
                yield f"{path}.{key}", key, value
            else:
                yield from walk(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, f"{path}[{index}]")


def report_with(vector: str) -> list:
    """`vector` in every html and url field a report has."""
    in_href = html.escape(vector, quote=True)
    return [
        bullets(html=f"<ul><li>{vector}</li><li>punkt<ul><li>{vector}</li></ul></li></ul>"),
        bullets(html=f'<ul><li><a href="{in_href}">länk</a></li></ul>'),
        text(html=vector),
        text(html=f'<p>Se <a href="{in_href}">här</a>.</p>'),
        actions(items=[(dt.date(2025, 5, 27), "Åtgärd", vector)]),
        links(items=[("Länk", vector)]),
    ]


def assert_nothing_executable(report, vectors):
    for vector in vectors:
        report.body = report_with(vector)
        presented = present(report, base_url="https://lagesbild.example.se")
        assert len(presented["sections"]) == 6
        for path, key, value in walk(presented):
            where = f"{path} for {vector!r}"
            if key == "html":
                assert_harmless_html(value, where)
            elif key == "url":
                assert_no_dangerous_url(value, where)


@pytest.mark.django_db
def test_public_corpus_leaves_nothing_executable(xss_vectors_path, make_report):
    records = json.loads(xss_vectors_path.read_text(encoding="utf-8"))
    assert len(records) >= 400
    assert_nothing_executable(make_report(), [record["vector"] for record in records])


def project_vectors() -> list[dict]:
    return json.loads((TEST_DATA_DIR / "xss_vectors.json").read_text(encoding="utf-8"))


def test_project_vectors_cover_every_class():
    classes = {record["class"] for record in project_vectors()}
    assert classes >= {
        "event handler",
        "script/style/svg/math",
        "scheme case",
        "scheme entities",
        "scheme whitespace",
        "javascript digits",
        "mxss noscript/comment",
    }


@pytest.mark.django_db
def test_project_corpus_leaves_nothing_executable(make_report):
    assert_nothing_executable(make_report(), [record["vector"] for record in project_vectors()])


@pytest.mark.parametrize("record", project_vectors(), ids=lambda record: record["class"])
def test_each_project_vector_is_harmless_in_html_and_as_url(record):
    assert_harmless_html(clean_html(record["vector"]), record["class"])
    assert_no_dangerous_url(safe_url(record["vector"]), record["class"])
