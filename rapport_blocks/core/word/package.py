"""Opening a Word file safely: what it is, whether it is safe to read, and then python-docx on it.

An uploaded file is untrusted. Before any XML is parsed, this module refuses what is not a .docx:
a legacy .doc and an encrypted document (told apart by their streams, with olefile), an .odt,
RTF, anything that is not a zip, a zip without a Word document in it; what carries macros (.docm,
vbaProject.bin); and what would cost too much to unpack: the zip's declared sizes and its number
of entries are checked first, and Python's zipfile never returns more than an entry declares (it
stops there and fails the CRC check). XML with a document type declaration is refused outright
(Word never writes one), so no entity is ever expanded, and python-docx parses with entities off
and no network anyway. Relationships that point outside the file (linked pictures, templates,
hyperlinks) are only ever read as text, never fetched.

Only the XML parts are handed to python-docx; pictures and other binary parts are replaced by
empty ones, as the report takes no pictures (the reader warns about each).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

import docx
import olefile
from django.utils.translation import gettext as _
from lxml import etree

from ..text_layout.structure import InvalidLayout, LayoutError

# What a report in Word may cost: the file itself is limited by the caller (conf WORD_MAX_BYTES).
MAX_ENTRIES = 1000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # all entries, as the zip declares them
MAX_XML_BYTES = 10 * 1024 * 1024  # one XML part (a long report's document.xml is well under 1 MB)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Word 97-2003 and of encryption
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata")
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def refuse(message) -> InvalidLayout:
    """The whole file is refused: the error names the file (place() puts its name first)."""
    return InvalidLayout([LayoutError(0, str(message))])


def looks_like_office(data: bytes) -> bool:
    """A zip or an OLE compound file: what a Word reader must answer for, whatever its name."""
    return data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC)


def _refuse_ole(data: bytes) -> InvalidLayout:
    """A compound file is Word 97-2003's .doc, or the container of an encrypted .docx (olefile)."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=False)}
    except Exception:  # a damaged compound file: olefile raises several kinds
        streams = set()
    if {"encryptioninfo", "encryptedpackage"} & streams:
        return refuse(
            _(
                "The document is password protected (encrypted), so it cannot be read. Remove the "
                "password in Word (File, Info, Protect Document) and upload it again."
            )
        )
    if "worddocument" in streams:
        return refuse(
            _(
                "This is a Word 97-2003 document (.doc). Open it in Word and save it as a Word "
                "document (.docx), then try again."
            )
        )
    return refuse(_("This is an old Office file, not a Word document (.docx)."))


def _not_word(detail) -> InvalidLayout:
    return refuse(_("This is not a Word document (.docx): %(detail)s") % {"detail": detail})


def _read_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    data = archive.read(info)
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace").encode("utf-8")
    else:
        text = data
    if re.search(rb"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise refuse(
            _("The part %(part)s has a document type declaration, which Word never writes: not read.")
            % {"part": info.filename}
        )
    return data


def _xml(data: bytes, part: str):
    try:
        return etree.fromstring(data, _SAFE_PARSER)
    except etree.XMLSyntaxError:
        raise _not_word(_("its part %(part)s is damaged.") % {"part": part}) from None


