"""What a PDF must be, read back with pypdf: text in order, tags, language, PDF/A as far as pypdf sees.

veraPDF (the PDF/A and PDF/UA validator) is Java and is not to be had from the registries this
project can use (PyPI, npm, Debian): docs/pdf.md. These are the requirements pypdf can check.
"""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import IndirectObject

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "lagesbild": "https://lagesbild.se/ns/pdf/1.0/",
}


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def words(text: str) -> str:
    return " ".join(text.split())


def text_of(data: bytes) -> str:
    return words(" ".join(page.extract_text() for page in reader(data).pages))


def plain(html: str) -> str:
    return words(BeautifulSoup(html or "", "html.parser").get_text(" "))


def pieces(html: str) -> list[str]:
    """The texts of an html value in order, a link's text apart (the print shows its address after it)."""
    return [words(text) for text in BeautifulSoup(html or "", "html.parser").strings if words(text)]


def report_texts(report: dict) -> list[str]:
    """Every text of a presented report, in reading order."""
    texts = [report["title"]]

    def items(entries):
        for item in entries:
            texts.extend(pieces(item["html"]))
            items(item.get("children", ()))

    for section in report["sections"]:
        texts.append(section["heading"])
        kind = section["type"]
        if kind == "bullets":
            items(section["items"])
        elif kind in ("actions", "links"):
            texts += [item["title"] for item in section["items"]]
        elif kind == "people":
            for person in section["items"]:
                texts += [part for part in (person["name"], person["role"]) if part]
        else:
            texts += pieces(section["html"])
    return [text for text in texts if text]


def missing_in_order(texts: list[str], text: str) -> list[str]:
    """The texts not found in `text` after the previous one (whitespace and soft breaks ignored)."""
    missing, position = [], 0
    squeezed = text.replace(" ", "")
    for wanted in texts:
        found = squeezed.find(wanted.replace(" ", ""), position)
        if found < 0:
            missing.append(wanted)
        else:
            position = found + 1
    return missing


def resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def structure_types(data: bytes) -> set[str]:
    root = resolve(reader(data).trailer["/Root"])
    seen, stack = set(), [resolve(root["/StructTreeRoot"])]
    while stack:
        node = resolve(stack.pop())
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not hasattr(node, "get"):
            continue
        if "/S" in node:
            seen.add(str(node["/S"]).lstrip("/"))
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return seen


def xmp(data: bytes) -> ElementTree.Element:
    root = resolve(reader(data).trailer["/Root"])
    return ElementTree.fromstring(resolve(root["/Metadata"]).get_data())


def xmp_value(tree, name: str) -> str | None:
    prefix, local = name.split(":")
    for description in tree.iter(f"{{{NS['rdf']}}}Description"):
        attribute = description.get(f"{{{NS[prefix]}}}{local}")
        if attribute is not None:
            return attribute
        element = description.find(f"{prefix}:{local}", NS)
        if element is not None:
            return "".join(element.itertext()).strip()
    return None


def pdfa_problems(data: bytes) -> list[str]:
    """The PDF/A-2 requirements pypdf can see that this PDF breaks (ISO 19005-2 clause numbers)."""
    problems = []
    pdf = reader(data)
    if not data.startswith(b"%PDF-1.7") or not re.match(rb"%PDF-1\.7\r?\n%[\x80-\xff]{4}", data):
        problems.append("6.1.2: header with a binary comment")
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        problems.append("6.1.3: encrypted")
    if "/ID" not in pdf.trailer:
        problems.append("6.1.3: no file identifier")
    root = resolve(pdf.trailer["/Root"])
    intents = [resolve(i) for i in resolve(root.get("/OutputIntents", []))]
    if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        problems.append("6.2.3: no PDF/A output intent with an ICC profile")
    if "/Metadata" not in root:
        problems.append("6.6.2: no XMP metadata")
    names = resolve(root.get("/Names", {})) or {}
    if "/EmbeddedFiles" in names:
        problems.append("6.8: embedded files")
    if "/AA" in root or "/JavaScript" in names:
        problems.append("6.6.1: document actions or scripts")
    for number, page in enumerate(pdf.pages, 1):
        fonts = resolve(resolve(page.get("/Resources", {})).get("/Font", {})) or {}
        for name, font in fonts.items():
            font = resolve(font)
            descendants = [resolve(d) for d in resolve(font.get("/DescendantFonts", []))] or [font]
            for each in descendants:
                descriptor = resolve(each.get("/FontDescriptor", {})) or {}
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(f"6.2.11.4: font {name} on page {number} is not embedded")
        for annotation in resolve(page.get("/Annots", [])) or []:
            annotation = resolve(annotation)
            if not int(annotation.get("/F", 0)) & 4:
                problems.append(f"6.3.2: annotation on page {number} not printable")
            action = resolve(annotation.get("/A", {})) or {}
            if action.get("/S") not in (None, "/URI", "/GoTo"):
                problems.append(f"6.5.1: action {action.get('/S')} on page {number}")
    return problems
