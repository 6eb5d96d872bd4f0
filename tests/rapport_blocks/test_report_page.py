"""The report page as a visitor (and a screen reader) gets it: semantic, Swedish, no script needed."""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

from rapport_blocks import importing
from rapport_blocks.blocks import ReportBodyBlock
from tests.factories import actions, bullets, links, make_person, people, stockholm, text

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NESTED = (
    "<ul><li>Ett<ul><li>Ett A<ul><li>Ett A i<ul><li>Ett A i x</li></ul></li></ul></li>"
    '<li>Ett B</li></ul></li><li>Två <b>fet</b> med <a href="https://example.se/">länk</a></li></ul>'
)


def tree(list_tag) -> list:
    """A rendered <ul> as [(own text, [children])], read the way assistive technology reads it."""
    items = []
    for li in list_tag.find_all("li", recursive=False):
        nested = li.find("ul", recursive=False)
        own = "".join(
            child.get_text() if hasattr(child, "get_text") else str(child)
            for child in li.children
            if child is not nested
        ).strip()
        items.append((own, tree(nested) if nested else []))
    return items


@pytest.fixture
def full_report(make_report):
    anna = make_person(
        name="Anna Andersson", role="presschef", email="anna@example.se", phone="010-123 45 67"
    )
    return make_report(
        title="Regional rapport",
        compiled_at=stockholm(2025, 5, 27, 8, 30),
        next_expected_at=stockholm(2025, 6, 3, 9, 0),
        body=[
            bullets(heading="Sammanfattande lägesbild", html=NESTED),
            actions(
                items=[
                    (dt.date(2025, 5, 27), "Nyhet på intranätet", "https://example.se/nyhet"),
                    (dt.date(2024, 12, 30), "Förra årets artikel", "#"),
                ]
            ),
            links(heading="Samlad information", items=[("Frågor och svar", "https://example.se/fragor")]),
            people(heading="Talespersoner", persons=[anna]),
            text(heading="Om rapporten", html="<p>Rapporten kommer <em>varje vecka</em>.</p>"),
        ],
    )


