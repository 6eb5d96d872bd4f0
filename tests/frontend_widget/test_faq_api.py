"""The FAQ API: /api/faq/ and /api/faq/<id>/ (?q=) in the issue's shape, cached with ETags, CORS."""

import pytest

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

INTRANET = "https://intranat.example.se"


def test_the_list_names_the_visible_faq_pages(client, faq):
    response = client.get("/api/faq/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    (item,) = data["results"]
    assert item["id"] == faq.pk and item["title"] == "Frågor och svar om pausen"
    assert item["url"] == "http://testserver/fragor-och-svar/"
    assert item["api_url"] == f"http://testserver/api/faq/{faq.pk}/"
    assert item["last_published_at"]


def test_one_faq_has_exactly_the_contracts_shape(client, faq):
    data = client.get(f"/api/faq/{faq.pk}/").json()
    assert set(data) == {"id", "title", "url", "last_published_at", "intro_html", "categories"}
    assert data["id"] == faq.pk
    assert data["intro_html"] == "<p>Svar på det medarbetare frågar oftast.</p>"
    assert [category["heading"] for category in data["categories"]] == ["Om pausen", "Utbildning"]
    first = data["categories"][0]["questions"][0]
    assert set(first) == {"anchor", "question", "html", "url", "reviewed_at", "changed_since_review"}
    assert first == {
        "anchor": "varfor-har-inforandet-pausats",
        "question": "Varför har införandet pausats?",
        "html": "<p>Styrgruppen vill först rätta felen som pilotenheterna rapporterat.</p>",
        "url": "http://testserver/fragor-och-svar/#varfor-har-inforandet-pausats",
        "reviewed_at": None,
        "changed_since_review": False,
    }
    assert data["categories"][0]["questions"][1]["html"].endswith("<ul><li>Licenser</li><li>Drift</li></ul>")


def test_reviewed_at_is_a_date(client, make_faq):
    import datetime as dt

    page = make_faq(
        body=[factories.faq_category("A", [factories.faq_question("F?", reviewed_at=dt.date(2026, 9, 1))])]
    )
    question = client.get(f"/api/faq/{page.pk}/").json()["categories"][0]["questions"][0]
    assert question["reviewed_at"] == "2026-09-01"


def test_answers_are_sanitised(client, make_faq):
    page = make_faq(
        body=[
            factories.faq_category(
                "A",
                [factories.faq_question("F?", '<p onclick="x()">Svar<script>alert(1)</script></p>')],
            )
        ]
    )
    html = client.get(f"/api/faq/{page.pk}/").json()["categories"][0]["questions"][0]["html"]
    assert "onclick" not in html and "<script" not in html and "Svar" in html


def test_q_keeps_the_shape_with_only_the_matching_questions(client, faq):
    data = client.get(f"/api/faq/{faq.pk}/", {"q": "avgift"}).json()
    assert set(data) == {"id", "title", "url", "last_published_at", "intro_html", "categories"}
    assert [c["heading"] for c in data["categories"]] == ["Om pausen"]
    assert [q["anchor"] for q in data["categories"][0]["questions"]] == ["vad-kostar-pausen"]


def test_q_without_a_match_gives_no_categories(client, faq):
    data = client.get(f"/api/faq/{faq.pk}/", {"q": "parkering"}).json()
    assert data["id"] == faq.pk and data["categories"] == []


def test_an_empty_q_gives_everything(client, faq):
    data = client.get(f"/api/faq/{faq.pk}/", {"q": "  "}).json()
    assert sum(len(c["questions"]) for c in data["categories"]) == 3


def test_etag_and_304(client, faq):
    first = client.get(f"/api/faq/{faq.pk}/")
    assert first["ETag"] and first["Cache-Control"]
    again = client.get(f"/api/faq/{faq.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    searched = client.get(f"/api/faq/{faq.pk}/", {"q": "avgift"})
    assert searched["ETag"] != first["ETag"]


def test_unknown_and_malformed_ids_are_json_404s(client, faq):
    for path in ("/api/faq/0/", "/api/faq/abc/", f"/api/faq/{faq.pk + 1000}/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "detail" in response.json()


def test_a_report_id_is_no_faq(client, make_report):
    report = make_report()
    assert client.get(f"/api/faq/{report.pk}/").status_code == 404


def test_cors_for_the_listed_origins(client, faq, settings):
    settings.CORS_ALLOWED_ORIGINS = [INTRANET]
    response = client.get(f"/api/faq/{faq.pk}/", HTTP_ORIGIN=INTRANET)
    assert response["Access-Control-Allow-Origin"] == INTRANET
    other = client.get(f"/api/faq/{faq.pk}/", HTTP_ORIGIN="https://annan.example.se")
    assert "Access-Control-Allow-Origin" not in other


def test_publishing_a_change_shows_at_once(client, faq, commit):
    client.get(f"/api/faq/{faq.pk}/")
    with commit():
        faq.title = "Nya frågor"
        faq.save_revision().publish()
    assert client.get(f"/api/faq/{faq.pk}/").json()["title"] == "Nya frågor"
    assert client.get("/api/faq/").json()["results"][0]["title"] == "Nya frågor"
