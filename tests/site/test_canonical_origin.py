"""Absolute URLs come from the site's one configured origin, never from the Host variant (issue 25).

ALLOWED_HOSTS ignores a port, upper case and a trailing dot, so `Host: lagesbild.example.se:6666`
once gave `https://lagesbild.example.se:6666/…` in the API, oEmbed and the feeds, and every variant
was a cache entry of its own. The demo site's root URL is https://lagesbild.example.se.
"""

import json
import re

import pytest

pytestmark = pytest.mark.django_db

CANONICAL = "https://lagesbild.example.se"
VARIANTS = [
    "lagesbild.example.se:6666",
    "LAGESBILD.Example.SE",
    "lagesbild.example.se.",
    "lagesbild.example.se:443",
]


def urls_in(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>&]+", text))


def get(client, path, host, **params):
    response = client.get(path, params, HTTP_HOST=host, secure=True)
    assert response.status_code == 200, (path, host, response.status_code)
    return response.content.decode()


def assert_canonical(text: str):
    ours = {url for url in urls_in(text) if "lagesbild.example.se" in url.lower()}
    assert ours, text[:500]
    for url in ours:
        assert url.startswith(CANONICAL + "/") or url == CANONICAL, url


@pytest.mark.parametrize("host", VARIANTS)
def test_the_api_links_to_the_canonical_origin(client, demo_reports, host):
    for path in ("/api/lagesbild/latest/", "/api/lagesbild/", "/api/faq/"):
        assert_canonical(get(client, path, host))


@pytest.mark.parametrize("host", VARIANTS)
def test_oembed_links_to_the_canonical_origin(client, demo_reports, host):
    data = json.loads(get(client, "/api/oembed/", host, url=f"{CANONICAL}/lagesbild/2026-11-24/"))
    assert data["provider_url"] == CANONICAL + "/"
    assert_canonical(data["html"])


@pytest.mark.parametrize("host", VARIANTS)
def test_the_feeds_link_to_the_canonical_origin(client, demo_reports, host):
    for kind in ("rss", "atom"):
        assert_canonical(get(client, f"/flode/lagesbild/{kind}/", host))


def test_the_variants_share_one_cache_entry(client, demo_reports, django_assert_num_queries):
    first = client.get("/api/lagesbild/latest/", HTTP_HOST="lagesbild.example.se", secure=True)
    for host in VARIANTS:
        with django_assert_num_queries(0):  # served from the canonical origin's entry, built once
            again = client.get("/api/lagesbild/latest/", HTTP_HOST=host, secure=True)
        assert again.content == first.content and again["ETag"] == first["ETag"]
