"""The FAQ's iframe page /embed/faq/<id>/ and oEmbed for FAQ addresses: the report embed's rules."""

import html
import re

import pytest

pytestmark = pytest.mark.django_db

ORIGIN = "https://intranat.example.se"


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]


def test_the_frame_shows_every_question_as_a_disclosure(client, faq):
    response = client.get(f"/embed/faq/{faq.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<details class="q">') == 3
    assert "<summary>Varför har införandet pausats?</summary>" in page
    assert 'href="http://testserver/fragor-och-svar/#vad-kostar-pausen"' in page
    assert "frame-ancestors 'self' " + ORIGIN in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response and not response.cookies
    assert response["ETag"]


def test_the_frame_searches_like_the_api(client, faq):
    page = client.get(f"/embed/faq/{faq.pk}/", {"q": "avgifter"}).content.decode()
    assert page.count('<details class="q">') == 1 and "Vad kostar pausen?" in page
    nothing = client.get(f"/embed/faq/{faq.pk}/", {"q": "parkering"}).content.decode()
    assert "Ingen fråga matchar." in nothing


def test_a_304_for_a_current_copy(client, faq):
    first = client.get(f"/embed/faq/{faq.pk}/")
    assert client.get(f"/embed/faq/{faq.pk}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_an_unknown_faq_is_a_404_page(client, faq):
    response = client.get(f"/embed/faq/{faq.pk + 999}/")
    assert response.status_code == 404 and "inte publicerade" in response.content.decode()


@pytest.mark.parametrize("suffix", ["", "#vad-kostar-pausen"])
def test_oembed_for_the_faq_page_and_a_question(client, faq, suffix):
    response = client.get("/api/oembed/", {"url": f"http://testserver{faq.url}{suffix}"})
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "rich" and data["title"] == faq.title
    src = html.unescape(re.search(r'src="([^"]+)"', data["html"])[1])
    assert src == f"http://testserver/embed/faq/{faq.pk}/"
    assert 'title="Frågor och svar: Frågor och svar om pausen"' in data["html"]


def test_the_frame_marks_a_question_changed_since_its_review(client, faq):
    body = faq.body.raw_data
    first = body[0]["value"]["questions"][0]["value"]
    first["answer"] = "<p>Styrgruppen vill först rätta felen, och de flesta är nu rättade.</p>"
    faq.body = list(body)
    faq.save_revision().publish()
    page = client.get(f"/embed/faq/{faq.pk}/").content.decode()
    summary = '<summary><span class="rapport-change rapport-change--changed">Uppdaterad</span> '
    assert page.count(summary) == 1
    assert summary + "Varför har införandet pausats?</summary>" in page
