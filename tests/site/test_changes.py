"""Readers see what changed since the previous report: each bullet, action and link new, changed or not."""

import copy

import pytest

from rapport_blocks.rules import changes
from rapport_blocks.rules.presentation import present
from tests.conftest import DEMO_ADDED, DEMO_REMOVED, DEMO_REWORDED, DEMO_UNTOUCHED
from tests.factories import actions, bullets, links, stockholm

BASE = "https://lagesbild.example.se"


def bullet(html, *children):
    return {"html": html, "children": list(children)}


def report(*sections, id=1):
    return {"id": id, "sections": list(sections)}


def bullet_section(*items, heading="Läget"):
    return {"type": "bullets", "heading": heading, "items": list(items)}


def find(items, text):
    """The presented bullet whose text is `text`, at any depth."""
    for item in items:
        if changes.plain_text(item["html"]) == text:
            return item
        found = find(item["children"], text)
        if found:
            return found
    return None


def all_bullets(data):
    return [item for section in data["sections"] if section["type"] == "bullets" for item in section["items"]]


# The demo report against an edited copy


@pytest.mark.django_db
def test_the_demo_draft_marks_added_reworded_untouched_and_counts_removed(demo_reports, demo_next_draft):
    previous = demo_reports["2026-11-24"]
    data = present(demo_next_draft, base_url=BASE)
    items = all_bullets(data)

    assert find(items, DEMO_ADDED)["change"] == "new"
    assert find(items, DEMO_REWORDED[1])["change"] == "changed"
    assert find(items, DEMO_UNTOUCHED)["change"] is None
    assert find(items, DEMO_REMOVED) is None
    # Nested bullets are compared too, and untouched ones stay unmarked.
    assert find(items, "läkemedel och remisser,")["change"] is None
    assert data["changes"] == {"new": 1, "changed": 1, "removed": 1, "compared_with": previous.pk}
    for section in data["sections"]:
        if section["type"] in ("actions", "links"):
            assert all(item["change"] is None for item in section["items"])


@pytest.mark.django_db
def test_the_first_report_of_the_series_is_compared_with_nothing(demo_reports):
    first = demo_reports["2026-11-17"]
    data = present(first, base_url=BASE)

    assert data["changes"] == {"new": 0, "changed": 0, "removed": 0, "compared_with": None}

    def markers(items):
        for item in items:
            yield item["change"]
            yield from markers(item.get("children", []))

    found = [
        m
        for section in data["sections"]
        if "items" in section and section["type"] != "people"
        for m in markers(section["items"])
    ]
    assert found and set(found) == {None}


@pytest.mark.django_db
def test_the_second_demo_report_is_compared_with_the_first(demo_reports):
    """The demo's week: three rewordings, a new bullet, a removed one and a new dated action."""
    data = present(demo_reports["2026-11-24"], base_url=BASE)
    items = all_bullets(data)

    assert data["changes"] == {
        "new": 2,
        "changed": 3,
        "removed": 1,
        "compared_with": demo_reports["2026-11-17"].pk,
    }
    # "… en fråga från lokalmedia …" became "… två frågor …": changed, not new.
    assert (
        find(
            items, "Medieintresset är fortsatt lågt; två frågor från lokalmedia har besvarats under veckan."
        )["change"]
        == "changed"
    )
    assert find(items, "Beslut om upphandling väntas under våren 2027.")["change"] == "changed"
    assert find(items, "Synpunkterna från vården är avgörande för kravställningen.")["change"] == "new"
    untouched = "Samordningsgruppen ska säkerställa att Region Exempel har ett säkert och ändamålsenligt "
    untouched += "journalsystem."
    assert find(items, untouched)["change"] is None
    assert find(items, "läkemedel och remisser,")["change"] is None
    assert find(items, "Det sista sjukhusbesöket görs på torsdag på Norra länssjukhuset.") is None  # removed
    actions = next(s for s in data["sections"] if s["type"] == "actions")["items"]
    assert [a["change"] for a in actions] == ["new", None, None]


@pytest.mark.django_db
def test_people_and_text_are_not_marked(demo_reports):
    data = present(demo_reports["2026-11-24"], base_url=BASE)
    for section in data["sections"]:
        if section["type"] == "people":
            assert all("change" not in person for person in section["items"])
        if section["type"] == "text":
            assert "change" not in section


@pytest.mark.django_db
def test_a_draft_is_compared_with_the_published_report_not_a_newer_draft(make_report):
    first = make_report(compiled_at=stockholm(2026, 11, 17), body=[bullets(html="<ul><li>A punkt</li></ul>")])
    make_report(
        compiled_at=stockholm(2026, 11, 24), body=[bullets(html="<ul><li>Utkast</li></ul>")], publish=False
    )
    latest = make_report(
        compiled_at=stockholm(2026, 11, 24, 9), body=[bullets(html="<ul><li>A punkt</li></ul>")]
    )

    assert changes.previous_report(latest) == first
    assert present(latest, base_url=BASE)["changes"]["compared_with"] == first.pk


