"""“Importera från Word” in the admin, as the demo's editor (not a superuser) uses it: upload, preview,
a draft in the series with its change markers; refused for who may not add reports to the series,
and every bad file refused naming it, with nothing created."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Revision, Site

from cms.management.commands.load_demo import DEMO_ORIGIN
from rapport_blocks.core import text_layout as layout
from rapport_blocks.models import RapportIndexPage, RapportPage
from tests import word_documents as documents
from tests.conftest import DEMO_ADDED, DEMO_FIXTURE_DIR, DEMO_REMOVED, DEMO_REWORDED

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def next_week_text() -> str:
    """The demo's 2026-11-24 report as next week's, edited: one bullet reworded, one added, one removed.
    Its links to the demo's own pages point at this site, as load_demo's do."""
    text = (DEMO_FIXTURE_DIR / "demo" / "regional-rapport-2026-11-24.txt").read_text(encoding="utf-8")
    root_url = Site.objects.get(is_default_site=True).root_url
    text = text.replace(DEMO_ORIGIN + "/", root_url.rstrip("/") + "/")
    text = text.replace("2026-12-01 klockan", "2026-12-08 klockan").replace(
        "2026-11-24 klockan", "2026-12-01 klockan"
    )
    text = text.replace(*DEMO_REWORDED)
    text = text.replace(f"- {DEMO_REMOVED}\n", "")
    return text.replace(f"- {DEMO_REWORDED[1]}\n", f"- {DEMO_REWORDED[1]}\n- {DEMO_ADDED}\n")


@pytest.fixture
def series(demo_reports):
    return RapportIndexPage.objects.get()


@pytest.fixture
def editor(client, demo_reports):
    """The demo's editor: in Redaktörer, not a superuser."""
    user = get_user_model().objects.get(username="redaktor")
    assert not user.is_superuser
    client.force_login(user)
    return client


@pytest.fixture
def docx(demo_reports) -> bytes:
    return documents.report_docx(layout.parse(next_week_text()), "organisation")


def upload(client, series, data: bytes, name: str = "lagesbild.docx"):
    url = reverse("rapport_blocks:word_import", args=[series.pk])
    return client.post(url, {"document": SimpleUploadedFile(name, data)})


def counts() -> tuple[int, int]:
    return Page.objects.count(), Revision.objects.count()


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_the_editor_finds_it_on_the_dashboard_and_the_series(editor, series):
    url = reverse("rapport_blocks:word_import", args=[series.pk])
    dashboard = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{url}"' in dashboard and "Importera från Word" in dashboard
    listing = editor.get(reverse("wagtailadmin_explore", args=[series.pk])).content.decode()
    assert f'href="{url}"' in listing
    form = editor.get(url)
    assert form.status_code == 200
    assert 'accept=".docx,' in form.content.decode() and "högst 20 MB" in text(form)


def test_upload_preview_then_a_draft_with_its_change_markers(editor, series, docx):
    before = counts()
    preview = upload(editor, series, docx)
    assert preview.status_code == 200 and counts() == before  # a preview creates nothing
    shown = text(preview)
    assert "Det här skapas" in shown and "Regional rapport Samordning journalsystem (demo)" in shown
    assert "1 december 2026 kl. 08:30" in shown
    soup = BeautifulSoup(preview.content, "html.parser")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in soup.select("tbody tr")
    ]
    assert rows[0] == ["Sammanfattande lägesbild", "Punktlista", "12 punkter på 3 nivåer"]
    assert ["Kommunikativ lägesbild", "Punktlista", "3 punkter"] in rows
    assert any(row[1] == "Talespersoner" and row[2] == "2 personer" for row in rows)

    token = soup.find("input", {"name": "token"})["value"]
    created = editor.post(reverse("rapport_blocks:word_import", args=[series.pk]), {"token": token})
    draft = RapportPage.objects.get(compiled_at__date="2026-12-01")
    assert not draft.live and draft.get_parent().pk == series.pk
    assert draft.get_latest_revision().user.username == "redaktor"
    assert created.status_code == 302 and created["Location"] == reverse(
        "rapport_changes:compare", args=[draft.pk]
    )

    markers = editor.get(created["Location"])
    found = BeautifulSoup(markers.content, "html.parser")
    changed = found.select_one(".rapport-compare__row--changed .rapport-compare__new")
    assert changed.select_one("ins").get_text(" ", strip=True) == "tillagt: tre"
    assert DEMO_ADDED in found.select_one(".rapport-compare__row--new").get_text()
    assert DEMO_REMOVED in found.select_one(".rapport-compare__row--removed").get_text()
    assert "Ett utkast" in text(markers) and "skapades från lagesbild.docx" in text(markers)


