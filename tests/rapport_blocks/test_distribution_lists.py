"""Distribution lists: each address is checked at save, with a Swedish message naming the bad line."""

import pytest
from django.urls import reverse

from rapport_blocks.mailing import distribution
from rapport_blocks.models import DistributionList

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_rapport_blocks_distributionlist:add"


def test_an_invalid_address_is_refused_at_save_and_nothing_is_lost(admin_client):
    typed = "chef@example.se\n\nchef.example.se\npolitiker@example.se\nanna@@example.se"
    response = admin_client.post(
        reverse(ADD_URL), {"name": "Ledningen", "description": "", "addresses": typed, "active": "on"}
    )
    assert response.status_code == 200  # the form again, with the errors
    html = response.content.decode()
    assert "Rad 3: ”chef.example.se” är inte en giltig e-postadress." in html
    assert "Rad 5: ”anna@@example.se” är inte en giltig e-postadress." in html
    assert "chef@example.se\n\nchef.example.se" in html  # what the editor typed is still there
    assert DistributionList.objects.count() == 0


def test_a_valid_list_is_saved(admin_client):
    response = admin_client.post(
        reverse(ADD_URL),
        {
            "name": "Ledningen",
            "description": "",
            "addresses": " chef@example.se \npolitiker@example.se\n",
            "active": "on",
        },
    )
    assert response.status_code == 302
    saved = DistributionList.objects.get()
    assert saved.address_list() == ["chef@example.se", "politiker@example.se"]


def test_addresses_count_once_whatever_their_case_and_list():
    assert distribution.unique_addresses(["A@Example.se\nb@example.se", "a@example.se\nc@example.se"]) == [
        "A@Example.se",
        "b@example.se",
        "c@example.se",
    ]


def test_the_listing_says_which_lists_are_active_in_swedish(admin_client):
    DistributionList.objects.create(name="Ledningen", addresses="chef@example.se", active=True)
    DistributionList.objects.create(name="Gamla listan", addresses="gammal@example.se", active=False)
    response = admin_client.get(reverse("wagtailsnippets_rapport_blocks_distributionlist:list"))
    assert response.status_code == 200
    rows = response.content.decode().split("<tr")
    active = next(row for row in rows if "Ledningen" in row)
    inactive = next(row for row in rows if "Gamla listan" in row)
    assert "Aktiv" in active and "Inaktiv" not in active and "True" not in active
    assert "Inaktiv" in inactive and "False" not in inactive
