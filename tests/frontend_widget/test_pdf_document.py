"""The report's PDF as a reader, a screen reader and an archive get it: the sample and the demo
reports rendered, read back with pypdf (tests/pdf_checks.py)."""

import socket

import pytest

from frontend_widget.pdf import document, engine, fetcher
from rapport_blocks.importing import import_report
from rapport_blocks.rules.presentation import present, report_base_url
from tests import pdf_checks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_pdf")]


def rendered(page, **kwargs):
    report = present(page, base_url=report_base_url(page), **kwargs)
    return report, document.render(report, site_root=report_base_url(page), revision_id=page.live_revision_id)


@pytest.fixture
def sample_report(sample_path, series):
    text = sample_path.read_text(encoding="utf-8")
    return import_report(text, filename=str(sample_path), series_slug=series.slug, publish=True).page


def assert_a_tagged_pdf_a_of(report, pdf):
    text = pdf_checks.text_of(pdf.data)
    assert pdf_checks.missing_in_order(pdf_checks.report_texts(report), text) == []
    root = pdf_checks.resolve(pdf_checks.reader(pdf.data).trailer["/Root"])
    assert root["/Lang"] == "sv"
    assert bool(pdf_checks.resolve(root["/MarkInfo"])["/Marked"])
    assert {"Document", "H1", "H2", "L", "LI", "P"} <= pdf_checks.structure_types(pdf.data)
    xmp = pdf_checks.xmp(pdf.data)
    assert (pdf_checks.xmp_value(xmp, "pdfaid:part"), pdf_checks.xmp_value(xmp, "pdfaid:conformance")) == (
        "2",
        "B",
    )
    assert pdf_checks.xmp_value(xmp, "pdfuaid:part") == "1"
    assert pdf_checks.xmp_value(xmp, "dc:title").startswith(report["title"])
    assert pdf_checks.xmp_value(xmp, "lagesbild:reportNumber") == str(report["number"])
    assert pdf_checks.xmp_value(xmp, "lagesbild:series") == report["series"]["title"]
    compiled = report["compiled_at"].date().isoformat()
    assert pdf_checks.xmp_value(xmp, "lagesbild:compiled").startswith(compiled)
    assert pdf_checks.pdfa_problems(pdf.data) == []
    info = pdf_checks.reader(pdf.data).metadata
    assert info.title.startswith(report["title"]) and report["series"]["title"] in info.subject


def test_the_sample_report_as_a_tagged_pdf_a(sample_report):
    report, pdf = rendered(sample_report)
    assert_a_tagged_pdf_a_of(report, pdf)
    assert "Link" in pdf_checks.structure_types(pdf.data)  # the sample's links work and are tagged


def test_the_demo_reports_as_tagged_pdf_a(demo_reports):
    for page in demo_reports.values():
        report, pdf = rendered(page)
        assert_a_tagged_pdf_a_of(report, pdf)


def test_a4_running_heads_markers_links_and_fonts(demo_reports):
    """One demo report, four promises: A4 pages with the number, date and page numbers in the
    margins; "Ny"/"Ändrad" as words; working links; only the plugin's font, embedded."""
    report, pdf = rendered(demo_reports["2026-11-24"])
    pages = pdf_checks.reader(pdf.data).pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]  # A4 in points
        text = pdf_checks.words(page.extract_text())
        assert "Rapport nr 2" in text and "24 november 2026" in text
        assert f"{number} / {len(pages)}" in text

    text = pdf_checks.text_of(pdf.data)
    # The demo's markers, as tests/data/api-report-2026-11-24.json pins them.
    assert "Ändrad Synpunkterna från sjukhusbesöken" in text
    assert "Ny Synpunkterna från vården är avgörande" in text
    assert "Ändrad Medieintresset är fortsatt lågt" in text

    annotations = [pdf_checks.resolve(a) for page in pages for a in page.get("/Annots", [])]
    uris = {pdf_checks.resolve(a["/A"])["/URI"] for a in annotations}
    expected = {item["url"] for s in report["sections"] if s["type"] == "links" for item in s["items"]}
    assert expected and expected <= uris

    fonts = set()
    for page in pages:
        for font in pdf_checks.resolve(page["/Resources"])["/Font"].values():
            fonts.add(str(pdf_checks.resolve(font)["/BaseFont"]).split("+", 1)[1])
    assert fonts and all(name.startswith("Lagesbild-Open-Sans") for name in fonts), fonts


