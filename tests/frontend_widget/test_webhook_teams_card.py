"""The Teams delivery: a Workflows message whose Adaptive Card is valid against the 1.5 schema, in Swedish."""

import json

import jsonschema
import pytest

from rapport_blocks.models import WebhookEndpoint
from tests import factories
from tests.conftest import TEST_DATA_DIR
from tests.frontend_widget.webhook_support import body, endpoint_at

pytestmark = pytest.mark.django_db

# Microsoft's schema of Adaptive Cards 1.5 (github.com/microsoft/AdaptiveCards, schemas/1.5.0, MIT).
NEW_ITEMS = "<li>Två nya ärenden</li><li>Ny rutin för <b>jour</b></li>"
SCHEMA = json.loads((TEST_DATA_DIR / "adaptive-card-1.5.schema.json").read_text())


def card_texts(card: dict) -> list[str]:
    return [element["text"] for element in card["body"]]


def test_a_publish_posts_a_valid_swedish_card(series, commit, webhooks, receiver):
    endpoint_at(receiver, series, "/teams", format=WebhookEndpoint.TEAMS)
    with commit():
        factories.make_report(
            series=series,
            title="Vecka 48",
            compiled_at=factories.stockholm(2026, 11, 24),
            body=[factories.bullets(html="<ul><li>Läget är stabilt</li><li>Inga nya ärenden</li></ul>")],
        )
    with commit():
        report = factories.make_report(
            series=series,
            title="Vecka 49",
            compiled_at=factories.stockholm(2026, 12, 1, 8, 30),
            body=[
                factories.bullets(html=f"<ul><li>Läget är stabilt</li>{NEW_ITEMS}</ul>"),
            ],
        )

    message = body(receiver.to("/teams")[-1])
    assert message["type"] == "message"
    (attachment,) = message["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    jsonschema.Draft6Validator(SCHEMA).validate(card)
    assert card["version"] == "1.5" and card["lang"] == "sv"
    texts = card_texts(card)
    assert texts[0] == "Vecka 49"
    assert texts[1] == f"Rapport nr {report.number} · Sammanställd: 1 december 2026 kl. 08:30"
    assert texts[2] == "1 ny, 1 ändrad"  # "Inga nya ärenden" reworded, "Ny rutin" new
    assert texts[3] == "- Två nya ärenden\n- Ny rutin för jour"
    (button,) = card["actions"]
    assert button == {"type": "Action.OpenUrl", "title": "Läs hela lägesbilden", "url": report.full_url}


def test_the_schema_check_can_fail():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft6Validator(SCHEMA).validate({"type": "AdaptiveCard", "body": [{"type": "TextBlok"}]})


def test_an_unpublication_is_not_posted_to_teams(series, commit, webhooks, receiver):
    endpoint_at(receiver, series, "/teams", format=WebhookEndpoint.TEAMS)
    with commit():
        report = factories.make_report(series=series, title="Vecka 49")
    with commit():
        report.unpublish()
    assert len(receiver.to("/teams")) == 1
