"""A Word document's styles as the reader needs them: each style with the styles it is based on.

Word resolves a paragraph's look through its style and that style's bases; so does the reader, for
headings (a Heading style or an outline level), list numbering ("List Bullet 2" carries its own
numbering) and bold or italic set by a style rather than on the text.
"""

from __future__ import annotations

import re

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

_MAX_CHAIN = 20  # a basedOn loop in a damaged file must not hang the reader
_LIST_STYLE = re.compile(r"^list (?:bullet|number) (\d)$", re.IGNORECASE)
_HEADING_STYLE = re.compile(r"^(?:heading \d|title|subtitle)$", re.IGNORECASE)


def flag(rpr, tag: str) -> bool | None:
    """An on/off run property (w:b, w:i) of `rpr`: None where it is not set."""
    if rpr is None:
        return None
    element = rpr.find(qn(tag))
    if element is None:
        return None
    return element.get(qn("w:val"), "true").lower() not in ("0", "false", "off", "none")


class Styles:
    def __init__(self, document):
        self.by_id = {}
        self.default_paragraph = None
        for style in document.styles:
            self.by_id[(style.type, style.style_id)] = style
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default_paragraph = default.style_id if default is not None else None

    def chain(self, style_id: str | None, kind=WD_STYLE_TYPE.PARAGRAPH) -> list:
        """The style and the styles it is based on, nearest first."""
        if style_id is None and kind == WD_STYLE_TYPE.PARAGRAPH:
            style_id = self.default_paragraph
        found, seen = [], set()
        style = self.by_id.get((kind, style_id))
        while style is not None and style.style_id not in seen and len(found) < _MAX_CHAIN:
            found.append(style)
            seen.add(style.style_id)
            base = style.element.basedOn
            style = self.by_id.get((kind, base.val)) if base is not None else None
        return found

    def names(self, style_id: str | None) -> list[str]:
        return [(style.name or "").lower() for style in self.chain(style_id)]

    def is_heading(self, style_id: str | None) -> bool:
        """A Heading, Title or Subtitle style (Word stores their English names in every language),
        or a style with an outline level, as Word's navigation pane shows headings."""
        if any(_HEADING_STYLE.match(name) for name in self.names(style_id)):
            return True
        return self.outline_level(style_id) is not None

    def is_title(self, style_id: str | None) -> bool:
        return "title" in self.names(style_id)

    def outline_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            ppr = style.element.pPr
            level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
            if level is not None:
                value = int(level.get(qn("w:val"), "9"))
                return value if value < 9 else None  # 9 is "body text"
        return None

    def numbering(self, style_id: str | None, kind=WD_STYLE_TYPE.PARAGRAPH) -> tuple[str | None, int | None]:
        """The numbering a paragraph (or numbering) style gives: (numId, ilvl), each None if unset."""
        for style in self.chain(style_id, kind):
            ppr = style.element.pPr
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if numpr is not None:
                num = numpr.find(qn("w:numId"))
                ilvl = numpr.find(qn("w:ilvl"))
                return (
                    num.get(qn("w:val")) if num is not None else None,
                    int(ilvl.get(qn("w:val"))) if ilvl is not None else None,
                )
        return None, None

    def list_style_level(self, style_id: str | None) -> int:
        """ "List Bullet 3" is the third level of a list even where its numbering says level 0."""
        for name in self.names(style_id):
            match = _LIST_STYLE.match(name)
            if match:
                return int(match.group(1)) - 1
        return 0

    def run_flag(self, tag: str, run_style: str | None, paragraph_style: str | None) -> bool:
        """Bold or italic from a character style, else the paragraph's style (nearest wins)."""
        for style in self.chain(run_style, WD_STYLE_TYPE.CHARACTER) if run_style else []:
            value = flag(style.element.rPr, tag)
            if value is not None:
                return value
        for style in self.chain(paragraph_style):
            value = flag(style.element.rPr, tag)
            if value is not None:
                return value
        return False