@pytest.fixture
def no_network(monkeypatch):
    """Any connection attempt fails the test: the renderer must not make one."""
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def test_the_renderer_fetches_only_the_sites_own_files(no_network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.txt").write_text("ours")
    html = (
        '<!DOCTYPE html><html lang="sv"><head><title>T</title>'
        '<link rel="stylesheet" href="/static/rapport_blocks/css/print.css">'
        '<link rel="stylesheet" href="https://cdn.example.net/style.css">'
        "<style>@import url(http://other.example/x.css); p { background: url(file:///etc/passwd) }</style>"
        '</head><body><p>Hej</p><img src="https://tracker.example/pixel.png" alt="x">'
        '<img src="/static/../../../etc/passwd" alt="y"><img src="/media/logo.txt" alt="z"></body></html>'
    )
    result = engine.render(html, site_root="https://lagesbild.example.se", properties={})
    assert no_network == []
    assert set(result.refused) >= {
        "https://cdn.example.net/style.css",
        "http://other.example/x.css",
        "https://tracker.example/pixel.png",
        "file:///etc/passwd",
    }
    assert not any("print.css" in url or "OpenSans" in url or "logo.txt" in url for url in result.refused)
    fonts = pdf_checks.resolve(pdf_checks.reader(result.pdf).pages[0]["/Resources"])["/Font"].values()
    assert any("Lagesbild-Open-Sans" in pdf_checks.resolve(font)["/BaseFont"] for font in fonts)


def test_without_pango_the_product_says_why(monkeypatch):
    monkeypatch.setattr(engine, "_weasyprint", _raise_unavailable)
    assert "libpango" in engine.unavailable()
    with pytest.raises(engine.Unavailable):
        engine.render("<html></html>", site_root="https://x.example", properties={})


def _raise_unavailable():
    raise engine.Unavailable("OSError: cannot load library 'libpango-1.0-0'")


def test_manage_py_check_warns_without_pango(monkeypatch):
    from frontend_widget.checks import pdf_engine

    assert pdf_engine(None) == []
    monkeypatch.setattr(engine, "_weasyprint", _raise_unavailable)
    [warning] = pdf_engine(None)
    assert warning.id == "frontend_widget.W010" and "libpango" in warning.msg


def test_the_fonts_are_unpacked_once_and_every_pdf_still_carries_them(settings, monkeypatch):
    """WeasyPrint unpacked the site's WOFF2 fonts again for every render; the fetcher now keeps them."""
    from fontTools.ttLib import woff2

    fetcher._unpacked.cache_clear()
    unpacked = []
    real = woff2.decompress
    monkeypatch.setattr(woff2, "decompress", lambda *args: unpacked.append(1) or real(*args))
    html = (
        '<!DOCTYPE html><html lang="sv"><head><title>T</title>'
        '<link rel="stylesheet" href="/static/rapport_blocks/css/print.css"></head>'
        "<body><h1>Läget</h1><p><b>Fet</b> och <i>kursiv</i> text.</p></body></html>"
    )
    for _ in range(2):
        result = engine.render(html, site_root="https://lagesbild.example.se", properties={})
        fonts = pdf_checks.resolve(pdf_checks.reader(result.pdf).pages[0]["/Resources"])["/Font"].values()
        names = {pdf_checks.resolve(font)["/BaseFont"] for font in fonts}
        assert any("Lagesbild-Open-Sans" in name for name in names), names
        assert result.refused == []
    assert 0 < len(unpacked) <= 4  # each of print.css's four fonts at most once, over both renders
