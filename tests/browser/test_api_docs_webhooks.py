"""/api/docs/ (Redoc, from this server) renders the OpenAPI 3.1 document with its webhooks.

Chromium at 1280 and 375 px, without a script error; the screenshots go to test-results/api-docs/
for people to look at.
"""

import os
from pathlib import Path

ARTEFACTS = Path(os.environ.get("LAGESBILD_TEST_ARTEFACTS", "test-results")) / "api-docs"
WEBHOOKS = {
    "rapport.published": "A report was published",
    "rapport.updated": "A live report was updated",
    "rapport.unpublished": "A report was unpublished",
}


def test_the_docs_page_shows_each_webhook_with_its_body_and_headers(page, cms):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(cms.url + "/api/docs/")
        page.get_by_text("Lägesbild API").first.wait_for()
        for event, summary in WEBHOOKS.items():
            section = page.locator(f"[data-section-id$='{event}/post']")
            section.scroll_into_view_if_needed()
            assert section.locator("h2").inner_text().startswith(summary), event
            text = section.inner_text()
            for shown in ("webhook-id", "webhook-timestamp", "webhook-signature", "timestamp", "data"):
                assert shown in text, (event, shown)
            if event == "rapport.published":
                section.screenshot(path=str(ARTEFACTS / f"webhook-{width}.png"))
    # Redoc's own logo (cdn.redoc.ly) is refused by the docs page's policy, and nothing else fails.
    assert [text for text in page.console_errors if "cdn.redoc.ly" not in text] == []
