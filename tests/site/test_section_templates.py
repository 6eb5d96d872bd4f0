"""One template per section kind, shared by the report page and the iframe page: a site restyles
one kind by putting that one template in its own templates folder."""

import pytest
from bs4 import BeautifulSoup

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_links_template(settings, tmp_path):
    folder = tmp_path / "rapport_blocks" / "sections"
    folder.mkdir(parents=True)
    (folder / "links.html").write_text(
        '<ol class="intranat-lankar">'
        "{% for item in section.items %}<li>{{ item.title }}</li>{% endfor %}</ol>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]


def test_a_site_overrides_one_section_kind_on_the_page_and_in_the_iframe(
    client, make_report, own_links_template
):
    report = make_report(
        body=[
            factories.bullets(heading="Sammanfattning", html="<ul><li>Läget är stabilt</li></ul>"),
            factories.links(heading="Länkar", items=[("Driftinformation", "https://example.se/drift")]),
        ]
    )
    for url in (report.url, f"/embed/lagesbild/{report.pk}/?sections=all"):
        page = BeautifulSoup(client.get(url).content, "html.parser")
        links = page.select_one("section.rapport-section--links")
        assert [li.get_text() for li in links.select("ol.intranat-lankar > li")] == ["Driftinformation"], url
        # The other kinds keep the plugin's own template.
        bullets = page.select_one("section.rapport-section--bullets")
        assert [li.get_text() for li in bullets.select("ul > li")] == ["Läget är stabilt"], url


def test_the_embed_and_the_page_draw_a_section_with_the_same_markup(client, make_report):
    person = factories.make_person(name="Anna Berg", email="anna.berg@example.se", phone="010-123 45 67")
    report = make_report(body=[factories.people(heading="Kontakt", persons=[person])])
    page = BeautifulSoup(client.get(report.url).content, "html.parser")
    frame = BeautifulSoup(client.get(f"/embed/lagesbild/{report.pk}/").content, "html.parser")
    on_page = page.select_one("section.rapport-section--people")
    in_frame = frame.select_one("section.rapport-section--people")
    assert on_page is not None and "Anna Berg" in on_page.get_text()
    # The same markup, but that the frame's heading links to the section on the report page.
    link = in_frame.h2.a
    assert link["href"] == f"http://testserver{report.url}#{on_page['id']}"
    link.unwrap()
    assert str(on_page) == str(in_frame)
