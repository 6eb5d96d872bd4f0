"""“Importera från Word” in Chromium, as the demo's editor (Redaktörer, not a superuser) does it.

From the dashboard panel: upload next week's report written in Word (an organisation's bullet
glyphs, three levels, a picture), read the preview, create the draft, land on what changed since
the last published report, and open the draft itself with its change markers. Screenshots at
1280 and 375 px are kept in test-results/word-import/.
"""

import io
import os
import re
from pathlib import Path

import docx as docx_package
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from rapport_blocks.core import text_layout as layout
from rapport_blocks.models import RapportPage
from tests.browser.test_editors_week_flow import demo, log_in  # noqa: F401 (fixture)
from tests.conftest import DEMO_ADDED, DEMO_REMOVED, DEMO_REWORDED
from tests.site.test_word_import_admin import next_week_text
from tests.word_documents import picture, report_docx

ARTEFACTS = Path(os.environ.get("LAGESBILD_TEST_ARTEFACTS", "test-results")) / "word-import"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def shot(page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTEFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def docx(demo) -> bytes:  # noqa: F811
    """Next week's report as the editor wrote it in Word, with a picture in its first bullet."""
    document = docx_package.Document(io.BytesIO(report_docx(layout.parse(next_week_text()), "organisation")))
    picture(document.paragraphs[4])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_editor_imports_a_word_report_and_sees_what_changed(page, context, cms, demo, docx):  # noqa: F811
    log_in(context, cms, "redaktor")
    page.goto(f"{cms.url}/admin/")
    panel = page.locator(f"#lagesbild-{demo.pk}-section")
    panel.get_by_role("link", name="Importera från Word").click()
    expect(page.get_by_role("heading", name=re.compile("Importera från Word"))).to_be_visible()
    shot(page, "1-upload")

    page.get_by_label("Word-dokument (.docx)").set_input_files(
        {"name": "lagesbild-v49.docx", "mimeType": DOCX, "buffer": docx}
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Det här skapas")).to_be_visible()
    expect(
        main.get_by_role("row", name=re.compile("Sammanfattande lägesbild Punktlista 12 punkter på 3 nivåer"))
    ).to_be_visible()
    expect(
        main.get_by_text(re.compile(r"lagesbild-v49\.docx, stycke 5 .*En bild importeras inte"))
    ).to_be_visible()
    assert RapportPage.objects.filter(live=False).count() == 0  # the preview created nothing
    shot(page, "2-preview")

    main.get_by_role("button", name="Skapa utkastet").click()
    draft = RapportPage.objects.get(live=False)
    expect(page).to_have_url(re.compile(reverse("rapport_changes:compare", args=[draft.pk]) + "$"))
    expect(page.get_by_text(re.compile("skapades från lagesbild-v49.docx"))).to_be_visible()
    expect(page.locator(".rapport-compare__row--new", has_text=DEMO_ADDED)).to_be_visible()
    expect(page.locator(".rapport-compare__row--changed", has_text="lokalmedia")).to_be_visible()
    expect(page.locator(".rapport-compare__row--removed", has_text=DEMO_REMOVED)).to_be_visible()
    shot(page, "3-what-changed")

    # The draft itself, as readers will see it: its markers next to the new and reworded bullets.
    revision = draft.get_latest_revision()
    page.goto(cms.url + reverse("wagtailadmin_pages:revisions_view", args=[draft.pk, revision.pk]))
    new = page.locator("li", has=page.locator(".rapport-change--new")).filter(has_text=DEMO_ADDED)
    changed = page.locator("li", has=page.locator(".rapport-change--changed")).filter(
        has_text=DEMO_REWORDED[1]
    )
    expect(new).to_be_visible()
    expect(changed).to_be_visible()
    shot(page, "4-draft-with-markers")

    page.goto(cms.url + reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    expect(page.locator(".public-DraftEditor-content", has_text=DEMO_ADDED)).to_be_visible()
    assert not RapportPage.objects.get(pk=draft.pk).live
    assert page.console_errors == []
