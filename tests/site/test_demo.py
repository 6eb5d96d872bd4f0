"""The demo: `make demo` loads it on every start, so it must be complete and idempotent."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Site

from cms.models import HomePage
from rapport_blocks.core import rich_lists
from rapport_blocks.models import FaqPage, Person, RapportIndexPage, RapportPage
from rapport_blocks.rules.presentation import present
from tests.conftest import DEMO_FIXTURE_DIR
from tests.factories import STOCKHOLM

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-lösenord-123")
    call_command("load_demo", stdout=io.StringIO())
    return RapportIndexPage.objects.get(slug="lagesbild")


def depth(bullets: list[rich_lists.Bullet]) -> int:
    return 1 + max((depth(b.children) for b in bullets if b.children), default=0) if bullets else 0


def test_demo_reports_are_demo_content_in_the_samples_layout():
    files = sorted(DEMO_FIXTURE_DIR.glob("demo/*.txt"))
    assert len(files) >= 2
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "(demo)" in text.splitlines()[0]
        assert "demoinnehåll" in text.lower()


def test_demo_site_home_series_and_reports(demo, client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    reports = list(demo.reports())
    assert [r.slug for r in reports] == ["2026-11-24", "2026-11-17"]
    assert [r.number for r in reports] == [2, 1]

    home = client.get("/")
    assert home.status_code == 200
    assert reports[0].url in home.content.decode()
    assert client.get(reports[0].url).status_code == 200


def test_demo_latest_report_has_the_samples_structure(demo):
    latest = demo.latest_report()
    kinds = [child.block_type for child in latest.body]
    assert kinds == ["bullets", "bullets", "bullets", "actions", "links", "bullets", "people", "text"]

    first = rich_lists.parse_bullets(latest.body[0].value["bullets"].source)
    assert [len(bullet.children) for bullet in first[:2]] == [2, 3]
    assert depth(first) == 3

    actions = latest.body[3].value["items"]
    assert [a["date"] for a in actions] == [
        dt.date(2026, 11, 24),
        dt.date(2026, 11, 17),
        dt.date(2026, 11, 12),
    ]
    assert all(a["target"]["url"].startswith("https://") for a in actions)
    assert len(latest.body[4].value["links"]) == 7
    assert [p.name for p in latest.body[6].value["people"]] == ["Karin Exempelsson", "Johan Demosson"]
    assert latest.body[7].value["text"].source.count("<p>") == 2
    assert latest.compiled_at == dt.datetime(2026, 11, 24, 8, 30, tzinfo=STOCKHOLM)
    assert latest.next_expected_at == dt.datetime(2026, 12, 1, 8, 30, tzinfo=STOCKHOLM)


def test_the_demo_week_is_one_weeks_edit_of_the_report_before(demo):
    """The latest report is the previous one as an editor edits it in a week: a few marks, not a wall."""
    report = present(demo.latest_report(), base_url="https://lagesbild.example.se")
    changes = report["changes"]
    assert 2 <= changes["new"] + changes["changed"] + changes["removed"] <= 8, changes
    marked = [
        (section["type"], section["heading"], item["change"])
        for section in report["sections"]
        for item in _items(section.get("items", []))
        if item.get("change")
    ]
    reworded = [heading for kind, heading, change in marked if change == "changed"]
    new_bullets = [heading for kind, heading, change in marked if change == "new" and kind == "bullets"]
    new_actions = [heading for kind, heading, change in marked if change == "new" and kind == "actions"]
    assert 2 <= len(reworded) <= 3 and 1 <= len(new_bullets) <= 2 and len(new_actions) == 1, marked
    assert changes["removed"] == 1
    # A change beyond the first section, which the sidebar's glance lists under its heading.
    assert "Verksamhetens kommentar" in reworded + new_bullets


def _items(items):
    """Items, each followed by its children (bullets nest)."""
    for item in items:
        yield item
        yield from _items(item.get("children", []))


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (RapportPage.objects.count(), Person.objects.count(), HomePage.objects.count())
    assert FaqPage.objects.count() == 1
    call_command("load_demo", stdout=io.StringIO())
    assert (RapportPage.objects.count(), Person.objects.count(), HomePage.objects.count()) == counts
    assert FaqPage.objects.count() == 1
    assert RapportIndexPage.objects.count() == 1


def test_demo_admin_takes_its_password_from_the_environment(demo):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo-lösenord-123")


def test_demo_admin_password_is_printed_when_not_given(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    call_command("load_demo")
    out = capsys.readouterr().out
    password = out.split("lösenord: ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_demo_team_is_added_where_only_the_admin_exists(monkeypatch):
    get_user_model().objects.create_superuser("admin", "", "egen-lösenord-123")
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-lösenord-123")
    call_command("load_demo", stdout=io.StringIO())
    users = get_user_model().objects
    assert users.get(username="admin").check_password("egen-lösenord-123")
    assert users.get(username="redaktor").groups.filter(name="Redaktörer").exists()
    assert users.get(username="granskare").groups.filter(name="Granskare").exists()


def test_demo_workflow_and_groups_have_swedish_names_also_on_an_existing_install(demo):
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    # An install from before: Wagtail's English names, as its migrations create them.
    Group.objects.filter(name="Redaktörer").update(name="Editors")
    Workflow.objects.filter(name="Granskning").update(name="Moderators approval")
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # and again: nothing changes

    assert set(Group.objects.values_list("name", flat=True)) >= {"Redaktörer", "Granskare"}
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Granskning"]
    assert list(Task.objects.values_list("name", flat=True)) == ["Granskning"]
    assert get_user_model().objects.get(username="redaktor").groups.get().name == "Redaktörer"


def test_the_demo_faq_is_published_demo_content(demo, client):
    path = DEMO_FIXTURE_DIR / "demo" / "faq" / "fragor-och-svar-om-pausen.txt"
    text = path.read_text(encoding="utf-8")
    assert "(demo)" in text.splitlines()[0] and "demoinnehåll" in text.lower()
    faq = FaqPage.objects.get()
    assert faq.live and faq.title == "Frågor och svar om pausen (demo)"
    assert len(list(faq.body)) == 5
    assert client.get(faq.url).status_code == 200


def test_the_demo_report_links_to_two_questions_of_the_demo_faq(demo):
    faq = FaqPage.objects.get()
    links = demo.latest_report().body[4].value["links"]
    questions = [
        link["target"]["anchor"] for link in links if link["target"]["page"] and link["target"]["anchor"]
    ]
    assert questions == [
        "vilket-journalsystem-ska-jag-anvanda-under-pausen",
        "ska-jag-ga-den-bokade-utbildningen",
    ]
    assert all(link["target"]["page"].pk == faq.pk for link in links if link["target"]["anchor"])


def test_the_demo_reports_have_their_pdfs(pdf_on_publish, monkeypatch, commit, client):
    """`make demo` on a fresh machine: each report page links its PDF, stored when it was published."""
    from rapport_blocks.pdf_archive import ArchivedPdf

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-lösenord-123")
    with commit():  # the publications' tasks run after their commit, as in `make demo`
        call_command("load_demo", stdout=io.StringIO())
    for report in RapportPage.objects.live():
        html = client.get(report.url).content.decode()
        link = f'href="http://testserver{report.url}pdf/" type="application/pdf">Ladda ner som PDF</a>'
        assert link in html
        assert ArchivedPdf.objects.filter(page=report, reason="published").exists()
        response = client.get(f"{report.url}pdf/")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
