"""The presented report: the JSON contract's shape, absolute public links, nothing internal."""

import datetime as dt
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

from rapport_blocks.conf import rapport_settings
from rapport_blocks.rules.presentation import present, present_section, report_base_url
from tests.factories import (
    actions,
    bullets,
    links,
    make_link_collection,
    make_person,
    make_series,
    people,
    stockholm,
    text,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BASE = "https://lagesbild.example.se"


def without_anchors(node):
    """`node` with each section's and item's anchor checked (there, well formed) and left out.

    The anchors are digests (tests/rapport_blocks/test_report_anchors.py): the rest compares as written.
    """
    if isinstance(node, list):
        return [without_anchors(child) for child in node]
    if isinstance(node, dict):
        if "change" in node or "heading" in node:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", node["anchor"] or ""), node
        return {key: without_anchors(value) for key, value in node.items() if key != "anchor"}
    return node


def as_json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def page_link(page, label="sidan") -> str:
    return f'<a linktype="page" id="{page.pk}">{label}</a>'


def target(page=None, document=None, url="") -> dict:
    return {"page": page.pk if page else None, "document": document.pk if document else None, "url": url}


@pytest.fixture
def document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return get_document_model().objects.create(
        title="Rutin", file=ContentFile(b"%PDF-1.4 demo", name="rutin.pdf")
    )


def test_report_fields_have_the_contracts_shape(make_report, series):
    report = make_report(
        compiled_at=stockholm(2025, 5, 27, 8, 30), next_expected_at=stockholm(2025, 6, 3, 9, 0)
    )
    presented = present(report, base_url=BASE)

    assert set(presented) == {
        "id",
        "title",
        "series",
        "number",
        "compiled_at",
        "next_expected_at",
        "last_published_at",
        "url",
        "pdf_url",
        "changes",
        "sections",
    }
    assert presented["id"] == report.pk
    assert presented["title"] == "Regional rapport"
    assert presented["number"] == 1
    assert presented["series"] == {
        "slug": "lagesbild",
        "title": "Lägesbild vårdinformationssystem",
        "url": f"{BASE}/lagesbild/",
    }
    assert presented["url"] == f"{BASE}/lagesbild/2025-05-27/"
    # Beside the page where the site serves PDFs (the delivery's view), else none.
    pdf = f"{BASE}/lagesbild/2025-05-27/pdf/" if rapport_settings.PDF_VIEW else ""
    assert presented["pdf_url"] == pdf
    encoded = json.loads(as_json(presented))
    assert encoded["compiled_at"] == "2025-05-27T08:30:00+02:00"
    assert encoded["next_expected_at"] == "2025-06-03T09:00:00+02:00"
    assert presented["last_published_at"] is not None
    assert str(presented["compiled_at"].tzinfo) == "Europe/Stockholm"


def test_unset_next_report_is_none(make_report):
    assert present(make_report(), base_url=BASE)["next_expected_at"] is None


def test_bullets_become_items_with_children_to_any_depth(make_report):
    html = (
        "<ul><li>Ett <b>fet</b><ul><li>Ett.ett<ul><li>Ett.ett.ett<ul><li>Fyra</li></ul></li></ul></li>"
        "<li>Ett.två</li></ul></li><li>Två</li></ul>"
    )
    section = present(make_report(body=[bullets(heading="Läget", html=html)]), base_url=BASE)["sections"][0]
    assert without_anchors(section) == {
        "type": "bullets",
        "heading": "Läget",
        "items": [
            {
                "html": "Ett <b>fet</b>",
                "change": None,
                "children": [
                    {
                        "html": "Ett.ett",
                        "change": None,
                        "children": [
                            {
                                "html": "Ett.ett.ett",
                                "change": None,
                                "children": [{"html": "Fyra", "change": None, "children": []}],
                            },
                        ],
                    },
                    {"html": "Ett.två", "change": None, "children": []},
                ],
            },
            {"html": "Två", "change": None, "children": []},
        ],
    }


def test_every_section_kind(make_report):
    anna = make_person(
        name="Anna Andersson", role="kommunikatör", email="anna@example.se", phone="010-123 45 67"
    )
    bo = make_person(name="Bo Berg", role="")
    report = make_report(
        body=[
            actions(
                items=[
                    (dt.date(2025, 5, 27), "Artikel", "https://example.se/a"),
                    (dt.date(2024, 12, 30), "Plats", "#"),
                ]
            ),
            links(heading="Länkar", items=[("Intranätet", "https://intranat.example.se/")]),
            people(persons=[anna, bo]),
            text(html="<p>Om <em>rapporten</em>.</p>"),
        ]
    )
    sections = present(report, base_url=BASE)["sections"]
    assert without_anchors(sections[0]) == {
        "type": "actions",
        "heading": "Kommunikativa åtgärder",
        "items": [
            {"date": dt.date(2025, 5, 27), "title": "Artikel", "url": "https://example.se/a", "change": None},
            # a placeholder is no link
            {"date": dt.date(2024, 12, 30), "title": "Plats", "url": "", "change": None},
        ],
    }
    assert json.loads(as_json(sections[0]))["items"][0]["date"] == "2025-05-27"
    assert without_anchors(sections[1]) == {
        "type": "links",
        "heading": "Länkar",
        "items": [{"title": "Intranätet", "url": "https://intranat.example.se/", "change": None}],
    }
    assert without_anchors(sections[2]) == {
        "type": "people",
        "heading": "Talespersoner",
        "items": [
            {
                "name": "Anna Andersson",
                "role": "kommunikatör",
                "email": "anna@example.se",
                "phone": "010-123 45 67",
            },
            {"name": "Bo Berg", "role": "", "email": "", "phone": ""},
        ],
    }
    assert without_anchors(sections[3]) == {
        "type": "text",
        "heading": "Om rapporten",
        "html": "<p>Om <em>rapporten</em>.</p>",
    }


def test_a_deleted_person_is_left_out(make_report):
    anna, bo = make_person(name="Anna"), make_person(name="Bo")
    report = make_report(body=[people(persons=[anna, bo])])
    bo.delete()
    report.refresh_from_db()
    items = present(report, base_url=BASE)["sections"][0]["items"]
    assert [person["name"] for person in items] == ["Anna"]


def test_the_shared_link_collection_is_used_and_follows_its_edits(make_report):
    collection = make_link_collection(links=[("Samlat", "https://example.se/samlat")])
    report = make_report(body=[links(collection=collection)])
    assert without_anchors(present(report, base_url=BASE)["sections"][0]["items"]) == [
        {"title": "Samlat", "url": "https://example.se/samlat", "change": None}
    ]

    collection.links = [
        {"type": "link", "value": {"title": "Nytt", "target": target(url="https://example.se/nytt")}}
    ]
    collection.save()
    report.refresh_from_db()
    assert without_anchors(present(report, base_url=BASE)["sections"][0]["items"]) == [
        {"title": "Nytt", "url": "https://example.se/nytt", "change": None}
    ]


def test_internal_links_in_rich_text_are_absolute_and_carry_no_wagtail_markup(make_report, series, document):
    other = make_report(compiled_at=stockholm(2025, 5, 20))
    report = make_report(
        body=[
            bullets(
                html=f'<ul><li data-block-key="k1">Se {page_link(other)} och '
                f'<a linktype="document" id="{document.pk}">rutinen</a></li></ul>'
            ),
            text(html=f'<p data-block-key="k2">Serien: {page_link(series)}</p>'),
        ]
    )
    presented = present(report, base_url=BASE)
    item = presented["sections"][0]["items"][0]["html"]
    assert item == (
        f'Se <a href="{BASE}/lagesbild/2025-05-20/">sidan</a> och '
        f'<a href="{BASE}/documents/{document.pk}/rutin.pdf">rutinen</a>'
    )
    assert presented["sections"][1]["html"] == f'<p>Serien: <a href="{BASE}/lagesbild/">sidan</a></p>'
    encoded = as_json(presented)
    for internal in ("linktype", "data-block-key", 'id="'):
        assert internal not in encoded


def test_internal_targets_are_absolute(make_report, document):
    other = make_report(compiled_at=stockholm(2025, 5, 20))
    report = make_report(
        body=[
            {
                "type": "actions",
                "value": {
                    "heading": "Åtgärder",
                    "items": [
                        {"date": "2025-05-27", "title": "Förra", "target": target(page=other)},
                        {"date": "2025-05-27", "title": "Rutin", "target": target(document=document)},
                        {"date": "2025-05-27", "title": "Utan länk", "target": target()},
                    ],
                },
            }
        ]
    )
    items = present(report, base_url=BASE)["sections"][0]["items"]
    assert [item["url"] for item in items] == [
        f"{BASE}/lagesbild/2025-05-20/",
        f"{BASE}/documents/{document.pk}/rutin.pdf",
        "",
    ]


def test_links_to_pages_that_are_not_live_and_public_are_dropped(make_report, series, home):
    draft = make_report(compiled_at=stockholm(2025, 5, 20), publish=False)
    restricted = make_series(home, title="Intern serie", slug="intern")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="hemligt")
    gone = make_report(compiled_at=stockholm(2025, 5, 13))
    not_public = f"Utkast {page_link(draft, 'utkastet')}, intern {page_link(restricted, 'serien')}"
    report = make_report(
        body=[
            bullets(html=f"<ul><li>{not_public}</li></ul>"),
            bullets(html=f"<ul><li>Borttagen {page_link(gone, 'sida')}</li></ul>"),
            {
                "type": "links",
                "value": {
                    "heading": "Interna mål",
                    "collection": None,
                    "links": [
                        {"title": "Utkast", "target": target(page=draft)},
                        {"title": "Intern", "target": target(page=restricted)},
                        {"title": "Borttagen", "target": target(page=gone)},
                    ],
                },
            },
        ]
    )
    gone.delete()
    report.refresh_from_db()

    sections = present(report, base_url=BASE)["sections"]
    assert sections[0]["items"][0]["html"] == "Utkast utkastet, intern serien"
    assert sections[1]["items"][0]["html"] == "Borttagen sida"
    assert [item["url"] for item in sections[2]["items"]] == ["", "", ""]
    assert "2025-05-20" not in as_json(sections)
    assert "2025-05-13" not in as_json(sections)


