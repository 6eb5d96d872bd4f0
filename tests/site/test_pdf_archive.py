"""The archive of the reports' PDFs: listed in the admin per report, exported with their metadata
for a registry system (`manage.py export_archive SERIES DIR`), checksums verified."""

import csv
import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from rapport_blocks.pdf_archive import ArchivedPdf
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_pdf")]


@pytest.fixture
def published(series, commit, pdf_on_publish):
    with commit():
        first = factories.make_report(series=series, title="Regional rapport")
    with commit():
        second = factories.make_report(
            series=series, title="Regional rapport", compiled_at=factories.stockholm(2025, 6, 3)
        )
    return first, second


def test_the_admin_lists_a_reports_copies_and_lets_its_editors_download_them(admin_client, published):
    first, _second = published
    copy = ArchivedPdf.objects.get(page=first)
    html = admin_client.get(f"/admin/pdf-arkiv/rapport/{first.pk}/").content.decode()
    assert copy.sha256 in html and "Publicering" in html and "Alla" in html
    edit = admin_client.get(f"/admin/pages/{first.pk}/edit/").content.decode()
    assert f"/admin/pdf-arkiv/rapport/{first.pk}/" in edit and "PDF-arkiv" in edit
    response = admin_client.get(f"/admin/pdf-arkiv/{copy.pk}/")
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == copy.sha256


def test_export_archive_writes_the_pdfs_and_their_metadata(published, series, tmp_path):
    call_command("export_archive", series.slug, str(tmp_path), stdout=open("/dev/null", "w"))
    [json_file] = tmp_path.glob("metadata-*.json")
    records = json.loads(json_file.read_text(encoding="utf-8"))["files"]
    assert [(r["number"], r["compiled_at"][:10], r["format"]) for r in records] == [
        (1, "2025-05-27", "PDF/A-2b"),
        (2, "2025-06-03", "PDF/A-2b"),
    ]
    for item in records:
        data = (tmp_path / item["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"] and len(data) == item["size"]
        assert item["series"] == series.title and item["audience"] == "public"
    [csv_file] = tmp_path.glob("metadata-*.csv")
    assert [row["file"] for row in csv.DictReader(csv_file.open(encoding="utf-8"))] == [
        r["file"] for r in records
    ]
    [sums] = tmp_path.glob("SHA256SUMS-*")
    assert sums.read_text().splitlines()[0] == f"{records[0]['sha256']}  {records[0]['file']}"


def test_the_archive_outlives_the_report(published, series, tmp_path):
    first, _second = published
    first.delete()
    call_command("export_archive", series.slug, str(tmp_path), stdout=open("/dev/null", "w"))
    assert len(list(tmp_path.glob("*.pdf"))) == 2


def test_a_damaged_copy_stops_the_export(published, series, tmp_path):
    copy = ArchivedPdf.objects.get(page=published[0])
    with copy.file.open("wb") as handle:
        handle.write(b"%PDF-1.7 damaged")
    with pytest.raises(CommandError, match="stämmer inte med sin kontrollsumma"):
        call_command("export_archive", series.slug, str(tmp_path / "ut"))


def test_an_unknown_series_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="har inga arkiverade PDF"):
        call_command("export_archive", "finns-inte", str(tmp_path))
