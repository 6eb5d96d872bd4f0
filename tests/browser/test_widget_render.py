"""The widget on an intranet page of another origin shows the latest report as the API gives it."""

import re

from bs4 import BeautifulSoup

from rapport_blocks.importing import import_report
from tests.browser.conftest import bullet_tree, host_page, shadow_text, wait_for_state


def _tree(items) -> list:
    """The presented bullets as [text, [children...]]: what a reader sees, whatever the markup."""
    return [
        [
            re.sub(r"\s+", " ", BeautifulSoup(item["html"], "html.parser").get_text()).strip(),
            _tree(item["children"]),
        ]
        for item in items
    ]


def test_the_samples_first_section_is_shown_with_its_nesting(page, cms, intranet, series, sample_path):
    report = import_report(
        sample_path.read_text(encoding="utf-8"),
        filename=sample_path.name,
        series_slug=series.slug,
        publish=True,
    ).page
    data = page.request.get(cms.api).json()
    assert data["id"] == report.pk
    first = data["sections"][0]

    page.goto(intranet.add("/", host_page(cms.script() + cms.widget())))
    wait_for_state(page, "report")

    assert bullet_tree(page) == _tree(first["items"])
    assert any(children for _, children in bullet_tree(page)), "the sample's first section is nested"
    widget = page.locator("lagesbild-widget")
    assert widget.locator("[part=title]").inner_text() == data["title"]
    assert widget.locator("[part=section-heading]").all_inner_texts() == [first["heading"]]
    # Swedish date and time in Stockholm, though this visitor's clock is in New York.
    assert widget.locator("[part=meta]").inner_text() == "Sammanställd 27 maj 2025 kl. 08:30"
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", shadow_text(page)), "no raw ISO timestamp"
    link = widget.locator("[part=link]")
    assert link.inner_text() == "Läs hela rapporten"
    assert link.get_attribute("href") == data["url"]
    assert page.get_by_role("link", name="Senaste lägesbilden").is_hidden(), "the fallback gives way"
    assert page.console_errors == []


def test_actions_links_people_and_text_keep_their_structure(page, cms, intranet, make_report):
    from tests import factories

    person = factories.make_person("Anna Andersson", "talesperson", email="anna@example.se", phone="010-123")
    make_report(
        body=[
            factories.actions(
                items=[(factories.stockholm(2025, 5, 20).date(), "En artikel", "https://example.se/a")]
            ),
            factories.links(items=[("Intranätet", "https://intranat.example.se/"), ("Ej klar", "#")]),
            factories.people(persons=[person]),
            factories.text(html='<p>Ett <b>stycke</b> med <a href="https://example.se/">länk</a>.</p>'),
        ]
    )
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget(sections="all"))))
    wait_for_state(page, "report")
    sections = page.locator("lagesbild-widget [part=section]")
    assert sections.count() == 4

    action = sections.nth(0).locator("li")
    assert action.inner_text() == "20 maj: En artikel"
    assert action.locator("time").get_attribute("datetime") == "2025-05-20"
    assert action.locator("a").get_attribute("href") == "https://example.se/a"

    links = sections.nth(1).locator("li")
    assert links.all_inner_texts() == ["Intranätet", "Ej klar"]
    assert links.nth(1).locator("a").count() == 0, "a placeholder link is shown as text"

    person_item = sections.nth(2).locator("li")
    assert person_item.inner_text() == "Anna Andersson, talesperson anna@example.se 010-123"
    assert person_item.locator("a").get_attribute("href") == "mailto:anna@example.se"

    text = sections.nth(3)
    assert text.locator("p b").inner_text() == "stycke"
    assert text.locator("p a").get_attribute("href") == "https://example.se/"


def test_loading_shows_a_skeleton_that_reserves_height(page, cms, intranet, make_report):
    make_report()
    page.route(cms.api, lambda route: None)  # the answer never comes
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget())))
    wait_for_state(page, "loading")
    skeleton = page.locator("lagesbild-widget [part=skeleton]")
    assert skeleton.bounding_box()["height"] >= 200
    assert page.locator("lagesbild-widget [part=region]").get_attribute("aria-busy") == "true"
    assert "Hämtar lägesbilden" in shadow_text(page)


def test_the_fallback_link_is_there_before_the_script_runs(page, cms, intranet, make_report):
    make_report()
    page.route(cms.widget_js, lambda route: route.abort())
    page.goto(intranet.add("/", host_page(cms.script() + cms.widget())))
    link = page.get_by_role("link", name="Senaste lägesbilden")
    assert link.is_visible()
    assert link.get_attribute("href") == cms.url + "/"
