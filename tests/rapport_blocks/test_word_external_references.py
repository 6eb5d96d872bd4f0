"""Reading a Word document never follows a reference out of it: linked pictures, an attached
template, INCLUDETEXT/INCLUDEPICTURE fields, hyperlinks and external XML entities all point at a
local server here, which must see no request at all."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from rapport_blocks import importing
from rapport_blocks.core.text_layout import Span
from rapport_blocks.models import RapportPage
from tests import word_documents as documents

pytestmark = pytest.mark.django_db

ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


@pytest.fixture
def server():
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<x/>")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


def test_references_out_of_the_document_are_never_fetched(server, series):
    base, requests = server
    writer = documents.WordWriter()
    writer.title("Lägesbild")
    writer.text("Sammanställd: 2026-01-05 klockan 09:15")
    writer.heading("Läget")
    paragraph = writer.bullet((Span("Se "), Span("sidan", url=f"{base}/sida")))
    picture = paragraph.part.relate_to(f"{base}/bild.png", RT.IMAGE, is_external=True)
    paragraph.add_run()._r.append(
        parse_xml(
            f"<w:drawing {nsdecls('w', 'wp', 'a', 'pic', 'r')}><wp:inline><a:graphic>"
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:blipFill><a:blip r:link="{picture}"/></pic:blipFill></pic:pic></a:graphicData>'
            "</a:graphic></wp:inline></w:drawing>"
        )
    )
    for instruction in (f'INCLUDETEXT "{base}/text.docx"', f'INCLUDEPICTURE "{base}/bild2.png" \\d'):
        paragraph._p.append(
            parse_xml(
                f"<w:fldSimple {nsdecls('w')} w:instr='{instruction}'><w:r><w:t> </w:t></w:r></w:fldSimple>"
            )
        )
    settings = writer.document.part._settings_part
    template = settings.relate_to(f"{base}/mall.dotx", ATTACHED_TEMPLATE, is_external=True)
    settings.element.append(parse_xml(f'<w:attachedTemplate {nsdecls("w", "r")} r:id="{template}"/>'))

    result = importing.import_report(writer.bytes(), filename="rapport.docx", series_slug=series.slug)
    assert RapportPage.objects.filter(pk=result.page.pk).exists()
    assert [line for line, _ in result.warnings] == [4]  # the linked picture, named, not fetched
    assert requests == []


def test_an_external_entity_is_refused_unread(server, series):
    base, requests = server
    entries = documents.entries_of(documents.WordWriter().bytes())
    entries["word/document.xml"] = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY e SYSTEM "{base}/xxe">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    with pytest.raises(importing.ImportFailed):
        importing.import_report(documents.zip_of(entries), filename="rapport.docx", series_slug=series.slug)
    assert requests == []
    assert RapportPage.objects.count() == 0
