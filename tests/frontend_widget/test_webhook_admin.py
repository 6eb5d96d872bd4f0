"""An administrator's "Webhooks" listing, in Swedish: each endpoint by its description and host, with
its state as a word ("Aktiv", "Avstängd"), never a bare True/False; its path (which may carry the
receiver's token) is not shown."""

import re

import pytest

from rapport_blocks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_the_listing_names_each_endpoint_and_its_state_in_swedish(admin_client, series):
    WebhookEndpoint.objects.create(
        series=series,
        url="https://hooks.example.se/flode?token=hemligt",
        description="Intranätets nyhetsflöde",
    )
    WebhookEndpoint.objects.create(
        series=series, url="https://prod.example.se/workflows/1?sig=hemligt", format="teams", active=False
    )

    html = admin_client.get("/admin/snippets/rapport_blocks/webhookendpoint/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())

    assert "Intranätets nyhetsflöde · https://hooks.example.se" in text
    assert "Microsoft Teams (Workflows, Adaptive Card) · https://prod.example.se" in text
    assert "Aktiv" in text and "Avstängd" in text
    assert "True" not in text and "False" not in text
    assert "hemligt" not in html


def test_the_secret_is_shown_once_stored_never_on_the_add_form(admin_client, series):
    # The add form's instance has a secret of its own, which the save never stores.
    add = admin_client.get("/admin/snippets/rapport_blocks/webhookendpoint/add/").content.decode()
    assert "Signeringsnyckel" not in add and "whsec_" not in add

    endpoint = WebhookEndpoint.objects.create(series=series, url="https://hooks.example.se/flode")
    edit = admin_client.get(
        f"/admin/snippets/rapport_blocks/webhookendpoint/edit/{endpoint.pk}/"
    ).content.decode()
    assert "Signeringsnyckel" in edit and endpoint.secret in edit