def test_documents_that_are_deleted_or_restricted_are_dropped(make_report, document):
    private = Collection.get_first_root_node().add_child(name="Internt")
    hidden = get_document_model().objects.create(
        title="Intern", collection=private, file=ContentFile(b"x", name="intern.pdf")
    )
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    report = make_report(
        body=[
            bullets(
                html=f'<ul><li><a linktype="document" id="{hidden.pk}">intern</a> '
                f'<a linktype="document" id="{document.pk}">rutin</a></li></ul>'
            )
        ]
    )
    document.delete()
    assert present(report, base_url=BASE)["sections"][0]["items"][0]["html"] == "intern rutin"


def test_a_page_of_another_site_keeps_that_sites_address(make_report):
    other_root = Page.get_first_root_node().add_child(instance=Page(title="Annan", slug="annan"))
    Site.objects.create(hostname="annan.example.se", port=443, root_page=other_root)
    report = make_report(body=[bullets(html=f"<ul><li>{page_link(other_root, 'annan')}</li></ul>")])
    html = present(report, base_url=BASE)["sections"][0]["items"][0]["html"]
    assert html == '<a href="https://annan.example.se/">annan</a>'


def test_preview_presents_the_draft_and_the_live_row_the_published_content(make_report):
    report = make_report(body=[text(html="<p>Publicerad.</p>")])
    report.body = [text(html="<p>Utkast.</p>")]
    report.save_revision()
    report.refresh_from_db()

    assert present(report, base_url=BASE)["sections"][0]["html"] == "<p>Publicerad.</p>"
    draft = report.get_latest_revision_as_object()
    assert present(draft, base_url=BASE)["sections"][0]["html"] == "<p>Utkast.</p>"


