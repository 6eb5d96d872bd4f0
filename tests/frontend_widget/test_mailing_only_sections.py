"""An "Endast utskick" section reaches the e-mail and the admin's previews, and no public output."""

import pytest
from wagtail.models import Page

from frontend_widget.mailing import message
from rapport_blocks.models import RapportPage
from tests import factories
from tests.factories import stockholm

pytestmark = pytest.mark.django_db

SECRET_HEADING = "Till ledningen"
SECRET = "Omorganisationen föreslås i mars"


@pytest.fixture
def report(series):
    secret = factories.bullets(heading=SECRET_HEADING, html=f"<ul><li>{SECRET}</li></ul>")
    secret["value"]["audience"] = "mailing"
    return factories.make_report(
        series=series,
        compiled_at=stockholm(2025, 5, 27),
        body=[
            factories.bullets(heading="Läget", html="<ul><li>Allt är lugnt</li></ul>"),
            secret,
            factories.text(),
        ],
    )


def assert_public(text: str):
    assert "Allt är lugnt" in text or "Regional rapport" in text
    assert SECRET not in text and SECRET_HEADING not in text


def test_absent_from_the_page_the_api_the_embed_oembed_and_the_feeds(client, series, report):
    urls = [
        report.url,
        series.url,
        "/api/lagesbild/latest/",
        f"/api/lagesbild/{report.pk}/",
        "/api/lagesbild/",
        "/embed/lagesbild/latest/?sections=all",
        f"/embed/lagesbild/{report.pk}/?sections=all",
        f"/api/oembed/?url=http://testserver{report.url}",
        f"/flode/{series.slug}/rss/",
        f"/flode/{series.slug}/atom/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_public(response.content.decode())
    # The widget renders what the API gives: its sections are the public ones, in order.
    sections = client.get("/api/lagesbild/latest/").json()["sections"]
    assert [section["heading"] for section in sections] == ["Läget", "Om rapporten"]
    assert all("mailing_only" not in section for section in sections)


def test_absent_from_search(report):
    assert list(RapportPage.objects.search("Allt lugnt")) == [report]
    assert list(RapportPage.objects.search("Omorganisationen")) == []
    assert list(Page.objects.search("Omorganisationen")) == []


def test_present_and_marked_in_the_admin_preview(report):
    preview = report.make_preview_request(preview_mode="").content.decode()
    assert SECRET in preview and SECRET_HEADING in preview
    assert "rapport-section--mailing-only" in preview
    assert "Endast utskick: visas inte på webbplatsen" in preview


def test_present_in_the_e_mail_preview_mode(report):
    assert ("email", "E-post") in [(mode, str(label)) for mode, label in report.preview_modes]
    preview = report.make_preview_request(preview_mode="email").content.decode()
    assert SECRET in preview and SECRET_HEADING in preview
    assert "Endast i utskicket" in preview
    assert preview == message.render_html(message.presented(report))  # exactly what is sent


def test_present_in_the_e_mail(report, mailbox):
    sent = message.Rendered(message.presented(report)).to("chef@example.se")
    sent.send()
    html = mailbox[0].alternatives[0][0]
    for part in (mailbox[0].body, html):
        assert SECRET in part and SECRET_HEADING in part and "Allt är lugnt" in part
