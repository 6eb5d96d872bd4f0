"""HTML to PDF/A-2b with PDF/UA-1 tags: WeasyPrint, on the system's Pango.

Why WeasyPrint (docs/pdf.md has the comparison): it lays out the same HTML and CSS as the report
page (so the section templates and the print stylesheet serve both), writes tagged PDF with /Lang,
PDF/A and PDF/UA identification, embeds subsets of the fonts, and is a Python package; only Pango
(with HarfBuzz and fontconfig) comes from the system.

WeasyPrint loads Pango when it is imported. A machine without Pango must still serve every other
channel, so it is imported here, on first use, and `unavailable()` says why it cannot be: the
report page then shows its PDF link with the reason instead of failing (`views`), and
`manage.py check` warns (frontend_widget/checks.py).

PDF/A and PDF/UA at once: WeasyPrint's `pdf_variant` takes one variant. "pdf/a-2b" with
`pdf_tags=True` writes everything WeasyPrint's "pdf/ua-1" variant writes (the structure tree,
MarkInfo, /Lang, DisplayDocTitle, PDF 1.7) except its identification, which `ReportMetadata`
adds to the same XMP packet, with the PDF/A extension schema that PDF/A-2 asks for any property
outside its predefined schemas, beside the report's own properties.
"""

from __future__ import annotations

import functools
import io
import logging
from dataclasses import dataclass
from xml.etree import ElementTree

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-2b"
LAGESBILD_NS = "https://lagesbild.se/ns/pdf/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAEXT = "http://www.aiim.org/pdfa/ns/extension/"
PDFASCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFAPROPERTY = "http://www.aiim.org/pdfa/ns/property#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
# (name, value type, description) of the report's own XMP properties.
REPORT_PROPERTIES = (
    ("series", "Text", "The report series"),
    ("seriesSlug", "Text", "The series' short name in addresses"),
    ("reportNumber", "Integer", "The report's number in its series"),
    ("compiled", "Date", "When the report was compiled (Sammanstalld)"),
    ("revision", "Integer", "The published revision the document was rendered from"),
    ("webAddress", "URI", "The report's address on the web"),
    ("audience", "Text", "public, or mailing: with the sections for the e-mail only"),
)


class Unavailable(RuntimeError):
    """The PDF cannot be made on this machine (WeasyPrint or Pango is missing)."""


@functools.cache
def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: cffi found no Pango library
        raise Unavailable(f"{type(error).__name__}: {error}") from error
    return weasyprint


def unavailable() -> str:
    """Why PDFs cannot be made here, or "" when they can."""
    try:
        _weasyprint()
    except Unavailable as error:
        return str(error)
    return ""


def _report_description(properties: dict) -> bytes:
    ElementTree.register_namespace("lagesbild", LAGESBILD_NS)
    ElementTree.register_namespace("pdfuaid", PDFUAID)
    ElementTree.register_namespace("pdfaExtension", PDFAEXT)
    ElementTree.register_namespace("pdfaSchema", PDFASCHEMA)
    ElementTree.register_namespace("pdfaProperty", PDFAPROPERTY)
    root = ElementTree.Element(f"{{{RDF}}}RDF")
    ua = ElementTree.SubElement(root, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    ElementTree.SubElement(ua, f"{{{PDFUAID}}}part").text = "1"
    own = ElementTree.SubElement(root, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    for name, _kind, _description in REPORT_PROPERTIES:
        value = properties.get(name)
        if value not in (None, ""):
            ElementTree.SubElement(own, f"{{{LAGESBILD_NS}}}{name}").text = str(value)
    extension = ElementTree.SubElement(root, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    schemas = ElementTree.SubElement(
        ElementTree.SubElement(extension, f"{{{PDFAEXT}}}schemas"), f"{{{RDF}}}Bag"
    )
    for namespace, prefix, title, props in (
        (PDFUAID, "pdfuaid", "PDF/UA identification schema", [("part", "Integer", "PDF/UA version")]),
        (LAGESBILD_NS, "lagesbild", "Lagesbild report", REPORT_PROPERTIES),
    ):
        schema = ElementTree.SubElement(schemas, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
        ElementTree.SubElement(schema, f"{{{PDFASCHEMA}}}schema").text = title
        ElementTree.SubElement(schema, f"{{{PDFASCHEMA}}}namespaceURI").text = namespace
        ElementTree.SubElement(schema, f"{{{PDFASCHEMA}}}prefix").text = prefix
        seq = ElementTree.SubElement(
            ElementTree.SubElement(schema, f"{{{PDFASCHEMA}}}property"), f"{{{RDF}}}Seq"
        )
        for name, kind, description in props:
            prop = ElementTree.SubElement(seq, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
            ElementTree.SubElement(prop, f"{{{PDFAPROPERTY}}}name").text = name
            ElementTree.SubElement(prop, f"{{{PDFAPROPERTY}}}valueType").text = kind
            ElementTree.SubElement(prop, f"{{{PDFAPROPERTY}}}category").text = "external"
            ElementTree.SubElement(prop, f"{{{PDFAPROPERTY}}}description").text = description
    return ElementTree.tostring(root, encoding="utf-8")


def _metadata_class(properties: dict):
    from weasyprint.pdf.metadata import DocumentMetadata

    extra = _report_description(properties)

    class ReportMetadata(DocumentMetadata):
        """WeasyPrint's XMP packet with PDF/UA-1 identification and the report's own properties.

        Added inside WeasyPrint's one rdf:RDF (a second rdf:RDF in the packet is not read by
        validators), as further rdf:Description elements.
        """

        def generate_rdf_metadata(self, *args, **kwargs):
            rdf = ElementTree.fromstring(super().generate_rdf_metadata(*args, **kwargs))
            for description in ElementTree.fromstring(extra):
                rdf.append(description)
            return ElementTree.tostring(rdf, encoding="utf-8")

    return ReportMetadata


@dataclass
class Rendered:
    pdf: bytes
    refused: list[str]  # addresses the document named that the fetcher refused (none expected)


def render(html: str, *, site_root: str, properties: dict) -> Rendered:
    """The PDF of `html` (a whole document with lang, title and meta), fetching only the site's files."""
    weasyprint = _weasyprint()
    from .fetcher import SiteFilesFetcher

    fetcher = SiteFilesFetcher(site_root)
    document = weasyprint.HTML(string=html, base_url=site_root.rstrip("/") + "/", url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT, pdf_tags=True, custom_metadata=True
    )
    document.metadata = _metadata_class(properties)(**vars(document.metadata))
    output = io.BytesIO()
    document.write_pdf(output, pdf_variant=PDF_VARIANT, pdf_tags=True, custom_metadata=True)
    if fetcher.refused:
        logger.warning("The PDF renderer refused %s", ", ".join(fetcher.refused))
    return Rendered(output.getvalue(), list(fetcher.refused))
