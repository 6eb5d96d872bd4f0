"""With the immediate task backend (the demo's), the pre-warm runs inside the editor's publishing
request: the admin's middleware commits the publish, and the outbox's channels run on that commit,
before the answer goes back. The inner requests leave the editor's request able to finish (its
database connection is not theirs to close), and the first visitor after it computes nothing.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from frontend_widget import delivery
from frontend_widget.conf import DEFAULTS
from rapport_blocks.models import OutboxDelivery
from tests import factories, servers
from tests.factories import stockholm

# A real commit inside the request, as in production (not the tests' captured on_commit).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_editors_publish_prewarms_before_its_answer(settings, django_user_model):
    # After another transactional test the database may be empty: Wagtail's root made again.
    series = factories.make_series(servers.home_page(), slug="lagesbild")
    report = factories.make_report(series=series, title="Vecka 21", compiled_at=stockholm(2025, 5, 20))
    settings.LAGESBILD_CHANNELS = list(DEFAULTS["CHANNELS"])
    settings.LAGESBILD_PREWARM_ORIGINS = ["http://testserver"]
    editor = django_user_model.objects.create_superuser("redaktor", "redaktor@example.se", "lösenord-1")
    browser = Client()
    browser.force_login(editor)
    data = {
        "title": "Vecka 21, rättad",
        "slug": report.slug,
        "compiled_at": "2025-05-20 08:30",
        "body": streamfield(
            [
                (
                    "bullets",
                    {"heading": "Läget", "audience": "all", "bullets": rich_text("<ul><li>Lugnt</li></ul>")},
                )
            ]
        ),
        "action-publish": "action-publish",
    }
    response = browser.post(reverse("wagtailadmin_pages:edit", args=[report.pk]), nested_form_data(data))
    assert response.status_code == 302, response.content

    sent = OutboxDelivery.objects.filter(channel="prewarm", event__page_id=report.pk)
    assert list(sent.values_list("target", "status")) == [("http://testserver", OutboxDelivery.SENT)]
    delivery.forget_local()  # another worker: the shared cache only
    visitor = Client()
    with CaptureQueriesContext(connection) as queries:
        page = visitor.get(report.url)
    assert page.status_code == 200 and "Vecka 21, rättad" in page.content.decode()
    assert len(queries) == 0
