"""The real sample report, imported as an editor would, read back through the API field by field.

The sample lives outside the project (../shared/samples/, CI has it); its sentences are never
copied here. The expected values are read from the sample file itself by the small, independent
reading below (blocks separated by blank lines; "- " bullets nested by leading spaces), so the API
is compared with the text an editor wrote, not with the importer's own idea of it.
"""

import html
import re

import pytest
from bs4 import BeautifulSoup

from rapport_blocks.importing import import_report

pytestmark = pytest.mark.django_db

INLINE_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
DATED = re.compile(r"(\d{1,2})/(\d{1,2}): ")


def blocks(text: str) -> list[list[str]]:
    found, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line.rstrip())
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


def is_list(block) -> bool:
    return all(line.lstrip().startswith("- ") for line in block)


def bullet_tree(lines: list[str]) -> list[dict]:
    """[{"text", "children"}] from "- " lines, one leading space per level."""
    root: list[dict] = []
    stack: list[tuple[int, list]] = [(-1, root)]
    for line in lines:
        level = len(line) - len(line.lstrip())
        while stack[-1][0] >= level:
            stack.pop()
        item = {"text": INLINE_LINK.sub(r"\1", line.strip()[2:]), "children": []}
        stack[-1][1].append(item)
        stack.append((level, item["children"]))
    return root


def sections_of(text: str) -> list[tuple[str, list[list[str]]]]:
    """(heading, blocks): a heading line, then one bullet list, or paragraphs to the end."""
    found = blocks(text)[2:]  # the title and "Sammanställd: ..."
    sections, i = [], 0
    while i < len(found):
        heading = found[i][0]
        if is_list(found[i + 1]):
            sections.append((heading, [found[i + 1]]))
            i += 2
        else:
            sections.append((heading, found[i + 1 :]))
            i = len(found)
    return sections


def plain(markup: str) -> str:
    return html.unescape(BeautifulSoup(markup, "html.parser").get_text())


def api_tree(items: list[dict]) -> list[dict]:
    return [{"text": plain(item["html"]), "children": api_tree(item["children"])} for item in items]


@pytest.fixture
def sample_report(sample_path, series, client):
    text = sample_path.read_text(encoding="utf-8")
    result = import_report(text, filename=str(sample_path), series_slug=series.slug, publish=True)
    response = client.get("/api/lagesbild/latest/")
    assert response.status_code == 200
    return text, result.page, response.json()


def test_the_report_fields(sample_report):
    text, page, data = sample_report
    title = next(line.strip() for line in text.splitlines() if line.strip())
    assert data["id"] == page.pk
    assert data["title"] == title
    assert data["compiled_at"] == "2025-05-27T08:30:00+02:00"
    assert data["next_expected_at"] is None
    assert data["number"] == 1
    assert data["url"] == "http://testserver/lagesbild/2025-05-27/"
    assert data["series"] == {
        "slug": "lagesbild",
        "title": "Lägesbild vårdinformationssystem",
        "url": "http://testserver/lagesbild/",
    }


def test_eight_sections_of_the_right_kinds_under_the_samples_headings(sample_report):
    text, _page, data = sample_report
    assert [section["type"] for section in data["sections"]] == [
        "bullets",
        "bullets",
        "bullets",
        "actions",
        "links",
        "bullets",
        "people",
        "text",
    ]
    assert [section["heading"] for section in data["sections"]] == [
        heading for heading, _ in sections_of(text)
    ]


def test_bullets_keep_every_text_and_its_nesting(sample_report):
    text, _page, data = sample_report
    expected = [bullet_tree(content[0]) for _heading, content in sections_of(text)]
    for index, section in enumerate(data["sections"]):
        if section["type"] == "bullets":
            assert api_tree(section["items"]) == expected[index], section["heading"]
    first = data["sections"][0]["items"]
    assert [len(item["children"]) for item in first[:2]] == [2, 3]


def test_actions_are_dated_and_titled_and_placeholders_have_no_url(sample_report):
    text, _page, data = sample_report
    actions = data["sections"][3]["items"]
    lines = sections_of(text)[3][1][0]
    assert [item["date"] for item in actions] == ["2025-05-27", "2025-05-20"]
    assert [item["title"] for item in actions] == [INLINE_LINK.search(line).group(1) for line in lines]
    assert [item["url"] for item in actions] == ["", ""]  # "(#)": written, but no target yet


def test_five_links_with_their_titles(sample_report):
    text, _page, data = sample_report
    links = data["sections"][4]["items"]
    lines = sections_of(text)[4][1][0]
    assert len(links) == 5
    assert [link["title"] for link in links] == [INLINE_LINK.search(line).group(1) for line in lines]
    assert all(set(link) == {"anchor", "title", "url", "change"} and link["url"] == "" for link in links)
    assert all(link["anchor"].startswith("lank-") for link in links)


def test_two_people_with_name_and_role(sample_report):
    text, _page, data = sample_report
    lines = sections_of(text)[6][1][0]
    expected = [line.strip()[2:].split(", ", 1) for line in lines]
    assert data["sections"][6]["items"] == [
        {"name": name, "role": role, "email": "", "phone": ""} for name, role in expected
    ]
    assert len(expected) == 2


def test_the_text_section_holds_the_paragraphs(sample_report):
    text, _page, data = sample_report
    paragraphs = [" ".join(block) for block in sections_of(text)[7][1]]
    soup = BeautifulSoup(data["sections"][7]["html"], "html.parser")
    assert [p.get_text() for p in soup.find_all("p")] == paragraphs


def test_the_answer_has_no_wagtail_markup(sample_report, client):
    raw = client.get("/api/lagesbild/latest/").content.decode()
    assert "linktype" not in raw and "data-block-key" not in raw
