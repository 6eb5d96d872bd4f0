"""Inline text: **bold**, *italic*, [text](url) and backslash escapes, read into spans and written back.

A module of its own because the reader, the writer and `exporting` (through `normalize`) all work in spans.
"""

from __future__ import annotations

import re

from .structure import Inline, Span

_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~•")  # "•" is a bullet mark too


def plain_text(spans: Inline) -> str:
    return "".join(span.text for span in spans)


def normalize(spans) -> Inline:
    """Merge neighbours with the same look, drop empty runs, trim the ends."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].same_look(span):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic, span.url)
        else:
            merged.append(span)
    if merged:
        first = merged[0]
        merged[0] = Span(first.text.lstrip(), first.bold, first.italic, first.url)
        last = merged[-1]
        merged[-1] = Span(last.text.rstrip(), last.bold, last.italic, last.url)
    return tuple(span for span in merged if span.text)


def without_first(spans: Inline, cut: int) -> Inline:
    """The spans without their first `cut` characters (a glyph, a date), their styles kept."""
    out: list[Span] = []
    for span in spans:
        if cut >= len(span.text):
            cut -= len(span.text)
            continue
        out.append(Span(span.text[cut:], span.bold, span.italic, span.url))
        cut = 0
    return normalize(out)


def _bracket_pairs(text: str) -> dict[int, int]:
    """Each unescaped "[" that is closed, mapped to its "]" (one pass, however many brackets)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "[":
            stack.append(i)
        elif text[i] == "]" and stack:
            pairs[stack.pop()] = i
        i += 1
    return pairs


def _paren_pairs(text: str) -> dict[int, int]:
    """Each "(" mapped to its ")", so a URL may hold balanced parentheses."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, char in enumerate(text):
        if char == "(":
            stack.append(i)
        elif char == ")" and stack:
            pairs[stack.pop()] = i
    return pairs


def _tokens(text: str) -> list:
    """Split into ("text", str), ("stars", n) and ("link", label, url) tokens."""
    tokens: list = []
    buffer: list[str] = []
    brackets, parens = _bracket_pairs(text), _paren_pairs(text)

    def flush():
        if buffer:
            tokens.append(("text", "".join(buffer)))
            buffer.clear()

    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCTUATION:
            buffer.append(text[i + 1])
            i += 2
        elif char == "*":
            run = len(text[i:]) - len(text[i:].lstrip("*"))
            flush()
            tokens.append(("stars", run))
            i += run
        elif char == "[":
            close = brackets.get(i, -1)
            if close > 0 and text[close + 1 : close + 2] == "(":
                end = parens.get(close + 1, -1)
                if end > 0:
                    flush()
                    tokens.append(("link", text[i + 1 : close], text[close + 2 : end].strip()))
                    i = end + 1
                    continue
            buffer.append(char)
            i += 1
        else:
            buffer.append(char)
            i += 1
    flush()
    return tokens


def _toggles(run: int) -> list[str]:
    return {1: ["italic"], 2: ["bold"], 3: ["bold", "italic"]}.get(run, [])


def parse_inline(text: str) -> Inline:
    """Inline markup to spans. Markers toggle; a marker that is never closed is a literal "*"."""
    return normalize(_spans(text, bold=False, italic=False, url=None))


def _spans(text: str, bold: bool, italic: bool, url: str | None) -> list[Span]:
    tokens = _tokens(text)
    # Which marker toggles count: simulate, and turn every opener left open into a literal.
    literal: set[tuple[int, str]] = set()
    while True:
        open_at: dict[str, tuple[int, str] | None] = {"bold": None, "italic": None}
        for index, token in enumerate(tokens):
            if token[0] != "stars":
                continue
            for mark in _toggles(token[1]):
                if (index, mark) in literal:
                    continue
                open_at[mark] = None if open_at[mark] else (index, mark)
        dangling = {opener for opener in open_at.values() if opener}
        if not dangling:
            break
        literal |= dangling

    spans: list[Span] = []
    state = {"bold": bold, "italic": italic}
    for index, token in enumerate(tokens):
        if token[0] == "text":
            spans.append(Span(token[1], state["bold"], state["italic"], url))
        elif token[0] == "link":
            spans.extend(_spans(token[1], state["bold"], state["italic"], token[2]))
        else:
            marks = _toggles(token[1])
            if not marks:
                spans.append(Span("*" * token[1], state["bold"], state["italic"], url))
            for mark in marks:
                if (index, mark) in literal:
                    spans.append(Span("*" if mark == "italic" else "**", state["bold"], state["italic"], url))
                else:
                    state[mark] = not state[mark]
    return spans


def unescape(text: str) -> str:
    """Plain fields (titles, headings, names): backslash escapes only, no markup."""
    return re.sub(r"\\([!-/:-@\[-`{-~•])", r"\1", text)


def escape_plain(text: str) -> str:
    return re.sub(r"\\(?=[!-/:-@\[-`{-~•]|$)", r"\\\\", text)


def escape_inline(text: str) -> str:
    return re.sub(r"([*\[\]])", r"\\\1", escape_plain(text))


def _safe_url(url: str) -> str:
    """Parentheses only where they balance, so the URL's end stays unambiguous."""
    depth = 0
    for char in url:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        url = url.replace("(", "%28").replace(")", "%29")
    return url.replace(" ", "%20")


def write_inline(spans: Inline) -> str:
    """Spans to inline markup that `parse_inline` reads back as the same spans."""
    out: list[str] = []

    def marks(state: dict, span: Span) -> str:
        # Bold first when opening; both at once read back as a toggle of both ("***").
        changed = "**" if state["bold"] != span.bold else ""
        changed += "*" if state["italic"] != span.italic else ""
        state["bold"], state["italic"] = span.bold, span.italic
        return changed

    state = {"bold": False, "italic": False}
    i = 0
    while i < len(spans):
        span = spans[i]
        if span.url is None:
            out.append(marks(state, span) + escape_inline(span.text))
            i += 1
            continue
        group = [span]
        while i + len(group) < len(spans) and spans[i + len(group)].url == span.url:
            group.append(spans[i + len(group)])
        inner = dict(state)
        label = "".join(marks(inner, part) + escape_inline(part.text) for part in group)
        label += marks(inner, Span("", state["bold"], state["italic"]))
        out.append(f"[{label}]({_safe_url(span.url)})")
        i += len(group)
    out.append(marks(state, Span("")))
    return "".join(out)
