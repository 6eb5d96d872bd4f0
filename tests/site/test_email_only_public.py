"""With LAGESBILD_EMAIL_RESTRICTED_REPORTS off (the rule before a site behind a login was mailed),
only a report the public may see is e-mailed; one that is not keeps its rows, saying why.

The leak matrix (tests/site/test_visibility_matrix.py) checks every state with the default; this is
what an editor sees in the report's "Utskick" page when the report is restricted, and that nothing
is lost. The default, a site behind a login: tests/site/test_email_behind_login.py.
"""

import pytest
from wagtail.models import PageViewRestriction

from frontend_widget.outbox import sending
from rapport_blocks.models import OutboxDelivery, OutboxEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_report_published_under_a_restriction_is_not_mailed_until_it_is_public(
    series, mailbox, commit, settings
):
    settings.LAGESBILD_EMAIL_RESTRICTED_REPORTS = False
    series.distribution_lists.set([factories.make_distribution_list(addresses=["chef@example.se"])])
    series.save()
    restriction = PageViewRestriction.objects.create(page=series, restriction_type="login")
    with commit():
        report = factories.make_report(series=series, title="Intern rapport")
    assert mailbox == []
    row = OutboxDelivery.objects.get(event__page=report)
    assert (row.target, row.status, row.next_attempt_at) == ("chef@example.se", "failed", None)
    # Stored in the site's language (Swedish), as the admin shows it.
    assert row.last_error == (
        "Inte skickat: lägesbilden är inte publik. Publicera den för alla och försök sedan igen."
    )
    assert sending.run(row.event_id, "email").sent == 0  # a later run does not send it either

    # Public now: the editor's retry sends it, once.
    restriction.delete()
    record = OutboxEvent.objects.get(page=report)
    sending.retry_failed(record)
    assert sending.run(record.pk, "email").sent == 1
    assert [m.to for m in mailbox] == [["chef@example.se"]] and "Intern rapport" in mailbox[0].subject
    assert sending.run(record.pk, "email").sent == 0