@pytest.mark.django_db
def test_actions_and_links_compare_by_their_presented_title_date_and_address(make_report):
    day = stockholm(2026, 11, 17).date()
    make_report(
        compiled_at=stockholm(2026, 11, 17),
        body=[
            actions(
                items=[
                    (day, "Artikel om tidplanen", "https://example.se/a"),
                    (day, "Gammal", "https://example.se/g"),
                ]
            ),
            links(
                items=[("Intranätet", "https://intranat.example.se/"), ("Tidplan", "https://example.se/t")]
            ),
        ],
    )
    current = make_report(
        compiled_at=stockholm(2026, 11, 24),
        body=[
            actions(
                items=[
                    (day, "Artikel om tidplanen", "https://example.se/a"),
                    (day, "Ny artikel", "https://example.se/n"),
                ]
            ),
            links(
                items=[("Intranätet", "https://intranat.example.se/ny"), ("Tidplan", "https://example.se/t")]
            ),
        ],
    )
    data = present(current, base_url=BASE)
    action_items, link_items = data["sections"][0]["items"], data["sections"][1]["items"]

    assert [a["change"] for a in action_items] == [None, "new"]
    assert [link["change"] for link in link_items] == ["changed", None]  # same title, new address
    assert data["changes"] == {
        "new": 1,
        "changed": 1,
        "removed": 1,
        "compared_with": data["changes"]["compared_with"],
    }


# The pairing rules, on presented data


def test_a_reworded_bullet_is_changed_not_removed_and_new():
    old = report(
        bullet_section(bullet("Tidplanen presenteras i januari."), bullet("Inget beslut är fattat."))
    )
    new = report(
        bullet_section(bullet("Inget beslut är fattat."), bullet("Tidplanen presenteras i februari."))
    )

    summary = changes.mark(new, old)

    assert [item["change"] for item in new["sections"][0]["items"]] == [None, "changed"]
    assert summary == {"new": 0, "changed": 1, "removed": 0, "compared_with": 1}


def test_a_short_phrase_is_not_taken_for_a_long_sentence_sharing_two_of_its_words():
    old = report(
        bullet_section(bullet("Kravställningen för läkemedelshantering och remisser har påbörjats."))
    )
    new = report(bullet_section(bullet("läkemedel och remisser,")))

    assert changes.mark(new, old) == {"new": 1, "changed": 0, "removed": 1, "compared_with": 1}


def test_an_unrelated_sentence_is_new_and_the_old_one_removed():
    old = report(bullet_section(bullet("Medieintresset är lågt.")))
    new = report(bullet_section(bullet("Referensgruppen har haft sitt första möte.")))

    assert changes.mark(new, old) == {"new": 1, "changed": 0, "removed": 1, "compared_with": 1}
    assert new["sections"][0]["items"][0]["change"] == "new"


def test_case_spacing_and_a_final_full_stop_are_no_change():
    old = report(bullet_section(bullet("Mötet  hålls <b>i dag</b>.")))
    new = report(bullet_section(bullet("mötet hålls i dag")))

    changes.mark(new, old)

    assert new["sections"][0]["items"][0]["change"] is None


def test_a_changed_link_inside_a_bullet_is_a_change():
    old = report(bullet_section(bullet('Se <a href="https://example.se/a">planen</a>.')))
    new = report(bullet_section(bullet('Se <a href="https://example.se/b">planen</a>.')))

    changes.mark(new, old)

    assert new["sections"][0]["items"][0]["change"] == "changed"


def test_a_bullet_moved_to_another_section_or_level_is_not_news():
    old = report(
        bullet_section(bullet("Första", bullet("Undre punkt"))), bullet_section(bullet("Andra"), heading="B")
    )
    new = report(
        bullet_section(bullet("Första")), bullet_section(bullet("Andra", bullet("Undre punkt")), heading="B")
    )

    assert changes.mark(new, old)["new"] == 0
    assert new["sections"][1]["items"][0]["children"][0]["change"] is None


def test_each_previous_item_pairs_with_one_item_at_most():
    old = report(bullet_section(bullet("Tidplanen presenteras i januari.")))
    new = report(
        bullet_section(bullet("Tidplanen presenteras i februari."), bullet("Tidplanen presenteras i mars."))
    )

    summary = changes.mark(new, old)

    assert [item["change"] for item in new["sections"][0]["items"]] == ["changed", "new"]
    assert summary["removed"] == 0


def test_the_same_reports_always_give_the_same_markers():
    old = report(
        bullet_section(*(bullet(f"Punkt nummer {n} om tidplanen.") for n in range(12))),
    )
    new_items = [bullet(f"Punkt nummer {n} om tidplanen!") for n in (3, 1, 4, 1, 5, 9, 2, 6)]
    new = report(bullet_section(*new_items))

    results = set()
    for _ in range(5):
        candidate = copy.deepcopy(new)
        summary = changes.mark(candidate, copy.deepcopy(old))
        results.add(repr((summary, candidate)))
    assert len(results) == 1


def test_word_diff_marks_only_the_changed_words():
    old_html, new_html = changes.word_diff("två frågor <besvarade>", "tre frågor <besvarade>")

    assert old_html == "<del>två</del> frågor &lt;besvarade&gt;"
    assert new_html == "<ins>tre</ins> frågor &lt;besvarade&gt;"
