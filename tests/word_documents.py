"""Word documents for the tests, written with python-docx as Word writes them.

Real numbering definitions (an abstractNum with nine levels and a num pointing at it, paragraphs
with `w:numPr/w:ilvl`), real hyperlinks (an external relationship and `w:hyperlink r:id`, with
Word's separate `w:anchor` for an address's #fragment), Word's Title and Heading styles, bold and
italic runs. `report_docx` writes a whole report (a text_layout.ParsedReport) the way an editor
would type it in Word. The product never writes Word (export stays the text layout), so this
lives with the tests.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from rapport_blocks.core import text_layout as layout
from rapport_blocks.core.text_layout.structure import COMPILED_LABEL, MAILING_MARKER, NEXT_LABEL, Span

# Word's own bullet glyphs (Symbol's dot, Courier New's "o", Wingdings' square, repeating), and an
# organisation's template with glyphs of its own.
WORD_DEFAULT_GLYPHS = (("\uf0b7", "Symbol"), ("o", "Courier New"), ("\uf0a7", "Wingdings")) * 3
ORGANISATION_GLYPHS = (("–", "Arial"), ("›", "Arial"), ("·", "Arial"), ("–", "Arial")) * 2 + (("›", "Arial"),)
TEMPLATES = {"word": WORD_DEFAULT_GLYPHS, "organisation": ORGANISATION_GLYPHS}


def _level_xml(ilvl: int, text: str, font: str, fmt: str = "bullet") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 * (ilvl + 1)}" w:hanging="360"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr></w:lvl>'
    )


class WordWriter:
    """A Word document built paragraph by paragraph."""

    def __init__(self, template: str = "word"):
        self.document = docx.Document()
        self.links: dict[str, str] = {}
        self.style_ids: dict[str, str] = {}
        self.bullets = self.numbering([(glyph, font, "bullet") for glyph, font in TEMPLATES[template]])

    # Numbering

    def numbering(self, levels: list[tuple[str, str, str]]) -> str:
        """A new list definition (abstractNum + num) with these (text, font, format) levels: its numId."""
        root = self.document.part.numbering_part.element
        abstract_id = 1 + max(
            (int(a.get(qn("w:abstractNumId"))) for a in root.findall(qn("w:abstractNum"))), default=0
        )
        body = "".join(_level_xml(i, text, font, fmt) for i, (text, font, fmt) in enumerate(levels))
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{body}</w:abstractNum>'
        )
        nums = root.findall(qn("w:num"))
        if nums:
            nums[0].addprevious(abstract)
        else:
            root.append(abstract)
        return str(root.add_num(abstract_id).numId)

    def numbered(self) -> str:
        return self.numbering([(f"%{i + 1}.", "Arial", "decimal") for i in range(9)])

    # Paragraphs

    def paragraph(self, spans=(), style: str | None = None):
        paragraph = self.document.add_paragraph()
        if style:
            # By id, looked up once: python-docx finds a style by name among all of them each time.
            if style not in self.style_ids:
                self.style_ids[style] = self.document.styles[style].style_id
            paragraph._p.style = self.style_ids[style]
        self.runs(paragraph, spans)
        return paragraph

    def text(self, text: str, style: str | None = None, **look):
        return self.paragraph((Span(text, look.get("bold", False), look.get("italic", False)),), style)

    def title(self, text: str):
        return self.text(text, "Title")

    def heading(self, text: str, level: int = 2):
        return self.text(text, f"Heading {level}")

    def bullet(self, spans, level: int = 0, num_id: str | None = None, style: str = "List Paragraph"):
        paragraph = self.paragraph(spans, style)
        numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = level
        numpr.get_or_add_numId().val = int(num_id or self.bullets)
        return paragraph

    def runs(self, paragraph, spans) -> None:
        i = 0
        spans = list(spans)
        while i < len(spans):
            group = [spans[i]]
            while i + len(group) < len(spans) and spans[i + len(group)].url == spans[i].url:
                group.append(spans[i + len(group)])
            if spans[i].url is None:
                for span in group:
                    run = paragraph.add_run(span.text)
                    run.bold, run.italic = span.bold or None, span.italic or None
            else:
                self.hyperlink(paragraph, group, spans[i].url)
            i += len(group)

    def relationship(self, part, target: str) -> str:
        """The id of an external hyperlink relationship to `target`, one per address (python-docx's
        relate_to looks through every relationship each time: slow for thousands of links)."""
        if target not in self.links:
            self.links[target] = f"rIdLink{len(self.links) + 1}"
            part.rels.add_relationship(RT.HYPERLINK, target, self.links[target], is_external=True)
        return self.links[target]

    def hyperlink(self, paragraph, spans, url: str) -> None:
        """As Word saves a link: the address in a relationship, its #fragment in w:anchor."""
        target, _, anchor = url.partition("#") if url != "#" else ("#", "", "")
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), self.relationship(paragraph.part, target))
        if anchor:
            link.set(qn("w:anchor"), anchor)
        for span in spans:
            run = OxmlElement("w:r")
            rpr = OxmlElement("w:rPr")
            style = OxmlElement("w:rStyle")
            style.set(qn("w:val"), "Hyperlink")
            rpr.append(style)
            for on, tag in ((span.bold, "w:b"), (span.italic, "w:i")):
                if on:
                    rpr.append(OxmlElement(tag))
            run.append(rpr)
            text = OxmlElement("w:t")
            text.set(qn("xml:space"), "preserve")
            text.text = span.text
            run.append(text)
            link.append(run)
        paragraph._p.append(link)

    def picture(self, paragraph) -> None:
        """A drawing in a run, as an inserted picture is (its image part left out)."""
        run = paragraph.add_run()
        run._r.append(parse_xml(f"<w:drawing {nsdecls('w')}><wp:inline {nsdecls('wp')}/></w:drawing>"))

    def table(self, rows: list[list[str]]) -> None:
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def picture(paragraph) -> None:
    """A drawing in a run, as an inserted picture is (its image part left out)."""
    run = paragraph.add_run()
    run._r.append(parse_xml(f"<w:drawing {nsdecls('w')}><wp:inline {nsdecls('wp')}/></w:drawing>"))


