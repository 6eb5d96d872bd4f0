"""Administrators see how many subscribers each series has (Rapporter → Prenumeranter); the screen
shows counts, never an address, and only to those who may see subscribers."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_report_counts_the_subscribers_of_each_series(admin_client, home, series):
    other = factories.make_series(home, title="Vårdhygien", slug="vardhygien")
    for number in range(3):
        factories.make_subscriber(series, f"person{number}@example.se")
    factories.make_subscriber(other, "person0@example.se")
    answer = admin_client.get(reverse("rapport_subscribers:counts"))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "<h1" in html and "Prenumeranter" in html
    rows = html.split("<tbody>", 1)[1]
    assert rows.index("Lägesbild vårdinformationssystem") < rows.index("Vårdhygien")
    cells = "".join(rows.split())
    assert ">3<" in cells and ">1<" in cells
    assert "@example.se" not in html
    assert (
        reverse("rapport_subscribers:counts")
        in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_the_counts_export_as_a_spreadsheet(admin_client, series):
    factories.make_subscriber(series)
    answer = admin_client.get(reverse("rapport_subscribers:counts") + "?export=csv")
    assert answer.status_code == 200
    lines = b"".join(answer.streaming_content).decode().splitlines()
    assert lines[0] == "Serie,Prenumeranter"
    assert "Lägesbild vårdinformationssystem,1" in lines


def test_an_editor_does_not_see_them(client, django_user_model, series):
    editor = django_user_model.objects.create_user("redaktor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    refused = client.get(reverse("rapport_subscribers:counts"))
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    assert (
        reverse("rapport_subscribers:counts") not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
