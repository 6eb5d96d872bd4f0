"""Properties of the change marker (rapport_blocks/rules/changes.py) over generated presented reports.

Deterministic: the same two reports always give the same markers. A report compared with itself
marks nothing. An item added to a report is marked new and nothing else is; one reworded (a
word of a sentence swapped) is marked changed and nothing else is.
"""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport_blocks.rules import changes
from tests.site.figures import record

WORDS = (
    "införandet pausas vårdcentraler inloggningen utbildningen styrgruppen leverantören avgifterna "
    "remisserna läkemedelslistorna pilotenheterna journalen kommunikationen medarbetarna regionen "
    "beslutet veckan torsdag fredag mötet planen felen rättas startar fortsätter stoppas ökar minskar"
).split()
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=5, max_size=12).map(" ".join)
MARKUP = st.sampled_from(["{}", "<b>{}</b>", "{} <i>nu</i>", '<a href="https://example.se/x">{}</a>'])
URL = st.sampled_from(["https://example.se/a", "https://example.se/b", "mailto:a@example.se", ""])
DATE = st.dates().map(lambda day: day.isoformat())


@st.composite
def bullet(draw, depth=0):
    html = draw(MARKUP).format(draw(SENTENCE))
    children = draw(st.lists(bullet(depth=depth + 1), max_size=2)) if depth < 2 else []
    return {"html": html, "children": children}


SECTION = st.one_of(
    st.builds(
        lambda items: {"type": "bullets", "heading": "Läget", "items": items}, st.lists(bullet(), max_size=4)
    ),
    st.builds(
        lambda items: {"type": "actions", "heading": "Åtgärder", "items": items},
        st.lists(st.fixed_dictionaries({"date": DATE, "title": SENTENCE, "url": URL}), max_size=3),
    ),
    st.builds(
        lambda items: {"type": "links", "heading": "Länkar", "items": items},
        st.lists(st.fixed_dictionaries({"title": SENTENCE, "url": URL}), max_size=3),
    ),
    st.just({"type": "text", "heading": "Om rapporten", "html": "<p>Ett stycke.</p>"}),
)
REPORT = st.builds(lambda sections: {"id": 1, "sections": sections}, st.lists(SECTION, max_size=5))

EXAMPLES = 300
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RUNS: dict = {}


def counted(name):
    RUNS[name] = RUNS.get(name, 0) + 1
    record("property-figures", "change marker", dict(RUNS))


def markers(report: dict) -> list:
    """Every marked item's `change`, in document order."""
    return [item.data.get("change") for items in changes.items_of(report).values() for item in items]


def marked(report, previous):
    report, previous = copy.deepcopy(report), copy.deepcopy(previous)
    summary = changes.mark(report, previous)
    return report, summary


@PROPERTY
@given(REPORT, REPORT)
def test_the_same_two_reports_always_give_the_same_markers(report, previous):
    counted("deterministic")
    first, first_summary = marked(report, previous)
    second, second_summary = marked(report, previous)
    assert first == second and first_summary == second_summary


@PROPERTY
@given(REPORT)
def test_a_report_compared_with_itself_marks_nothing(report):
    counted("compared with itself")
    same, summary = marked(report, report)
    assert all(change is None for change in markers(same))
    assert (summary["new"], summary["changed"], summary["removed"]) == (0, 0, 0)


def all_bullet_lists(report):
    """Every list of bullets in the report (sections' items and every bullet's children)."""
    found = []

    def walk(items):
        found.append(items)
        for item in items:
            walk(item["children"])

    for section in report["sections"]:
        if section["type"] == "bullets":
            walk(section["items"])
    return found


@PROPERTY
@given(REPORT, st.data())
def test_an_added_bullet_is_new_and_nothing_else_is_marked(previous, data):
    counted("an added bullet is new")
    report = copy.deepcopy(previous)
    added = {"html": "Ett nyhetsbrev till alla chefer skickas ut på fredag", "children": []}
    lists = all_bullet_lists(report)
    if lists:
        target = data.draw(st.sampled_from(lists))
        target.insert(data.draw(st.integers(0, len(target))), added)
    else:
        report["sections"].append({"type": "bullets", "heading": "Nytt", "items": [added]})
    result, summary = marked(report, previous)
    assert [change for change in markers(result) if change] == ["new"]
    (new,) = [
        item for items in changes.items_of(result).values() for item in items if item.data.get("change")
    ]
    assert new.text == added["html"]
    assert (summary["new"], summary["changed"], summary["removed"]) == (1, 0, 0)


@PROPERTY
@given(REPORT, st.data())
def test_a_reworded_bullet_is_changed_and_nothing_else_is_marked(previous, data):
    counted("a reworded bullet is changed")
    report = copy.deepcopy(previous)
    sentence = " ".join(data.draw(st.lists(st.sampled_from(WORDS), min_size=6, max_size=12)))
    original = {"html": sentence, "children": []}
    # The previous report holds the sentence; this one has it with one word swapped for another.
    lists = all_bullet_lists(previous)
    if lists:
        target = data.draw(st.sampled_from(lists))
        position = data.draw(st.integers(0, len(target)))
        target.insert(position, original)
        words = sentence.split()
        index = data.draw(st.integers(0, len(words) - 1))
        words[index] = "tisdag" if words[index] != "tisdag" else "onsdag"  # not in WORDS
        report = copy.deepcopy(previous)
        reworded_lists = all_bullet_lists(report)
        reworded_lists[next(i for i, found in enumerate(lists) if found is target)][position]["html"] = (
            " ".join(words)
        )
        reworded = " ".join(words)
    else:
        previous = {
            **previous,
            "sections": [*previous["sections"], {"type": "bullets", "heading": "Läget", "items": [original]}],
        }
        reworded = sentence + " och tisdag"
        report["sections"].append(
            {"type": "bullets", "heading": "Läget", "items": [{"html": reworded, "children": []}]}
        )
    result, summary = marked(report, previous)
    changed = [
        item for items in changes.items_of(result).values() for item in items if item.data.get("change")
    ]
    assert [(item.text, item.data["change"]) for item in changed] == [(reworded, "changed")]
    assert (summary["new"], summary["changed"], summary["removed"]) == (0, 1, 0)
