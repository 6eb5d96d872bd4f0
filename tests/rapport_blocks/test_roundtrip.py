"""import(export(page)) gives the same report: content, internal links, shared snippets."""

import datetime as dt

import pytest

from rapport_blocks import importing
from rapport_blocks.exporting import ReportReader, export_report
from rapport_blocks.models import LinkCollection, Person, RapportPage
from tests import factories
from tests.factories import stockholm

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def without_ids(data):
    if isinstance(data, dict):
        return {key: without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    return data


def reimport(page, series) -> tuple[str, RapportPage]:
    text = export_report(page).text
    result = importing.import_report(text, filename="export.txt", series_slug=series.slug)
    return text, RapportPage.objects.get(pk=result.page.pk).get_latest_revision_as_object()


def test_sample_round_trip_gives_the_same_stream(sample_path, series):
    first = importing.import_report(sample_path.read_bytes(), filename="sample.txt", publish=True).page
    text, second = reimport(first, series)
    assert without_ids(list(second.body.raw_data)) == without_ids(list(first.body.raw_data))
    assert (second.title, second.compiled_at) == (first.title, first.compiled_at)
    assert Person.objects.count() == 2  # the second import reused both people
    assert export_report(second).text == text


@pytest.fixture
def rich_report(series, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    target_page = factories.make_report(
        series=series, title="Förra veckans rapport", compiled_at=stockholm(2025, 5, 20)
    )
    document = factories.make_document()
    collection = LinkCollection.objects.create(
        name="Samlad information",
        links=[
            {
                "type": "link",
                "value": {"title": "Intranätet", "target": factories.url_target("https://intra.example.se/")},
            },
            {
                "type": "link",
                "value": {
                    "title": "Förra rapporten",
                    "target": {"page": target_page.pk, "document": None, "url": ""},
                },
            },
            {
                "type": "link",
                "value": {
                    "title": "Underlaget",
                    "target": {"page": None, "document": document.pk, "url": ""},
                },
            },
        ],
    )
    person = factories.make_person(name="Eva Ek", role="driftchef", email="eva.ek@example.se")
    page_link = f'<a linktype="page" id="{target_page.pk}">förra rapporten</a>'
    doc_link = f'<a linktype="document" id="{document.pk}"><i>underlaget</i></a>'
    body = [
        factories.bullets(
            heading="Läget",
            html=(
                f"<ul><li>Se {page_link} och <b>läs</b> <i>noga</i>: 3 &lt; 4 &amp; 5 &gt; 2"
                f"<ul><li>Beslut i {doc_link}"
                "<ul><li>Tredje <b><i>nivån</i></b> [inte en länk] *stjärna*</li></ul></li></ul>"
                "</li><li>1/2: ser ut som ett datum</li></ul>"
            ),
        ),
        {
            "type": "actions",
            "value": {
                "heading": "Åtgärder",
                "items": [
                    {
                        "date": "2025-06-02",
                        "title": "Nyhet",
                        "target": {"page": target_page.pk, "document": None, "url": ""},
                    },
                    {
                        "date": "2025-05-30",
                        "title": "Underlag",
                        "target": {"page": None, "document": document.pk, "url": ""},
                    },
                    {
                        "date": "2025-05-29",
                        "title": "Utan länk",
                        "target": {"page": None, "document": None, "url": ""},
                    },
                ],
            },
        },
        factories.links(heading="Samlad information", collection=collection),
        factories.people(heading="Talespersoner", persons=[person]),
        factories.text(heading="Om rapporten", html="<p>Första <b>stycket</b>.</p><p>Andra stycket.</p>"),
        factories.text(heading="Kontakt", html=f"<p>Skriv till {page_link}.</p>"),
    ]
    page = factories.make_report(
        series=series,
        title="Lägesbild juni",
        compiled_at=stockholm(2025, 6, 3),
        next_expected_at=stockholm(2025, 6, 10, 9, 0),
        body=body,
    )
    return page, target_page, document, collection, person


def test_round_trip_keeps_internal_links_snippets_marks_and_two_text_sections(rich_report, series):
    page, target_page, document, collection, person = rich_report
    text, again = reimport(page, series)

    assert ReportReader(again).report() == ReportReader(page).report()
    assert again.next_expected_at == stockholm(2025, 6, 10, 9, 0)
    kinds = [child.block_type for child in again.body]
    assert kinds == ["bullets", "actions", "links", "people", "text", "text"]
    bullets = again.body[0].value["bullets"].source
    assert f'<a linktype="page" id="{target_page.pk}">' in bullets
    assert f'<a linktype="document" id="{document.pk}"><i>underlaget</i></a>' in bullets
    assert "3 &lt; 4 &amp; 5 &gt; 2" in bullets
    actions = again.body[1].value["items"]
    assert [item["target"].kind for item in actions] == ["page", "document", ""]
    assert actions[0]["target"]["page"].pk == target_page.pk
    assert [item["date"] for item in actions] == [
        dt.date(2025, 6, 2),
        dt.date(2025, 5, 30),
        dt.date(2025, 5, 29),
    ]
    assert again.body[2].value["collection"].pk == collection.pk
    assert [p.pk for p in again.body[3].value["people"]] == [person.pk]
    assert f'<a linktype="page" id="{target_page.pk}">' in again.body[5].value["text"].source


def test_export_text_reads_well(rich_report):
    page, target_page, document, _, _ = rich_report
    text = export_report(page).text
    assert f"[förra rapporten]({target_page.full_url})" in text
    assert f"[*underlaget*](http://localhost{document.url})" in text
    assert "3 < 4 & 5 > 2" in text
    assert "\\[inte en länk\\] \\*stjärna\\*" in text
    assert "- 1\\/2: ser ut som ett datum" in text
    assert "\n# Kontakt\n" in text and "\nOm rapporten\n" in text
    assert "- Eva Ek, driftchef, eva.ek@example.se" in text


def test_links_that_differ_from_every_collection_import_inline(rich_report, series):
    page, _, _, collection, _ = rich_report
    text = export_report(page).text.replace("[Intranätet]", "[Intranätet i dag]")
    again = importing.import_report(text, filename="x.txt", series_slug=series.slug).page
    links = again.get_latest_revision_as_object().body[2].value
    assert links["collection"] is None and [link["title"] for link in links["links"]][0] == "Intranätet i dag"


def test_export_of_a_revision_and_of_the_latest_draft(series):
    page = factories.make_report(series=series, body=[factories.bullets(html="<ul><li>Publicerad</li></ul>")])
    draft = RapportPage.objects.get(pk=page.pk)
    draft.body = [factories.bullets(html="<ul><li>Utkast</li></ul>")]
    draft.save_revision()
    page = RapportPage.objects.get(pk=page.pk)
    assert "- Publicerad" in export_report(page).text
    assert "- Utkast" in export_report(page, latest=True).text
    assert "- Publicerad" in export_report(page, revision=page.revisions.order_by("pk").first()).text


def test_export_warns_where_the_text_would_not_import_the_same(series):
    body = [
        factories.people(heading="Kontakt", persons=[factories.make_person()]),
        factories.bullets(html='<ul><li><a href="https://example.se/">Bara en länk</a></li></ul>'),
    ]
    page = factories.make_report(series=series, body=body)
    warnings = export_report(page).warnings
    assert len(warnings) == 2
    assert "Kontakt" in warnings[0] and "Sammanfattning" in warnings[1]


def test_round_trip_keeps_mailing_only_sections(series):
    """“[Endast utskick]” after a heading marks a section for the e-mail only, and comes back."""
    mailing = factories.text(heading="Ledningens bedömning", html="<p>Budgeten är ansträngd.</p>")
    mailing["value"]["audience"] = "mailing"
    bullets = factories.bullets(heading="Läget [Endast utskick]", html="<ul><li>Rubriken slutar så</li></ul>")
    page = factories.make_report(series=series, body=[bullets, mailing, factories.text()])
    text, again = reimport(page, series)

    assert "Ledningens bedömning [Endast utskick]\n" in text
    assert "Läget \\[Endast utskick]\n" in text  # a heading that only ends with the words, escaped
    assert [child.value["audience"] for child in again.body] == ["all", "mailing", "all"]
    assert [child.value["heading"] for child in again.body] == [
        "Läget [Endast utskick]",
        "Ledningens bedömning",
        "Om rapporten",
    ]
    assert ReportReader(again).report() == ReportReader(page).report()
    assert export_report(again).text == text
