"""The one HTML and URL policy: everything a report shows passes through here.

Editors' text is shown on other systems' intranet pages, so the policy is an allowlist (bleach)
followed by a scheme check of our own: bleach 6.4 keeps `javascript:123` as if it were a relative
link (its URL parser reads it as host:port), so bleach's protocol list alone is not enough.

Three steps, all on bleach's html5lib parser so they see the same document:
1. drop dangerous containers (script, style, svg, ...) *with their content* and every comment
   (bleach strips tags but keeps their text, which would show `alert(1)` as report text);
2. bleach's allowlist of tags, attributes and protocols;
3. our scheme check on every href (and, given a base URL, making it absolute), unwrapping links that
   lose their target.
"""

import html
import re
import threading
import unicodedata
from urllib.parse import urljoin, urlsplit

import bleach
from bleach import html5lib_shim

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "a", "strong", "em", "b", "i"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

# Elements whose content is code, or is parsed by rules that differ from plain HTML (mXSS).
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "textarea",
        "title",
        "xmp",
        "noembed",
        "noframes",
        "plaintext",
        "applet",
        "frameset",
        "frame",
    }
)

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_TAG_TOKENS = ("StartTag", "EndTag", "EmptyTag")
_HREF = (None, "href")


def _invisible(char: str) -> bool:
    """Characters a browser ignores or strips inside a URL's scheme, or that hide one from a reader."""
    return ord(char) <= 0x20 or char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def _decoded(url: str) -> str:
    """The URL as a browser (or a template that decodes once more) would read its scheme."""
    previous = None
    for _ in range(5):  # entities inside entities (&amp;#106;) decode to a fixed point
        if url == previous:
            break
        previous, url = url, html.unescape(url)
    return "".join(char for char in url if not _invisible(char)).lower()


def safe_url(url) -> str:
    """`url`, trimmed, when it is http, https, mailto, relative or a fragment; otherwise "".

    Refused too: an address holding a control or invisible character (see below).

    Protocol-relative addresses (`//host/...`, also spelled with backslashes) are refused: editors
    can't enter them, and they would point wherever the page that embeds the report lives.

    Quotes, angle brackets, backticks and spaces are percent-encoded, as a browser would send them:
    the address means the same, and a system that builds HTML from the JSON by joining strings
    can't be broken out of an attribute or into a tag by it.
    """
    if not isinstance(url, str):
        return ""
    url = url.strip()
    # Control characters, and the invisible ones that hide where an address leads (zero-width and
    # bidi marks, line and paragraph separators): no address an editor means holds them.
    if not url or any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in url):
        return ""
    normalised = _decoded(url)
    if normalised[:2] in ("//", "\\\\", "/\\", "\\/"):
        return ""
    scheme = _SCHEME.match(normalised)
    if scheme and scheme.group(1) not in ALLOWED_SCHEMES:
        return ""
    if not scheme and ":" in normalised.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        # A colon before the first slash that isn't a valid scheme ("1javascript:", "java script:"):
        # harmless in a browser, but nothing an editor means, and a trap for a lenient parser.
        return ""
    return url.translate(_BREAKOUT)


# What would end an attribute value or start markup where HTML is built by joining strings.
_BREAKOUT = str.maketrans({char: f"%{ord(char):02X}" for char in "\"'<> `"})


def absolute_url(url, base_url: str) -> str:
    """`url` made absolute against `base_url` ("https://host/"), or "" when that gives no usable address.

    What reaches another system's page must work there: a relative path is joined to the site, and
    whatever can't become an absolute http(s) or mailto address (a bare fragment, `http:x` with no
    host, a backslash that browsers and Python read differently) is no address at all.
    """
    url = safe_url(url)
    if not url or url.startswith("#") or "\\" in url:
        return ""
    if _SCHEME.match(url.lower()):
        joined = url
    else:
        joined = urljoin(base_url, url)
    try:
        parts = urlsplit(joined)
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return joined if parts.path else ""
    if scheme in ("http", "https") and parts.hostname:
        return safe_url(joined)
    return ""


class _DropContainers(html5lib_shim.Filter):
    """Drops comments and the dangerous containers with everything inside them."""

    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            kind = token["type"]
            if kind == "Comment":
                continue
            if depth:
                if kind == "StartTag":
                    depth += 1
                elif kind == "EndTag":
                    depth -= 1
                continue
            if kind in ("StartTag", "EmptyTag") and token["name"].lower() in DROPPED_WITH_CONTENT:
                depth = 1 if kind == "StartTag" else 0
                continue
            yield token


class _SafeLinks(html5lib_shim.Filter):
    """Our scheme check after bleach's: a link whose href fails it is unwrapped to its text."""

    def __iter__(self):
        unwrapped: list[bool] = []
        for token in super().__iter__():
            if token["type"] in _TAG_TOKENS and token["name"] == "a":
                if token["type"] == "EndTag":
                    if unwrapped and unwrapped.pop():
                        continue
                    yield token
                    continue
                attrs = dict(token.get("data") or {})
                href = safe_url(attrs.get(_HREF, ""))
                if href and _policy.base_url:
                    href = absolute_url(href, _policy.base_url)
                if href:
                    attrs[_HREF] = href
                    token["data"] = attrs
                if token["type"] == "StartTag":
                    unwrapped.append(not href)
                if href:
                    yield token
                continue
            yield token


class _Policy(threading.local):
    """bleach's parser keeps state, so each thread gets its own."""

    def __init__(self):
        self.base_url = ""  # set for one clean_html call: links are made absolute against it
        self.parser = html5lib_shim.BleachHTMLParser(
            tags=None, strip=False, consume_entities=True, namespaceHTMLElements=False
        )
        self.walker = html5lib_shim.getTreeWalker("etree")
        # Entities are decoded by the parser and escaped again by the serializer: a plain round trip.
        self.serializer = html5lib_shim.HTMLSerializer(
            quote_attr_values="always", omit_optional_tags=False, escape_lt_in_attrs=True
        )
        self.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_SCHEMES,
            strip=True,
            strip_comments=True,
            filters=[_SafeLinks],
        )

    def without_containers(self, markup: str) -> str:
        tree = self.parser.parseFragment(markup)
        return self.serializer.render(_DropContainers(self.walker(tree)))


_policy = _Policy()


def clean_html(markup, *, base_url: str = "") -> str:
    """`markup` reduced to the report's small allowlist, safe to show on any page.

    With `base_url`, every link is also made absolute against it or unwrapped (`absolute_url`):
    what is served to other systems must not depend on where it is shown.
    """
    if not isinstance(markup, str) or not markup:
        return ""
    _policy.base_url = base_url
    try:
        return _policy.cleaner.clean(_policy.without_containers(markup)).strip()
    finally:
        _policy.base_url = ""