def test_a_single_section_can_be_presented_for_block_previews(make_report):
    block = make_report(body=[text(html="<p>Ett <script>x</script>stycke.</p>")]).body[0]
    assert present_section(block.block_type, block.value, base_url=BASE) == {
        "type": "text",
        "heading": "Om rapporten",
        "anchor": None,  # a section on its own is on no page
        "html": "<p>Ett stycke.</p>",
    }


def test_base_url_is_the_sites_root_or_the_visitors_origin(make_report, home):
    report = make_report()
    site = Site.objects.get(root_page=home)
    site.hostname, site.port = "lagesbild.example.se", 443
    site.save()
    assert report_base_url(report) == "https://lagesbild.example.se"
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8000")
    assert report_base_url(report, request=request) == "http://127.0.0.1:8000"


def test_link_resolution_costs_the_same_queries_for_one_link_or_many(make_report, series, document):
    others = [make_report(compiled_at=stockholm(2025, 5, day)) for day in (6, 13, 20)]

    def queries_for(pages):
        report = make_report(
            body=[
                bullets(html="<ul>" + "".join(f"<li>{page_link(page)}</li>" for page in pages) + "</ul>"),
                links(items=[("Dokument", "https://example.se/")]),
            ]
        )
        with CaptureQueriesContext(connection) as queries:
            present(report, base_url=BASE)
        return len(queries)

    queries_for(others[:1])  # warms Wagtail's cached site root paths
    assert queries_for(others) == queries_for(others[:1])
