"""Start next week's report from last week's: what editors do every week.

The source is the series' latest *published* report, with its live content: a newer draft may be
half-finished or still under review, so it is used only when an editor chooses it. The copy is a
draft with the dates the series' rhythm gives (`cadence`), a fresh slug and no number; its
sections are the source's, ready to be updated. Shared snippets (people, link collections) stay
shared. A series gets one draft of the next report at a time: if it has one, editors open it.
"""

from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction

from ..models import RapportPage
from ..rules import cadence


def start_next_report(source: RapportPage, user=None, now=None) -> RapportPage:
    """A new draft copied from `source`: its live content when published, else its latest draft."""
    series = source.get_parent().specific
    content = source if source.live else source.get_latest_revision_as_object()
    compiled_at, next_expected_at = cadence.next_dates(
        previous_compiled_at=content.compiled_at,
        previous_next_expected_at=content.next_expected_at,
        rhythm=cadence.rhythm_of(series),
        now=now or timezone.now(),
    )
    slug = RapportPage(compiled_at=compiled_at).unique_slug_under(series)
    action = CopyPageAction(
        content,
        to=series,
        update_attrs={"slug": slug, "compiled_at": compiled_at, "next_expected_at": next_expected_at},
        copy_revisions=False,
        keep_live=False,
        user=user,
    )
    return action.execute(skip_permission_checks=True).specific