def _moment(moment) -> str:
    return moment.astimezone(layout.STOCKHOLM).strftime("%Y-%m-%d klockan %H:%M")


def report_docx(report: layout.ParsedReport, template: str = "word") -> bytes:
    """The report as an editor types it in Word: Title, the header lines, a Heading 2 per section,
    bullets in a real list, "D/M: " and a hyperlink for a dated action, plain paragraphs."""
    writer = WordWriter(template)
    writer.title(report.title)
    writer.text(f"{COMPILED_LABEL}: {_moment(report.compiled_at)}")
    if report.next_expected_at:
        writer.text(f"{NEXT_LABEL}: {_moment(report.next_expected_at)}")
    for section in report.sections:
        mailing = section.audience == layout.AUDIENCE_MAILING
        writer.heading(f"{section.heading} {MAILING_MARKER}" if mailing else section.heading)
        if section.kind == layout.BULLETS:
            _bullets(writer, section.items, 0)
        elif section.kind == layout.ACTIONS:
            for action in section.items:
                title = (Span(action.title, url=action.url),)
                writer.bullet((Span(f"{action.date.day}/{action.date.month}: "), *title))
        elif section.kind == layout.LINKS:
            for link in section.items:
                writer.bullet((Span(link.title, url=link.url),))
        elif section.kind == layout.PEOPLE:
            for person in section.items:
                parts = [person.name, person.role, person.email, person.phone]
                writer.bullet((Span(", ".join(part for part in parts if part)),))
        else:
            for paragraph in section.items:
                writer.paragraph(paragraph.text)
    return writer.bytes()


def _bullets(writer: WordWriter, bullets, level: int) -> None:
    for bullet in bullets:
        writer.bullet(bullet.text, level)
        _bullets(writer, bullet.children, level + 1)


# Files that are not what they claim


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def entries_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def encrypted(data: bytes, password: str = "hemligt") -> bytes:
    """The .docx as Word saves it with a password: an OLE container with EncryptionInfo (msoffcrypto)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def legacy_doc() -> bytes:
    """A compound file (CFB, version 3) with the streams of a Word 97-2003 document: WordDocument
    and 1Table, 4 KB each (so no mini stream), as olefile and Word's own readers find them."""
    import struct

    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    streams = [("WordDocument", b"\xec\xa5" + b"\x00" * 4094), ("1Table", b"\x00" * 4096)]
    fat = [fat_sector, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for _name, data in streams:
        first, count = len(fat), len(data) // 512
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\x00" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0
    )
    header += struct.pack("<109I", 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded,
            len(encoded),
            kind,
            1,
            no_stream,
            right,
            child,
            b"\x00" * 16,
            0,
            0,
            0,
            start,
            size,
        )

    directory = entry("Root Entry", 5, 1, no_stream, end, 0)
    directory += entry(streams[0][0], 2, no_stream, 2, starts[0], len(streams[0][1]))
    directory += entry(streams[1][0], 2, no_stream, no_stream, starts[1], len(streams[1][1]))
    directory += b"\x00" * (512 - len(directory))
    return header + struct.pack("<128I", *fat) + directory + b"".join(data for _name, data in streams)


def opendocument_text() -> bytes:
    """An .odt as LibreOffice writes it: "mimetype" first and stored, then the content and manifest."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            "<text:p>Lägesbild</text:p></office:text></office:body></office:document-content>",
            zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>',
            zipfile.ZIP_DEFLATED,
        )
    return out.getvalue()


def with_macros(data: bytes) -> bytes:
    """The .docx as Word saves it with macros (.docm): the macro-enabled main part and vbaProject.bin."""
    entries = entries_of(data)
    types = entries["[Content_Types].xml"].decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    ).replace(
        "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )
    entries["[Content_Types].xml"] = types.encode()
    rels = entries["word/_rels/document.xml.rels"].decode()
    entries["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin"/></Relationships>',
    ).encode()
    entries["word/vbaProject.bin"] = legacy_doc()  # a VBA project is a compound file too
    return zip_of(entries)


def zip_bomb(data: bytes, unpacked_mb: int = 200) -> bytes:
    """The .docx with one more part that deflates about 1 MB into `unpacked_mb` MB of zeros."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        for info in original.infolist():
            archive.writestr(info, original.read(info))
        with archive.open("word/media/image1.png", "w") as bomb:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(unpacked_mb):
                bomb.write(chunk)
    return out.getvalue()
