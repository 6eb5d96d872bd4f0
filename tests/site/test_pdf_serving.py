"""The report's PDF on the site: its link, its address, stored once and served with an ETag, the
one visibility rule, the sections for the e-mail only, a stale copy, a worker, a missing Pango."""

import hashlib

import pytest
from django.contrib.auth.models import User
from wagtail.models import PageViewRestriction

from frontend_widget.pdf import copies, engine
from rapport_blocks.pdf_archive import ArchivedPdf
from tests import factories, pdf_checks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_pdf")]

SECRET = "hemlisutskickx"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def report(series, commit, pdf_on_publish):
    only_mail = factories.bullets(heading="Till ledningen", html=f"<ul><li>Punkt om {SECRET}</li></ul>")
    only_mail["value"]["audience"] = "mailing"
    with commit():
        return factories.make_report(
            series=series,
            title="Regional rapport",
            body=[factories.bullets(html="<ul><li>Läget är lugnt</li></ul>"), only_mail],
        )


def test_the_page_links_its_pdf_and_names_it_in_its_head(client, report):
    html = client.get(report.url).content.decode()
    address = f"http://testserver{report.url}pdf/"
    assert f'<link rel="alternate" type="application/pdf" href="{address}"' in html
    assert f'<a href="{address}" type="application/pdf">Ladda ner som PDF</a>' in html
    assert client.get(f"/api/lagesbild/{report.pk}/").json()["pdf_url"] == address


def test_publishing_stores_the_pdfs_with_their_checksum_and_revision(report):
    stored = {copy.audience: copy for copy in ArchivedPdf.objects.filter(page=report)}
    assert set(stored) == {ArchivedPdf.PUBLIC, ArchivedPdf.MAILING}
    for copy in stored.values():
        data = copies.read(copy)
        assert copy.sha256 == hashlib.sha256(data).hexdigest() and copy.size == len(data)
        assert copy.revision_id == copy.revision_number == report.live_revision_id
        assert (copy.reason, copy.number, copy.title) == ("published", 1, "Regional rapport")
    assert SECRET not in pdf_checks.text_of(copies.read(stored["public"]))
    assert f"Punkt om {SECRET}" in pdf_checks.text_of(copies.read(stored["mailing"]))


def test_served_from_storage_with_an_etag_never_rendered_again(client, report, monkeypatch):
    monkeypatch.setattr(copies.document, "render", _no_render)
    response = client.get(f"{report.url}pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="lagesbild-2025-05-27-nr-1.pdf"' in response["Content-Disposition"]
    data = body(response)
    public = ArchivedPdf.objects.get(page=report, audience="public")
    assert data == copies.read(public) and response["ETag"] == public.etag
    assert "Läget är lugnt" in pdf_checks.text_of(data) and SECRET not in pdf_checks.text_of(data)
    again = client.get(f"{report.url}pdf/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["ETag"] == public.etag


def _no_render(*args, **kwargs):
    raise AssertionError("a stored PDF was rendered again")


def test_a_report_behind_a_login_shows_its_pdf_to_its_readers_only(client, report, series):
    PageViewRestriction.objects.create(page=series, restriction_type="login")
    anonymous = client.get(f"{report.url}pdf/")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]  # like its page
    assert client.get(report.url).status_code == 302
    client.force_login(User.objects.create_user("lasare", password="x"))
    response = client.get(f"{report.url}pdf/")
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")
    # The series' address is no link for the public now: a copy made for the report as it shows now.
    newest = ArchivedPdf.objects.filter(page=report, audience="public").order_by("-pk").first()
    assert newest.reason == "refreshed" and body(response) == copies.read(newest)


def test_a_link_to_a_page_gone_private_leaves_the_pdf_too(client, series, commit, pdf_on_publish):
    with commit():
        target = factories.make_report(series=series, title="Målet", slug="mal-hemlismalx")
        linking = factories.make_report(
            series=series,
            title="Länkande",
            compiled_at=factories.stockholm(2025, 5, 28),
            body=[
                factories.bullets(html=f'<ul><li>Se <a linktype="page" id="{target.pk}">målet</a></li></ul>')
            ],
        )
    assert "hemlismalx" in pdf_checks.text_of(body(client.get(f"{linking.url}pdf/")))
    with commit():
        target.unpublish()
    text = pdf_checks.text_of(body(client.get(f"{linking.url}pdf/")))
    assert "Se målet" in text and "hemlismalx" not in text
    reasons = list(ArchivedPdf.objects.filter(page=linking).order_by("pk").values_list("reason", flat=True))
    assert reasons == ["published", "refreshed"]  # the copy as published stays in the archive


def test_with_a_worker_a_visitor_never_waits_for_a_render(client, report, settings, commit, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(copies.document, "render", _no_render)
    report.title = "Ny rubrik"
    with commit():
        report.save_revision().publish()  # the publish's render is queued for the worker
    response = client.get(f"{report.url}pdf/")
    assert response.status_code == 503 and response["Retry-After"] == "15"
    assert "PDF:en skapas just nu" in response.content.decode()


def test_without_pango_the_page_stands_and_the_pdf_says_why(client, series, commit, monkeypatch):
    engine._weasyprint.cache_clear()
    monkeypatch.setattr(engine, "_weasyprint", _no_pango)
    with commit():
        report = factories.make_report(series=series)
    assert client.get(report.url).status_code == 200
    response = client.get(f"{report.url}pdf/")
    assert response.status_code == 503
    assert "kan inte skapas på den här servern" in response.content.decode()
    assert "libpango" in response.content.decode()


def _no_pango():
    raise engine.Unavailable("OSError: cannot load library 'libpango-1.0-0'")
