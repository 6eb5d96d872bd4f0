"""No public address answers a server error, whatever query a visitor or a bot sends (issue 25).

The addresses come from the URLconf itself, so a new URL is covered the day it is added: each
route's parameters are filled from the demo site, and a route this file cannot fill fails the
test, asking for a sample. Wagtail's pages (its catch-all route) are every live page of the demo.
Hypothesis then sends each of them query strings of known and unknown parameters with hostile
values: quotes, NUL, full-text operators, long text, numbers out of range. Every answer is below 500.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, PageViewRestriction

pytestmark = pytest.mark.django_db

# Not public: the admin; Django's static and media serving exist only with DEBUG.
PRIVATE = re.compile(r"^(admin/|\^media/|static/)")
# Every parameter the code reads (grep request.GET / query_params), and some it does not.
PARAMETERS = [
    "q", "page", "year", "month", "series", "sections", "url", "format", "maxwidth", "maxheight",
    "lang", "origin", "source", "error", "state", "code", "next", "callback", "detail", "changes", "id",
]  # fmt: skip
HOSTILE = [
    'a"b', '"', "\x00", "a\x00b", "NEAR(", "*", "-", "(", ")", "'", "\\", "%", "%00", "OR", "AND NOT",
    "x" * 10_000, "ö" * 5000, "0", "-1", "99999999999999999999", "1e309", "NaN", "[]", "{}", "<script>",
    "javascript:alert(1)", "//evil.example", "http://", "https://lagesbild.example.se/../../",
    "\ud7ff", "\u202e", "\r\nX-Injected: 1", " ",
]  # fmt: skip


def routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def concrete(route: str, name: str, samples: dict) -> list[str]:
    """The route with its parameters filled from `samples`; fails for a parameter it does not know."""
    if name == "wagtail_serve":
        return samples["pages"]
    if name == "lagesbild-pdf":  # a report's PDF beside its page, and one under no report
        return [samples["report_path"] + "pdf/", "/finns-inte/pdf/"]
    if name == "lagesbild-subscribe":  # a series' "Prenumerera" form, and one under no series
        return [samples["series_path"] + "prenumerera/", "/finns-inte/prenumerera/"]
    if name == "wagtaildocs_serve":
        return [f"/documents/{samples['document_id']}/beslutsunderlag.pdf", "/documents/999999/x.pdf"]
    path = route
    for _converter, parameter in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        assert parameter in samples, f"{route}: add a sample for <{parameter}> to this test"
        path = re.sub(rf"<(?:\w+:)?{parameter}>", str(samples[parameter]), path)
    assert not re.search(r"[\^$()\\]", path), f"{route}: add a sample for this pattern to this test"
    return ["/" + path]


@pytest.fixture
def addresses(demo_reports, settings, tmp_path):
    from frontend_widget.mailing import subscriptions
    from rapport_blocks.models import FaqPage, RapportIndexPage
    from tests import factories

    settings.MEDIA_ROOT = str(tmp_path / "media")  # the sample document's file
    report = demo_reports["2026-11-24"]
    restriction = PageViewRestriction.objects.create(
        page=demo_reports["2026-11-17"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    samples = {
        "report_id": report.pk,
        "faq_id": FaqPage.objects.live().first().pk,
        "series_slug": "lagesbild",
        "page_view_restriction_id": restriction.pk,
        "page_id": restriction.page_id,
        "restriction_id": restriction.pk,
        "document_id": factories.make_document().pk,
        "report_path": report.get_url_parts()[2],
        "series_path": report.get_parent().get_url_parts()[2],
        # A confirmation link (valid there, and a tampered link where an unsubscribe link belongs).
        "token": subscriptions.confirmation_token(RapportIndexPage.objects.live().first(), "x@example.se"),
        "pages": [
            parts[2] for page in Page.objects.live().filter(depth__gt=1) if (parts := page.get_url_parts())
        ]
        + ["/finns-inte/"],
    }
    found = [
        path
        for route, name in routes()
        if not PRIVATE.match(route)
        for path in concrete(route, name, samples)
    ]
    assert "/api/lagesbild/latest/" in found and "/lagesbild/" in found and "/flode/lagesbild/rss/" in found
    return found


def test_every_public_route_is_covered(addresses):
    # The public routes the URLconf has today, all reached (the list above grows by itself).
    assert len(addresses) >= 25


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_public_address_answers_a_server_error(client, settings_for_bots, addresses, data):
    path = data.draw(st.sampled_from(addresses), label="path")
    query = data.draw(
        st.dictionaries(
            st.sampled_from(PARAMETERS) | st.text(min_size=1, max_size=8),
            st.sampled_from(HOSTILE) | st.text(max_size=40),
            max_size=4,
        ),
        label="query",
    )
    response = client.get(path, query, HTTP_HOST="lagesbild.example.se", secure=True)
    # oEmbed's own answer to a format it does not offer is 501 (oEmbed 1.0, section 2.3.4).
    unsupported_format = path == "/api/oembed/" and query.get("format", "json") != "json"
    assert response.status_code < 500 or (unsupported_format and response.status_code == 501), (
        path,
        query,
        response.status_code,
    )


@pytest.fixture
def settings_for_bots(settings):
    """The API's throttle off: a bot's 429 would hide the answers this test is about."""
    settings.LAGESBILD_THROTTLE_RATE = "off"
    settings.DEBUG = False
    return settings
