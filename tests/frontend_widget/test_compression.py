"""Answers go out gzip- or brotli-compressed by Accept-Encoding, each encoding with its own ETag.

The API serves bytes compressed once when the answer was cached; the iframe page and the report
page are compressed on the way out. A client with cookies (an editor) gets plain bytes.
"""

import gzip
from unittest import mock

import brotli
import pytest

from frontend_widget import compression, delivery
from tests import factories

pytestmark = pytest.mark.django_db

LATEST = "/api/lagesbild/latest/"


@pytest.fixture
def report(make_report):
    return make_report(
        title="Vecka 22",
        body=[factories.text(heading="Läget", html="<p>" + "Allt fungerar som det ska. " * 40 + "</p>")],
    )


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def decoded(response) -> bytes:
    encoding = response.get("Content-Encoding")
    if encoding == "gzip":
        return gzip.decompress(response.content)
    if encoding == "br":
        return brotli.decompress(response.content)
    assert encoding is None
    return response.content


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0.5, gzip", "gzip"),
        ("br;q=0, *", "gzip"),
        ("*", "br"),
        ("identity", ""),
        ("gzip;q=0", ""),
        ("deflate", ""),
        ("", ""),
    ],
)
def test_the_encoding_follows_the_clients_preferences(accept, expected):
    assert compression.choose(accept) == expected


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_the_api_sends_the_same_json_compressed(client, report, encoding):
    plain = client.get(LATEST)
    response = client.get(LATEST, HTTP_ACCEPT_ENCODING=encoding)
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    assert decoded(response) == plain.content
    assert len(response.content) < len(plain.content) / 2
    assert int(response["Content-Length"]) == len(response.content)
    assert "accept-encoding" in vary(response) and "accept-encoding" in vary(plain)
    # Another representation, another validator.
    assert response["ETag"] != plain["ETag"]
    assert response["ETag"].endswith(f'-{encoding}"')


def test_head_gives_the_compressed_length(client, report):
    get = client.get(LATEST, HTTP_ACCEPT_ENCODING="gzip")
    head = client.head(LATEST, HTTP_ACCEPT_ENCODING="gzip")
    assert head.status_code == 200
    assert head["Content-Length"] == get["Content-Length"]
    assert head["ETag"] == get["ETag"]


def test_a_304_for_each_encodings_own_tag_only(client, report):
    gzipped = client.get(LATEST, HTTP_ACCEPT_ENCODING="gzip")
    again = client.get(LATEST, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=gzipped["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == gzipped["ETag"]
    assert "accept-encoding" in vary(again)
    # The gzip tag does not validate the brotli answer, nor the plain tag the gzip answer.
    other = client.get(LATEST, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=gzipped["ETag"])
    assert other.status_code == 200 and other["Content-Encoding"] == "br"
    plain = client.get(LATEST)
    assert (
        client.get(LATEST, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 200
    )
    assert client.get(LATEST, HTTP_IF_NONE_MATCH=gzipped["ETag"]).status_code == 200
    assert client.get(LATEST, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304


def test_the_cached_entry_holds_its_compressed_bytes(client, report, settings):
    site = delivery.site_for_request(client.get(LATEST).wsgi_request)
    cached = delivery.latest_report(site, base_url="http://testserver")
    assert gzip.decompress(cached.encoded["gzip"]) == cached.json_bytes
    assert brotli.decompress(cached.encoded["br"]) == cached.json_bytes


def test_a_compressed_hit_compresses_nothing(client, report):
    client.get(LATEST, HTTP_ACCEPT_ENCODING="br")  # cached, with its encodings
    with (
        mock.patch.object(compression.gzip, "compress", side_effect=AssertionError("gzip")),
        mock.patch.object(compression.brotli, "compress", side_effect=AssertionError("brotli")),
    ):
        for encoding in ("gzip", "br"):
            assert client.get(LATEST, HTTP_ACCEPT_ENCODING=encoding)["Content-Encoding"] == encoding


def test_the_list_and_one_report_are_compressed_too(client, report):
    for path in ("/api/lagesbild/", f"/api/lagesbild/{report.pk}/"):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip"
        assert decoded(response) == client.get(path).content


def test_the_iframe_page_is_compressed_with_its_own_validator(client, report):
    plain = client.get("/embed/lagesbild/latest/")
    response = client.get("/embed/lagesbild/latest/", HTTP_ACCEPT_ENCODING="br")
    assert response["Content-Encoding"] == "br"
    assert decoded(response) == plain.content
    assert "accept-encoding" in vary(response)
    assert response["ETag"] != plain["ETag"]
    again = client.get(
        "/embed/lagesbild/latest/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304 and again["ETag"] == response["ETag"]


def test_the_report_page_is_compressed(client, report):
    plain = client.get(report.url)
    response = client.get(report.url, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert decoded(response) == plain.content
    assert "Allt fungerar som det ska." in decoded(response).decode()
    assert "accept-encoding" in vary(response)


def test_a_client_with_cookies_gets_plain_bytes(client, report):
    """An editor's pages may hold a CSRF token: never compressed beside reflected input (BREACH)."""
    client.cookies["sessionid"] = "x"
    for path in (LATEST, report.url, "/embed/lagesbild/latest/"):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response.status_code == 200
        assert "Content-Encoding" not in response, path


def test_the_admin_is_not_compressed_for_an_editor(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
