"""“FAQ att granska”: answers whose last review is older than the period, or missing; the dashboard count."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from rapport_blocks.faq import review
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()  # the dashboard counts against today


@pytest.fixture
def maintained(make_faq):
    q = factories.faq_question
    return make_faq(
        title="Frågor om pausen",
        body=[
            factories.faq_category(
                "Om pausen",
                [
                    q("Färsk fråga?", reviewed_at=TODAY - dt.timedelta(days=10)),
                    q("Precis inom perioden?", reviewed_at=TODAY - dt.timedelta(days=90)),
                    q("Gammal fråga?", reviewed_at=TODAY - dt.timedelta(days=91)),
                    q("Aldrig granskad?"),
                ],
            )
        ],
    )


def test_old_and_missing_reviews_are_due_never_reviewed_first(maintained):
    due = review.due_questions([maintained], today=TODAY)
    assert [(q.question, q.days_since) for q in due] == [("Aldrig granskad?", None), ("Gammal fråga?", 91)]
    assert all(q.page_title == "Frågor om pausen" and q.category == "Om pausen" for q in due)


def test_the_period_comes_from_the_setting(maintained, settings):
    settings.RAPPORT_BLOCKS_FAQ_REVIEW_DAYS = 5
    due = review.due_questions([maintained], today=TODAY)
    assert {q.question for q in due} == {
        "Färsk fråga?",
        "Precis inom perioden?",
        "Gammal fråga?",
        "Aldrig granskad?",
    }


def test_a_review_saved_as_a_draft_counts(maintained, commit):
    draft = maintained.get_latest_revision_as_object()
    for question in draft.body[0].value["questions"]:
        question["reviewed_at"] = TODAY
    with commit():
        draft.save_revision()
    maintained.refresh_from_db()
    assert review.due_questions([maintained], today=TODAY) == []


def test_the_view_lists_them_with_links_straight_to_the_field(admin_client, maintained):
    response = admin_client.get("/admin/faq/att-granska/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gammal fråga?" in html and "Aldrig granskad?" in html and "Färsk fråga?" not in html
    item = maintained.body[0].value["questions"].bound_blocks[3]
    assert f'href="/admin/pages/{maintained.pk}/edit/#block-{item.id}-section"' in html


def test_the_view_has_a_namespaced_url(maintained):
    from django.urls import reverse

    assert reverse("rapport_blocks_faq:review") == "/admin/faq/att-granska/"


def test_the_dashboard_shows_the_count(admin_client, maintained):
    html = admin_client.get("/admin/").content.decode()
    assert 'id="faq-review' in html
    assert "Svar att granska: 2" in html


def test_someone_who_cannot_edit_the_faq_sees_none_of_it(client, maintained, django_user_model):
    user = django_user_model.objects.create_user("lasare", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    # Editors may edit pages under the root by default: take that away for this FAQ.
    from wagtail.models import GroupPagePermission

    GroupPagePermission.objects.filter(group__name="Editors").delete()
    client.force_login(user)
    html = client.get("/admin/faq/att-granska/").content.decode()
    assert "Gammal fråga?" not in html
    assert 'id="faq-review' not in client.get("/admin/").content.decode()
