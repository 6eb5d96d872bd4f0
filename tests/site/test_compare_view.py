"""“Jämför med föregående lägesbild”: an approver sees what the draft adds, rewords and removes."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from rapport_blocks.admin.views import comparison_url
from tests.conftest import DEMO_ADDED, DEMO_REMOVED, DEMO_REWORDED, DEMO_UNTOUCHED

pytestmark = pytest.mark.django_db


def login(client, username, group=None):
    User = get_user_model()
    user = User.objects.create_user(username, password="x-lösen-123", is_staff=False)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def rows(soup, status):
    section = soup.select_one(f"section[aria-labelledby=compare-{status}]")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")] for row in section.select("tbody tr")
    ]


def test_the_approver_sees_added_removed_and_changed_items_side_by_side(client, demo_next_draft):
    login(client, "granskare2", "Granskare")
    response = client.get(comparison_url(demo_next_draft))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")

    assert rows(soup, "new") == [["Kommunikativ lägesbild", "Inte i förra lägesbilden –", DEMO_ADDED]]
    assert rows(soup, "removed") == [
        ["Kommunikativ lägesbild", DEMO_REMOVED, "Borttagen i den här lägesbilden –"]
    ]
    [changed] = soup.select("section[aria-labelledby=compare-changed] tbody tr")
    old_cell, new_cell = changed.select("td")[1:]
    # Only the changed word is marked, with words for screen readers.
    assert [d.get_text() for d in old_cell.select("del")] == ["borttaget: två"]
    assert [i.get_text() for i in new_cell.select("ins")] == ["tillagt: tre"]
    assert new_cell.get_text().replace("tillagt: ", "") == DEMO_REWORDED[1]
    page_text = soup.get_text(" ", strip=True)
    assert DEMO_UNTOUCHED not in page_text
    assert "Sedan förra lägesbilden: 1 ny, 1 ändrad, 1 borttagen." in page_text
    assert "Jämför med föregående lägesbild" in soup.title.get_text()


def test_the_edit_view_links_to_the_comparison(client, demo_next_draft):
    login(client, "redaktor2", "Redaktörer")
    response = client.get(f"/admin/pages/{demo_next_draft.pk}/edit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    links = soup.find_all("a", href=comparison_url(demo_next_draft))
    assert links and all("Jämför med föregående lägesbild" in link.get_text() for link in links)
    # In the form itself (not only in the header's menu), with the counts of the saved draft.
    panel = next(link for link in links if link.find_parent("form"))
    assert "Sedan förra lägesbilden: 1 ny, 1 ändrad, 1 borttagen." in panel.parent.get_text(" ", strip=True)


def test_someone_who_may_not_edit_the_report_is_refused(client, demo_next_draft):
    user = login(client, "besokare")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = client.get(comparison_url(demo_next_draft), follow=True)
    # Wagtail turns the refusal into its own message on the dashboard.
    assert response.redirect_chain == [("/admin/", 302)]
    text = response.content.decode()
    assert "du saknar rättigheter" in text and DEMO_ADDED not in text


def test_an_anonymous_visitor_is_sent_to_the_login(client, demo_next_draft):
    response = client.get(comparison_url(demo_next_draft))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_first_report_says_there_is_nothing_to_compare_with(admin_client, demo_reports):
    response = admin_client.get(comparison_url(demo_reports["2026-11-17"]))
    assert response.status_code == 200
    assert "ingen publicerad lägesbild före" in response.content.decode()
