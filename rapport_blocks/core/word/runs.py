"""A Word paragraph's text as spans: bold, italic and links, and what it holds that a report can't.

Links are `w:hyperlink` elements whose relationship names the target (Word keeps an address's
"#fragment" apart, in `w:anchor`), or HYPERLINK fields. Tracked changes read as accepted:
insertions are text, deletions are not. Pictures, text boxes, embedded objects, footnotes and
comments are counted, so the reader can warn about each instead of dropping it silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn

from ..text_layout.inline import normalize
from ..text_layout.structure import Inline, Span
from .styles import Styles, flag

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_CONTAINERS = {
    qn(tag)
    for tag in (
        "w:hyperlink",
        "w:ins",
        "w:moveTo",
        "w:smartTag",
        "w:sdt",
        "w:sdtContent",
        "w:fldSimple",
        "w:customXml",
        "w:dir",
        "w:bdo",
    )
}
_TRACKED = {qn(tag) for tag in ("w:ins", "w:del", "w:moveFrom", "w:moveTo")}
_PICTURES = {qn("w:drawing"), qn("w:pict"), qn("w:object"), f"{{{_MC}}}AlternateContent"}
_SPACE = {qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")}
_FLAG_SWITCHES = {"\\h", "\\m", "\\n"}  # HYPERLINK switches without an argument


@dataclass
class Content:
    spans: Inline = ()
    pictures: int = 0
    text_boxes: int = 0
    notes: int = 0
    comments: int = 0
    tracked: bool = False
    in_document_links: list[str] = field(default_factory=list)  # labels of links to a bookmark


def text_of(element) -> str:
    """The text of an element's w:t descendants (python-docx's elements make itertext() repeat)."""
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def field_link(instruction: str) -> str | None:
    """The address of a HYPERLINK field (`HYPERLINK "https://…" \\l "anchor"`), or None."""
    match = re.match(r"\s*HYPERLINK\b(.*)$", instruction, re.IGNORECASE | re.DOTALL)
    if not match:
        return None
    url = anchor = None
    pending = None
    for token in re.findall(r'\\[a-zA-Z]|"[^"]*"|[^\s"]+', match.group(1)):
        if token.startswith("\\"):
            pending = None if token.lower() in _FLAG_SWITCHES else token.lower()
            continue
        value = token.strip('"')
        if pending == "\\l":
            anchor = value
        elif pending is None and url is None:
            url = value
        pending = None
    if url and anchor:
        return f"{url}#{anchor}"
    return url or None


class _Field:
    def __init__(self):
        self.instruction = ""
        self.result = False
        self.url: str | None = None


class ParagraphText:
    """Reads one paragraph element into Content; `rels` resolve hyperlinks' relationship ids."""

    def __init__(self, styles: Styles, rels, paragraph_style: str | None):
        self.styles = styles
        self.rels = rels
        self.paragraph_style = paragraph_style
        self.content = Content()
        self.spans: list[Span] = []
        self.fields: list[_Field] = []

    def read(self, paragraph) -> Content:
        self.walk(paragraph, url=None)
        self.content.spans = normalize(self.spans)
        return self.content

    def link_of(self, element) -> str | None:
        """A w:hyperlink's target: the relationship's address, with Word's separate anchor."""
        rid = element.get(qn("r:id"))
        anchor = element.get(qn("w:anchor"))
        rel = self.rels.get(rid) if rid else None
        if rel is not None and rel.is_external:
            target = rel.target_ref
            return f"{target}#{anchor}" if anchor and "#" not in target else target
        if anchor and rid is None:
            label = text_of(element).strip()
            self.content.in_document_links.append(label)
        return None

    def walk(self, element, url: str | None) -> None:
        for child in element:
            tag = child.tag
            if tag in _TRACKED:
                self.content.tracked = True
            if tag == qn("w:r"):
                self.run(child, url)
            elif tag == qn("w:hyperlink"):
                self.walk(child, self.link_of(child) or url)
            elif tag == qn("w:fldSimple"):
                self.walk(child, field_link(child.get(qn("w:instr"), "")) or url)
            elif tag in _CONTAINERS:
                self.walk(child, url)
            elif tag == f"{{{_MC}}}AlternateContent":
                fallback = child.find(f"{{{_MC}}}Fallback")
                if fallback is not None:
                    self.walk(fallback, url)

    def field_url(self) -> str | None:
        for open_field in reversed(self.fields):
            if open_field.result and open_field.url:
                return open_field.url
        return None

    def run(self, run, url: str | None) -> None:
        rpr = run.find(qn("w:rPr"))
        if flag(rpr, "w:vanish"):
            return  # hidden text: Word does not show it either
        run_style = rpr.find(qn("w:rStyle")) if rpr is not None else None
        run_style = run_style.get(qn("w:val")) if run_style is not None else None
        looks = {}
        for tag in ("w:b", "w:i"):
            value = flag(rpr, tag)
            looks[tag] = (
                value if value is not None else self.styles.run_flag(tag, run_style, self.paragraph_style)
            )
        for child in run:
            tag = child.tag
            if tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    self.fields[-1].result = True
                    self.fields[-1].url = field_link(self.fields[-1].instruction)
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag == qn("w:instrText"):
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instruction += child.text or ""
                continue
            if self.fields and not self.fields[-1].result:
                continue  # inside a field's code
            text = None
            if tag == qn("w:t"):
                text = child.text or ""
            elif tag in _SPACE:
                text = " "
            elif tag == qn("w:noBreakHyphen"):
                text = "-"
            elif tag in _PICTURES:
                if child.find(".//" + qn("w:txbxContent")) is not None:
                    self.content.text_boxes += 1
                else:
                    self.content.pictures += 1
            elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
                self.content.notes += 1
            elif tag == qn("w:commentReference"):
                self.content.comments += 1
            if text:
                self.spans.append(Span(text, looks["w:b"], looks["w:i"], self.field_url() or url))
