"""Which paragraphs of a Word document are list items, and how deep each one sits.

The level is Word's own: `w:numPr/w:ilvl` on the paragraph, or the numbering its style carries
(directly, or through a numbering definition's level linked to the style, or as "List Bullet 2"
is the second level). It never depends on the glyph ("•", "–", "›", "o" and pictures are all
bullets) and never on indentation alone. Numbered lists are read as bullets, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from .styles import Styles

# Typed glyphs at the start of a paragraph that has no numbering (text pasted from e-mail).
TYPED_BULLETS = "•·▪‣◦–-›»"


@dataclass(frozen=True)
class ListLevel:
    level: int  # 0 is the top
    numbered: bool  # decimal, letters, roman: anything but bullets
    list_id: str  # the numbering instance, so a run of one list is told from the next


class Numbering:
    """The document's numbering definitions: num → abstractNum → levels (format, linked style)."""

    def __init__(self, document, styles: Styles):
        self.styles = styles
        self.abstract_of: dict[str, str] = {}
        self.formats: dict[tuple[str, int], str] = {}
        self.style_levels: dict[str, int] = {}  # a paragraph style linked to a level (w:pStyle)
        self.style_links: dict[str, str] = {}  # abstractNum → numbering style (w:numStyleLink)
        part = _numbering_part(document)
        if part is None:
            return
        root = part.element
        for abstract in root.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            link = abstract.find(qn("w:numStyleLink"))
            if link is not None:
                self.style_links[abstract_id] = link.get(qn("w:val"))
            for lvl in abstract.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                fmt = lvl.find(qn("w:numFmt"))
                self.formats[(abstract_id, ilvl)] = fmt.get(qn("w:val")) if fmt is not None else "bullet"
                pstyle = lvl.find(qn("w:pStyle"))
                if pstyle is not None:
                    self.style_levels[pstyle.get(qn("w:val"))] = ilvl
        for num in root.findall(qn("w:num")):
            abstract = num.find(qn("w:abstractNumId"))
            if abstract is not None:
                self.abstract_of[num.get(qn("w:numId"))] = abstract.get(qn("w:val"))

    def _abstract(self, num_id: str) -> str | None:
        abstract = self.abstract_of.get(num_id)
        # A definition that only points at a numbering style: follow it once.
        if abstract in self.style_links:
            linked_num, _ = self.styles.numbering(self.style_links[abstract], WD_STYLE_TYPE.LIST)
            abstract = self.abstract_of.get(linked_num, abstract) if linked_num else abstract
        return abstract

    def level(self, paragraph, style_id: str | None) -> ListLevel | None:
        """The paragraph's place in a list, or None when it is not a list item."""
        ppr = paragraph.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = ilvl = None
        if numpr is not None:
            num = numpr.find(qn("w:numId"))
            lvl = numpr.find(qn("w:ilvl"))
            num_id = num.get(qn("w:val")) if num is not None else None
            ilvl = int(lvl.get(qn("w:val"))) if lvl is not None else None
        direct = ilvl is not None
        if num_id is None:
            num_id, style_ilvl = self.styles.numbering(style_id)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0":  # numId 0 takes a style's numbering away
            return None
        if ilvl is None:
            ilvl = self.style_levels.get(style_id or "", 0)
        if not direct:
            ilvl = max(ilvl, self.styles.list_style_level(style_id))
        abstract = self._abstract(num_id)
        fmt = self.formats.get((abstract, ilvl), "bullet")
        return ListLevel(level=min(max(ilvl, 0), 8), numbered=fmt not in ("bullet", "none"), list_id=num_id)


def _numbering_part(document):
    """The numbering part, if the document has one (python-docx would create an empty one)."""
    try:
        return document.part.part_related_by(RT.NUMBERING)
    except KeyError:
        return None
