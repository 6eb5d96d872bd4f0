"""The browser's own "Skriv ut" of a report page gives the PDF's layout: A4, the plugin's font
(from the site itself), the page's header and sections, and nothing of the site around them."""

import pytest

from tests import pdf_checks
from tests.factories import actions, bullets


@pytest.mark.browser
def test_printing_the_report_page_gives_the_pdfs_layout(page, cms, series, make_report):
    report = make_report(title="Regional rapport", body=[bullets(), actions()])
    page.goto(f"{cms.url}{report.url}")
    assert page.get_by_role("link", name="Ladda ner som PDF").is_visible()
    page.emulate_media(media="print")
    printed = page.pdf(prefer_css_page_size=True)
    pages = pdf_checks.reader(printed).pages
    assert [round(float(v)) for v in pages[0].mediabox] == [0, 0, 595, 842]  # A4, from print.css
    fonts = {
        str(pdf_checks.resolve(font)["/BaseFont"])
        for each in pages
        for font in pdf_checks.resolve(pdf_checks.resolve(each["/Resources"])["/Font"]).values()
    }
    assert fonts and all("OpenSans" in name.replace(" ", "").replace("-", "") for name in fonts), fonts
    text = pdf_checks.text_of(printed)
    assert "Regional rapport" in text and "Sammanfattning" in text and "En punkt" in text
    assert "(https://example.se/artikel)" in text  # the address after a link, as on paper
    # The site's header, the PDF link and the series footer are the screen's, not the paper's.
    assert page.get_by_text("Alla rapporter i").count() == 1 and "Alla rapporter i" not in text
    assert "Ladda ner som PDF" not in text
    assert f"1 / {len(pages)}" in text