def _check_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise refuse(
            _("The file has %(count)d parts; a Word document for a report has far fewer (at most %(max)d).")
            % {"count": len(entries), "max": MAX_ENTRIES}
        )
    unpacked = sum(info.file_size for info in entries)
    too_big_xml = next(
        (i for i in entries if i.filename.lower().endswith(_XML_SUFFIXES) and i.file_size > MAX_XML_BYTES),
        None,
    )
    if unpacked > MAX_UNPACKED_BYTES or too_big_xml is not None:
        raise refuse(
            _(
                "The file would unpack to %(size)d MB, more than the %(max)d MB a report may take. "
                "It is not read."
            )
            % {"size": unpacked // (1024 * 1024), "max": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    if any(info.flag_bits & 0x1 for info in entries):
        raise refuse(_("The file's contents are encrypted, so it cannot be read."))
    return entries


def _check_kind(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> None:
    """An OpenDocument text, a macro-enabled document or no Word document at all is refused."""
    if "mimetype" in names or "meta-inf/manifest.xml" in names:
        mimetype = archive.read(names["mimetype"])[:200] if "mimetype" in names else b""
        if b"opendocument" in mimetype or "content.xml" in names:
            raise refuse(
                _(
                    "This is an OpenDocument file (.odt), not a Word document. Save it as a Word "
                    "document (.docx) and try again."
                )
            )
    if any(PurePosixPath(name).name.startswith("vbaproject") for name in names):
        raise _macros()
    if "[content_types].xml" not in names:
        raise _not_word(_("it is a zip file without word/document.xml."))
    types = _xml(_read_xml(archive, names["[content_types].xml"]), "[Content_Types].xml")
    content_types = {element.get("ContentType", "").lower() for element in types}
    if any(marker in content_type for content_type in content_types for marker in MACRO_TYPES):
        raise _macros()
    if "_rels/.rels" not in names:
        raise _not_word(_("it is a zip file without word/document.xml."))
    rels = _xml(_read_xml(archive, names["_rels/.rels"]), "_rels/.rels")
    main = next(
        (
            rel.get("Target", "")
            for rel in rels
            if rel.get("Type") in (OFFICE_DOCUMENT, _STRICT_OFFICE_DOCUMENT)
            and rel.get("TargetMode", "Internal") == "Internal"
        ),
        None,
    )
    main = main.lstrip("/").lower() if main else None
    if main is None or main not in names:
        raise _not_word(_("it is a zip file without word/document.xml."))
    main_type = next(
        (
            element.get("ContentType", "")
            for element in types
            if element.get("PartName", "").lstrip("/").lower() == main
        ),
        "",
    )
    if main_type == WORD_TEMPLATE:
        raise refuse(_("This is a Word template (.dotx). Create a document from it and upload that."))
    if main_type != WORD_MAIN:
        raise _not_word(_("it is another kind of Office file (%(type)s).") % {"type": main_type or "?"})


def _macros() -> InvalidLayout:
    return refuse(
        _(
            "The document contains macros (.docm). Macros are never run or kept: save it as a Word "
            "document without macros (.docx) and try again."
        )
    )


def open_document(data: bytes, max_bytes: int):
    """The python-docx Document of `data`, or InvalidLayout saying in the writer's words why not."""
    if len(data) > max_bytes:
        raise refuse(
            _("The file is larger than %(size)d MB: not a report.") % {"size": max_bytes // (1024 * 1024)}
        )
    if data.startswith(OLE_MAGIC):
        raise _refuse_ole(data)
    if data.lstrip().startswith(b"{\\rtf"):
        raise refuse(_("This is an RTF file. Save it in Word as a Word document (.docx) and try again."))
    if not data.startswith(ZIP_MAGIC):
        raise _not_word(_("it is not a zip file, as every .docx is."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _not_word(_("the zip file is damaged.")) from None
    with archive:
        entries = _check_entries(archive)
        names = {info.filename.lower(): info for info in entries}
        try:
            _check_kind(archive, names)
            safe = io.BytesIO()
            with zipfile.ZipFile(safe, "w", zipfile.ZIP_STORED) as copy:
                for info in entries:
                    if info.is_dir():
                        continue
                    xml = info.filename.lower().endswith(_XML_SUFFIXES)
                    copy.writestr(info.filename, _read_xml(archive, info) if xml else b"")
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
            raise _not_word(_("the zip file is damaged.")) from None
    try:
        safe.seek(0)
        return docx.Document(safe)
    except InvalidLayout:
        raise
    except Exception:  # python-docx raises many kinds for a broken package
        raise _not_word(_("the document is damaged and cannot be read.")) from None
