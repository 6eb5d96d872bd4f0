"""Start next week's report from the latest one: what editors do every week.

The copy is a draft with today's date, a fresh slug and no number; its sections are last week's,
ready to be updated. Shared snippets (people, link collections) stay shared.
"""

from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction

from .models import RapportIndexPage, RapportPage


def start_next_report(previous: RapportPage, user=None, now=None) -> RapportPage:
    series = previous.get_parent().specific
    compiled_at = (now or timezone.now()).replace(second=0, microsecond=0)
    next_expected_at = None
    if previous.next_expected_at:
        # Keep the rhythm the previous report promised (usually a week).
        next_expected_at = compiled_at + (previous.next_expected_at - previous.compiled_at)
    slug = RapportPage(compiled_at=compiled_at).unique_slug_under(series)
    action = CopyPageAction(
        previous,
        to=series,
        update_attrs={"slug": slug, "compiled_at": compiled_at, "next_expected_at": next_expected_at},
        copy_revisions=False,
        keep_live=False,
        user=user,
    )
    return action.execute(skip_permission_checks=True).specific


def latest_report_of(series: RapportIndexPage) -> RapportPage | None:
    """The newest report of the series, published or not: the one an editor would start from."""
    return RapportPage.objects.child_of(series).order_by("-compiled_at", "-pk").first()
