"""An unknown address answers 404: JSON under /api/, the site's page elsewhere."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v3/pages/", "/api/nothing/", "/api/v2/pages/"])
def test_unknown_api_address_is_json(client, home, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Det finns ingen sådan adress i API:et."}


def test_unknown_page_is_html(client, home):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
