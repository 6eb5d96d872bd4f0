"""The one visibility rule on every FAQ output: page, search, API (list, detail, ?q=), embed, oEmbed.

For an FAQ page that is a draft, under a view restriction (on itself or on its parent), or
unpublished after it was public. Where it was public first, every output is asked (and so cached)
before it is hidden: the cached answers must go too.
"""

import pytest
from wagtail.models import PageViewRestriction

from rapport_blocks.models import FaqPage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SECRET = "Hemligt svar om avgifterna"


def secret_faq(parent, publish=True):
    return factories.make_faq(
        parent=parent,
        title="Interna frågor",
        slug="interna-fragor",
        publish=publish,
        body=[
            factories.faq_category("Internt", [factories.faq_question("Vilka avgifter?", f"<p>{SECRET}</p>")])
        ],
    )


def outputs(client, page, site_root_path):
    """What each public FAQ output gives away about `page`."""
    page.refresh_from_db()
    url = f"http://testserver{page.url}"
    return {
        "page": SECRET in client.get(page.url).content.decode(),
        "search": any(hit.page_id == page.pk for hit in FaqPage.visible_questions("avgift", site_root_path)),
        "api list": page.pk in [item["id"] for item in client.get("/api/faq/").json()["results"]],
        "api detail": client.get(f"/api/faq/{page.pk}/").status_code == 200,
        "api search": client.get(f"/api/faq/{page.pk}/", {"q": "avgift"}).status_code == 200,
        "embed": SECRET in client.get(f"/embed/faq/{page.pk}/").content.decode(),
        "oembed": client.get("/api/oembed/", {"url": url}).status_code == 200,
    }


def assert_hidden(client, page, home):
    for _round in ("after the change", "warm"):
        shown = {name: value for name, value in outputs(client, page, home.path).items() if value}
        assert shown == {}, f"{shown} ({_round})"


def test_a_public_faq_is_in_every_output(client, home):
    page = secret_faq(home)
    assert all(outputs(client, page, home.path).values()), outputs(client, page, home.path)


def test_a_draft_is_in_no_output(client, home):
    page = secret_faq(home, publish=False)
    assert_hidden(client, page, home)


def test_a_published_page_with_a_newer_draft_shows_only_the_published_answer(client, home, commit):
    page = secret_faq(home)
    draft = page.get_latest_revision_as_object()
    draft.body[0].value["questions"][0]["question"] = "Utkastets avgiftsfråga"
    with commit():
        draft.save_revision()
    assert "Utkastets" not in client.get(f"/api/faq/{page.pk}/").content.decode()
    assert "Utkastets" not in client.get(page.url).content.decode()
    assert [hit.question for hit in FaqPage.visible_questions("avgift", home.path)] == ["Vilka avgifter?"]


def test_a_restricted_page_is_in_no_output(client, home, commit):
    page = secret_faq(home)
    assert all(outputs(client, page, home.path).values())  # and cached while public
    with commit():
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="hemligt")
    assert_hidden(client, page, home)


def test_a_page_under_a_restricted_parent_is_in_no_output(client, home, commit):
    section = factories.make_series(home, title="Intranät", slug="intranat")
    page = secret_faq(section)
    assert all(outputs(client, page, home.path).values())
    with commit():
        PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert_hidden(client, page, home)
    # The page itself asks for a login instead of showing the answer.
    response = client.get(page.url)
    assert response.status_code == 302 and SECRET not in response.content.decode()


def test_an_unpublished_page_is_in_no_output(client, home, commit):
    page = secret_faq(home)
    assert all(outputs(client, page, home.path).values())
    with commit():
        page.unpublish()
    assert_hidden(client, page, home)
    assert not page.search_entries.exists()


def test_a_page_under_an_unpublished_parent_is_in_no_output(client, home, commit):
    section = factories.make_series(home, title="Avdelning", slug="avdelning")
    page = secret_faq(section)
    assert all(outputs(client, page, home.path).values())
    with commit():
        section.unpublish()
    assert_hidden(client, page, home)
