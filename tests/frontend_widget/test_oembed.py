"""oEmbed: a report or series URL gives the iframe snippet; report pages carry the discovery link."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from wagtail.models import Page, Site

from tests import factories


def oembed(client, url, **params):
    return client.get("/api/oembed/", {"url": url, **params})


def iframe_attributes(snippet: str) -> dict:
    return {name: html.unescape(value) for name, value in re.findall(r'(\w+)="([^"]*)"', snippet)}


def test_a_report_url_gives_a_rich_iframe(client, make_report):
    report = make_report(title="Regional rapport")
    response = oembed(client, "http://testserver" + report.url, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "rich" and data["version"] == "1.0"
    assert data["title"] == "Regional rapport"
    assert (data["width"], data["height"]) == (600, 480)
    frame = iframe_attributes(data["html"])
    assert data["html"].startswith("<iframe ")
    assert frame["src"] == f"http://testserver/embed/lagesbild/{report.pk}/"
    assert (frame["width"], frame["height"]) == ("600", "480")
    assert "allow-scripts" in frame["sandbox"] and "allow-same-origin" not in frame["sandbox"]


def test_the_sites_own_address_works_too(client, make_report):
    report = make_report()
    assert oembed(client, report.full_url).status_code == 200


def test_a_series_url_gives_its_latest_report(client, series, make_report):
    make_report()
    data = oembed(client, "http://testserver" + series.url).json()
    src = urlsplit(iframe_attributes(data["html"])["src"])
    assert src.path == "/embed/lagesbild/latest/"
    assert parse_qs(src.query) == {"series": [series.slug]}


def test_maxwidth_and_maxheight_are_honoured(client, make_report):
    report = make_report()
    data = oembed(client, "http://testserver" + report.url, maxwidth="320", maxheight="200").json()
    assert (data["width"], data["height"]) == (320, 200)
    frame = iframe_attributes(data["html"])
    assert (frame["width"], frame["height"]) == ("320", "200")
    data = oembed(client, "http://testserver" + report.url, maxwidth="5000").json()
    assert data["width"] == 600


def test_xml_is_not_implemented(client, make_report):
    report = make_report()
    response = oembed(client, "http://testserver" + report.url, format="xml")
    assert response.status_code == 501
    assert "json" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/finns-inte/",
        "https://elsewhere.example/lagesbild/2025-05-27/",
        "javascript:alert(1)",
        "http://testserver/",
    ],
)
def test_an_unknown_url_is_a_json_404(client, make_report, url):
    make_report()
    response = oembed(client, url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_draft_or_restricted_report_is_not_embeddable(client, make_report):
    from wagtail.models import PageViewRestriction

    draft = make_report(publish=False)
    assert (
        oembed(client, "http://testserver" + draft.url if draft.url else draft.full_url or "x").status_code
        == 404
    )
    secret = make_report(title="Hemlig", compiled_at=factories.stockholm(2025, 5, 28))
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    assert oembed(client, "http://testserver" + secret.url).status_code == 404


@pytest.mark.parametrize(
    "params", [{}, {"maxwidth": "abc"}, {"maxheight": "-5"}, {"maxwidth": "0"}, {"maxwidth": "²"}]
)
def test_bad_input_is_a_json_400(client, make_report, params):
    report = make_report()
    url = {} if not params else {"url": "http://testserver" + report.url}
    response = client.get("/api/oembed/", {**url, **params})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_report_pages_carry_the_discovery_link(client, make_report):
    report = make_report()
    page = client.get(report.url).content.decode()
    (link,) = re.findall(r'<link rel="alternate" type="application/json\+oembed"[^>]*>', page)
    href = html.unescape(re.search(r'href="([^"]+)"', link).group(1))
    assert client.get(href).json()["type"] == "rich"
    assert parse_qs(urlsplit(href).query) == {"url": ["http://testserver" + report.url], "format": ["json"]}


@pytest.mark.django_db
def test_another_sites_report_is_not_embedded_from_here(client, make_report):
    make_report()
    other_root = Page.get_first_root_node().add_child(instance=Page(title="Annan webbplats", slug="annan"))
    Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    other_series = factories.make_series(other_root, title="Annan serie", slug="annan-serie")
    other_report = factories.make_report(series=other_series, title="Annan rapport")
    # The frame would be served from this host, which shows only this site's reports.
    response = oembed(client, f"http://other.example/annan-serie/{other_report.slug}/")
    assert response.status_code == 404


def test_a_nul_in_the_address_is_a_404_not_a_crash(client, make_report):
    make_report()
    assert oembed(client, "http://testserver/lagesbild/a\x00b/").status_code == 404


def test_the_html_carries_the_loader_that_adds_the_origin(client, make_report):
    """As the /widget/ snippet does: the frame learns the page's origin, so it can size itself."""
    report = make_report()
    snippet = oembed(client, "http://testserver" + report.url).json()["html"]
    frame, loader = snippet.split("\n", 1)
    assert frame.startswith("<iframe ") and frame.endswith("</iframe>")
    assert loader.startswith("<script>") and loader.endswith("</script>")
    assert '"origin=" + encodeURIComponent(location.origin)' in loader
    assert "event.source === frame.contentWindow" in loader


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_are_a_json_405_also_with_csrf_checks_on(make_report, method):
    report = make_report()
    response = getattr(Client(enforce_csrf_checks=True), method)("/api/oembed/?url=" + report.full_url)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["detail"] == f"Metoden {method.upper()} är inte tillåten här."


def test_options_is_json_too(client):
    response = client.options("/api/oembed/")
    assert response.status_code == 200
    assert response.json() == {"allow": ["GET", "HEAD", "OPTIONS"]}