@pytest.fixture
def page(client, full_report):
    response = client.get(full_report.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_page_is_swedish_with_one_h1_and_an_h2_per_section(page):
    assert page.html["lang"] == "sv"
    assert [h1.get_text(strip=True) for h1 in page.find_all("h1")] == ["Regional rapport"]
    assert [h2.get_text(strip=True) for h2 in page.find_all("h2")] == [
        "Sammanfattande lägesbild",
        "Kommunikativa åtgärder",
        "Samlad information",
        "Talespersoner",
        "Om rapporten",
    ]


def test_number_and_dates_read_in_swedish(page):
    text_of_page = page.get_text(" ", strip=True)
    assert "Rapport nr 1" in text_of_page
    compiled = page.find("time", string="Sammanställd: 27 maj 2025 kl. 08:30")
    assert compiled["datetime"] == "2025-05-27T08:30:00+02:00"
    next_report = page.find("time", string="Nästa lägesbild: 3 juni 2025 kl. 09:00")
    assert next_report["datetime"] == "2025-06-03T09:00:00+02:00"


def test_bullets_are_real_nested_lists(page):
    section = page.find("h2", string="Sammanfattande lägesbild").find_parent("section")
    assert tree(section.find("ul")) == [
        ("Ett", [("Ett A", [("Ett A i", [("Ett A i x", [])])]), ("Ett B", [])]),
        ("Två fet med länk", []),
    ]
    assert section.find("b").get_text() == "fet"
    assert section.find("a")["href"] == "https://example.se/"


def test_actions_have_swedish_dates_and_links(page):
    section = page.find("h2", string="Kommunikativa åtgärder").find_parent("section")
    first, second = section.find_all("li")
    assert first.find("time")["datetime"] == "2025-05-27"
    assert first.find("time").get_text() == "27 maj"
    assert first.find("a")["href"] == "https://example.se/nyhet"
    # Another year than the report's shows the year; a placeholder target shows no link.
    assert second.find("time").get_text() == "30 december 2024"
    assert second.find("a") is None
    assert "Förra årets artikel" in second.get_text()


def test_links_and_people(page):
    links_section = page.find("h2", string="Samlad information").find_parent("section")
    assert [(a.get_text(), a["href"]) for a in links_section.find_all("a")] == [
        ("Frågor och svar", "https://example.se/fragor")
    ]
    person = page.find("h2", string="Talespersoner").find_parent("section").find("li")
    assert " ".join(person.get_text().split()) == (
        "Anna Andersson, presschef E-post: anna@example.se Telefon: 010-123 45 67"
    )
    assert [a["href"] for a in person.find_all("a")] == ["mailto:anna@example.se", "tel:0101234567"]


def test_text_section_and_the_way_back_to_the_series(page):
    section = page.find("h2", string="Om rapporten").find_parent("section")
    assert section.find("p").decode_contents() == "Rapporten kommer <em>varje vecka</em>."
    back = page.find("footer", class_="rapport-footer").find("a")
    assert back["href"] == "http://testserver/lagesbild/"
    assert "Lägesbild vårdinformationssystem" in back.get_text()


def test_readable_without_javascript_and_printable(page):
    assert page.find("script") is None
    assert page.find("main").find("article", class_="rapport")  # the site's skip link: tests/site
    print_css = page.find("link", rel="stylesheet", media="print")
    assert print_css["href"].endswith("rapport_blocks/css/print.css")
    assert finders.find("rapport_blocks/css/print.css")
    assert finders.find("rapport_blocks/css/rapport.css")


def test_the_page_shows_the_published_content_not_a_newer_draft(client, full_report):
    full_report.body = [text(heading="Utkast", html="<p>Inte klart.</p>")]
    full_report.save_revision()
    content = client.get(full_report.url).content.decode()
    assert "Sammanfattande lägesbild" in content
    assert "Inte klart." not in content


def test_preview_renders_the_draft_through_the_same_presentation(full_report):
    draft = full_report.get_latest_revision_as_object()
    draft.body = [text(heading="Utkast", html='<p>Nytt <a href="javascript:123">stycke</a>.</p>')]
    response = draft.make_preview_request()
    page = BeautifulSoup(response.rendered_content, "html.parser")
    assert page.find("h2").get_text() == "Utkast"
    assert page.find("section").find("p").decode_contents() == "Nytt stycke."


def test_block_preview_renders_through_the_presentation():
    bullet_block = ReportBodyBlock().child_blocks["bullets"]
    value = bullet_block.to_python(
        {
            "heading": "Läget",
            "bullets": '<ul><li data-block-key="a1">Ett<script>x</script><ul><li>Två</li></ul></li></ul>',
        }
    )
    html = BeautifulSoup(bullet_block.render(value), "html.parser")
    assert html.find("h2").get_text() == "Läget"
    assert tree(html.find("ul")) == [("Ett", [("Två", [])])]
    assert "data-block-key" not in str(html)
    assert html.find("script") is None


def sample_lines(path) -> list[tuple[int, str]]:
    """Every "- " line of the sample as (depth, what a reader sees), read straight from the file."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^( *)- (.*)$", line)
        if not match:
            continue
        text = re.sub(r"^\d{1,2}/\d{1,2}: ", "", match.group(2))  # an action's date, shown as <time>
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [title](url) shows its title
        lines.append((len(match.group(1)), " ".join(text.split())))
    return lines


def rendered_lines(page) -> list[tuple[int, str]]:
    lines = []

    def walk(items, depth):
        for own, children in items:
            lines.append((depth, " ".join(own.split())))
            walk(children, depth + 1)

    for section in page.find_all("section", class_="rapport-section"):
        if "rapport-section--bullets" in section["class"]:
            walk(tree(section.find("ul")), 0)
        elif "rapport-section--actions" in section["class"]:
            lines += [(0, " ".join(li.get_text().split(":", 1)[1].split())) for li in section.find_all("li")]
        elif "rapport-section--links" in section["class"]:
            lines += [(0, " ".join(li.get_text().split())) for li in section.find_all("li")]
        elif "rapport-section--people" in section["class"]:
            for li in section.find_all("li"):
                name = li.find(class_="rapport-people__name").get_text()
                lines.append((0, f"{name}, {li.find(class_='rapport-people__role').get_text()}"))
    return lines


def test_the_imported_sample_shows_every_bullet_in_order_with_its_nesting(client, series, sample_path):
    report = importing.import_report(sample_path.read_bytes(), filename=str(sample_path), publish=True).page
    page = BeautifulSoup(client.get(report.url).content, "html.parser")
    expected = sample_lines(sample_path)
    assert len(expected) > 25
    assert rendered_lines(page) == expected
    assert len(page.find_all("h2")) == 8
