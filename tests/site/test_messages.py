"""The admin's messages still reach the next page; a public answer makes no storage (cms/messages.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.functional import empty

from tests.factories import stockholm

pytestmark = pytest.mark.django_db


def test_a_message_added_before_a_redirect_shows_on_the_next_page(client, series, make_report):
    client.force_login(get_user_model().objects.create_superuser("redaktor", "r@example.se", "x-lösen-123"))
    make_report(compiled_at=stockholm(2026, 11, 17), title="Vecka 47")

    response = client.post(reverse("rapport_blocks:next_report", args=[series.pk]), follow=True)

    assert response.status_code == 200
    assert "Ett utkast till nästa lägesbild" in response.content.decode()
    # Shown once: the page after does not repeat it.
    again = client.get(response.redirect_chain[-1][0])
    assert "Ett utkast till nästa lägesbild" not in again.content.decode()


@pytest.mark.parametrize("address", ["/api/lagesbild/latest/", "report"])
def test_a_public_answer_sets_no_message_cookie_and_makes_no_storage(client, make_report, address):
    report = make_report(compiled_at=stockholm(2026, 11, 17), title="Vecka 47")
    response = client.get(report.url if address == "report" else address)

    assert response.status_code == 200
    assert "messages" not in response.cookies
    assert response.wsgi_request._messages._wrapped is empty
