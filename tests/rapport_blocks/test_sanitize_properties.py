"""Properties of the one sanitiser, over generated markup built from the pieces attacks are made of.

Whatever goes in: the output holds only the allowlist's tags and attributes, every href is one the
scheme check accepts (absolute http(s) or mailto when a base URL is given), and cleaning the output
again changes nothing, so a channel that cleans twice shows what a channel that cleans once shows.

The forbidden things are also checked on their own, without the sanitiser's own lists or its own
scheme check (a property that only asked `safe_url` would pass whatever `safe_url` let through):
no script-capable element, no `on*` or `style` attribute, and no href whose scheme, read the way a
browser reads it (C0 controls and spaces trimmed, tabs and newlines dropped, case folded), is
`javascript:`, `data:` or `vbscript:`.
"""

import re

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport_blocks.core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, clean_html, safe_url
from tests.site.figures import record

TAGS = sorted(ALLOWED_TAGS) + [
    "script", "style", "svg", "math", "iframe", "object", "embed", "form", "img", "template", "textarea",
    "noscript", "title", "xmp", "div", "span", "table", "td", "select", "option", "base", "meta", "link",
]  # fmt: skip
ATTRIBUTES = ["href", "title", "onclick", "onerror", "style", "src", "xlink:href", "formaction", "id"]
URLS = [
    "https://intranat.example.se/a?b=1#c", "http://x.se", "mailto:a@b.se", "/relativ", "./x:y", "#frag",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "//evil.example/", "\\\\evil.example", "http:alert(1)", " javascript:alert(1)", "javascript:123",
    "\x01javascript:alert(1)", "https://", "%6Aavascript:alert(1)",
]  # fmt: skip
TEXT = st.text(alphabet=st.sampled_from(list("aåäö <>&\"'=/;:!-`\u00a0\u200b\x00\x0bxyz")), max_size=12)


@st.composite
def markup(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "element", "comment", "raw"] if depth < 3 else ["text", "raw"]))
        if kind == "text":
            parts.append(draw(TEXT))
        elif kind == "comment":
            parts.append(f"<!--{draw(TEXT)}-->")
        elif kind == "raw":
            parts.append(
                draw(
                    st.sampled_from(["<", ">", "</", "<!", "<?", "&", "&#", "&lt;", "<a", "]]>", "<![CDATA["])
                )
            )
        else:
            tag = draw(st.sampled_from(TAGS))
            attributes = ""
            for name in draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3)):
                value = (
                    draw(st.sampled_from(URLS))
                    if name in ("href", "src", "xlink:href", "formaction")
                    else draw(TEXT)
                )
                quote = draw(st.sampled_from(['"', "'", ""]))
                attributes += f" {name}={quote}{value}{quote}"
            inner = draw(markup(depth=depth + 1))
            closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}"]))
            parts.append(f"<{tag}{attributes}>{inner}{closing}")
    return "".join(parts)


FORBIDDEN_TAGS = (
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "form",
    "style",
    "base",
    "meta",
    "link",
)
FORBIDDEN_SCHEMES = ("javascript:", "data:", "vbscript:")
OPENING_FORBIDDEN = re.compile(r"<\s*/?\s*(" + "|".join(FORBIDDEN_TAGS) + r")\b", re.IGNORECASE)
RUNS: dict = {}


def as_a_browser_reads(url: str) -> str:
    """The URL as the WHATWG URL parser starts reading it: trimmed, no tab or newline, case folded."""
    url = url.strip("".join(map(chr, range(0x21))))
    return re.sub(r"[\t\n\r]", "", url).casefold()


def check_nothing_forbidden(output: str) -> None:
    assert not OPENING_FORBIDDEN.search(output), output
    for element in BeautifulSoup(output, "html.parser").find_all(True):
        assert element.name not in FORBIDDEN_TAGS, output
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on") and name.lower() != "style", output
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                assert not as_a_browser_reads(value).startswith(FORBIDDEN_SCHEMES), output


def counted(name: str) -> None:
    RUNS[name] = RUNS.get(name, 0) + 1
    record("property-figures", "sanitiser", dict(RUNS))


def check_allowlist(output: str, *, absolute: bool) -> None:
    for element in BeautifulSoup(output, "html.parser").find_all(True):
        assert element.name in ALLOWED_TAGS, output
        assert set(element.attrs) <= set(ALLOWED_ATTRIBUTES.get(element.name, ())), output
        href = element.get("href")
        if href is not None:
            assert safe_url(href) == href, output
            if absolute:
                assert href.startswith(("https://", "http://", "mailto:")), output


PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(markup())
def test_the_output_is_allowlisted_and_cleaning_it_again_changes_nothing(source):
    counted("allowlisted, nothing forbidden, idempotent")
    once = clean_html(source)
    check_allowlist(once, absolute=False)
    check_nothing_forbidden(once)
    assert clean_html(once) == once


@PROPERTY
@given(markup())
def test_with_a_base_url_every_link_is_absolute(source):
    counted("with a base URL: absolute links, nothing forbidden, idempotent")
    once = clean_html(source, base_url="https://cms.example.se/")
    check_allowlist(once, absolute=True)
    check_nothing_forbidden(once)
    assert clean_html(once, base_url="https://cms.example.se/") == once


@PROPERTY
@given(
    st.sampled_from(URLS), st.text(alphabet=st.sampled_from(list("\t\n\r \x00\x01\x1fJjAaVv:")), max_size=4)
)
def test_no_link_keeps_a_script_scheme_however_it_is_spelled(url, noise):
    counted("link schemes")
    for source in (url, noise + url, url[:4] + noise + url[4:]):
        kept = safe_url(source)
        assert not as_a_browser_reads(kept).startswith(FORBIDDEN_SCHEMES), (source, kept)
        check_nothing_forbidden(clean_html(f'<a href="{source}">x</a>'))
