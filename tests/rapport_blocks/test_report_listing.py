"""The admin's report listing (“Lägesbilder”) tells reports apart: titles, columns, filters, newest first."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import stockholm

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.se", "x-lösen-123"))
    return client


def rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.find("table", class_="listing")
    headers = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
    body = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    ]
    return headers, body


def test_admin_title_carries_number_and_date(make_report):
    published = make_report(compiled_at=stockholm(2026, 11, 24))
    draft = make_report(compiled_at=stockholm(2026, 12, 1), publish=False)
    assert published.get_admin_display_title() == "nr 1 · 24 november 2026"
    assert draft.get_admin_display_title() == "utkast · 1 december 2026"


def test_listing_has_the_columns_and_newest_first(admin_client, make_report):
    make_report(compiled_at=stockholm(2026, 11, 17), next_expected_at=stockholm(2026, 11, 24))
    make_report(compiled_at=stockholm(2026, 11, 24), next_expected_at=stockholm(2026, 12, 1))
    make_report(compiled_at=stockholm(2026, 12, 1), publish=False)

    headers, body = rows(admin_client.get(reverse("rapport_blocks_reports:index")))
    for column in ["Sammanställd", "Nr", "Status", "Nästa väntas", "Senast ändrad"]:
        assert any(header.startswith(column) for header in headers), (column, headers)
    titles = [next(cell for cell in row if "·" in cell) for row in body]
    assert [title.split(" ·")[0] for title in titles] == ["utkast", "nr 2", "nr 1"]
    assert "24 november 2026 kl. 08:30" in " ".join(body[1])
    assert "1 december 2026 kl. 08:30" in " ".join(body[1])


def test_listing_filters_by_status_and_year(admin_client, make_report):
    make_report(compiled_at=stockholm(2025, 12, 30))
    make_report(compiled_at=stockholm(2026, 1, 6))
    make_report(compiled_at=stockholm(2026, 1, 13), publish=False)
    url = reverse("rapport_blocks_reports:index")

    def numbers(query):
        return [
            next(c for c in row if "·" in c).split(" ·")[0] for row in rows(admin_client.get(url + query))[1]
        ]

    assert numbers("?year=2026") == ["utkast", "nr 2"]
    assert numbers("?status=published") == ["nr 2", "nr 1"]
    assert numbers("?status=draft") == ["utkast"]
    assert numbers("?status=published&year=2025") == ["nr 1"]


def test_the_sidebar_has_lagesbilder(admin_client, make_report):
    make_report()
    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is rendered from JSON props.
    assert '"label": "L\\u00e4gesbilder"' in page
    assert reverse("rapport_blocks_reports:index") == "/admin/lagesbilder/"