def test_warnings_in_the_preview_name_the_paragraph(editor, series):
    writer = documents.WordWriter()
    writer.title("Lägesbild med bild")
    writer.text("Sammanställd: 2026-12-01 klockan 08:30")
    writer.heading("Läget")
    writer.picture(writer.bullet((layout.Span("Lugnt."),)))
    writer.table([["A", "B"]])
    shown = text(upload(editor, series, writer.bytes()))
    assert "2 varningar" in shown
    assert "lagesbild.docx, stycke 4 (”Lugnt.”): En bild importeras inte" in shown
    assert "lagesbild.docx, stycke 5 (”A B”): En tabell importeras inte" in shown


def bad_date() -> bytes:
    writer = documents.WordWriter()
    writer.title("Lägesbild")
    writer.text("Sammanställd: 2026-12-41 klockan 08:30")
    writer.heading("Läget")
    writer.bullet((layout.Span("Lugnt."),))
    return writer.bytes()


BAD = {
    "gammal.doc": (lambda docx: documents.legacy_doc(), "Word 97–2003-dokument"),
    "krypterad.docx": (documents.encrypted, "lösenordsskyddat"),
    "rapport.odt": (lambda docx: documents.opendocument_text(), "OpenDocument-fil"),
    "text.docx": (lambda docx: next_week_text().encode(), "ingen zip-fil"),
    "rapport.txt": (lambda docx: next_week_text().encode(), "ingen zip-fil"),
    "arkiv.docx": (lambda docx: documents.zip_of({"rapport.txt": b"text"}), "utan word/document.xml"),
    "bomb.docx": (documents.zip_bomb, "packas upp till 200 MB"),
    "makron.docm": (documents.with_macros, "makron"),
    "fel.docx": (lambda docx: bad_date(), "fel.docx, stycke 2 (”Sammanställd: 2026-12-41 klockan 08:30”)"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_files_are_refused_naming_the_file_and_nothing_is_created(editor, series, docx, name):
    make, expected = BAD[name]
    before = counts()
    response = upload(editor, series, make(docx), name)
    assert response.status_code == 200 and counts() == before
    problems = BeautifulSoup(response.content, "html.parser").select(".rapport-word-import__problems li")
    assert problems and problems[0].get_text().startswith(name)
    assert expected in problems[0].get_text()
    assert f"{name} kunde inte importeras. Inget skapades." in text(response)
    assert 'name="token"' not in response.content.decode()


def test_a_file_over_the_limit_is_refused_unread(editor, series, docx, settings):
    settings.RAPPORT_BLOCKS_WORD_MAX_BYTES = len(docx) - 1
    before = counts()
    shown = text(upload(editor, series, docx))
    assert "lagesbild.docx är större än" in shown and counts() == before


def test_a_token_that_was_tampered_with_creates_nothing(editor, series, docx):
    token = BeautifulSoup(upload(editor, series, docx).content, "html.parser").find(
        "input", {"name": "token"}
    )["value"]
    before = counts()
    url = reverse("rapport_blocks:word_import", args=[series.pk])
    response = editor.post(
        url, {"token": token[:-2] + ("AA" if not token.endswith("AA") else "BB")}, follow=True
    )
    assert counts() == before and "ladda upp dokumentet igen" in text(response)


def test_who_may_not_add_reports_to_the_series_can_not_import(client, series, docx):
    # May edit and publish reports, but not add them.
    reviewers = Group.objects.create(name="Bara granskning")
    reviewers.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=reviewers, page=series, permission=Permission.objects.get(codename=codename)
        )
    user = get_user_model().objects.create_user("granskar", password="x-lösen-123")
    user.groups.add(reviewers)
    client.force_login(user)
    url = reverse("rapport_blocks:word_import", args=[series.pk])
    turned_away = (302, reverse("wagtailadmin_home"))  # Wagtail's answer to PermissionDenied
    response = client.get(url)
    assert (response.status_code, response["Location"]) == turned_away
    before = counts()
    response = upload(client, series, docx)
    assert (response.status_code, response["Location"]) == turned_away and counts() == before
    assert f'href="{url}"' not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert (
        f'href="{url}"' not in client.get(reverse("wagtailadmin_explore", args=[series.pk])).content.decode()
    )


def test_only_a_series_has_the_import(editor, demo_reports):
    report = next(iter(demo_reports.values()))
    assert editor.get(reverse("rapport_blocks:word_import", args=[report.pk])).status_code == 404
    assert (
        re.search(
            "fran-word", editor.get(reverse("wagtailadmin_pages:edit", args=[report.pk])).content.decode()
        )
        is None
    )
