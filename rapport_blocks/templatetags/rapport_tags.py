"""Template helpers for the report pages.

They format what `presentation.present` already gave (dates, contact links) or hand a template
the presented data; none of them reads stream blocks or rich text on its own.
"""

import re
from datetime import date, datetime

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from rapport_blocks.conf import rapport_settings
from rapport_blocks.core import dates
from rapport_blocks.core.sanitize import safe_url
from rapport_blocks.rules import presentation

register = template.Library()


def _base_url(context, page=None) -> str:
    return presentation.report_base_url(page, request=context.get("request"))


@register.simple_tag
def subscribe_url(series_url) -> str:
    """The series' "Prenumerera" form beside its page, where the site has it (the delivery's
    `lagesbild-subscribe`); "" where it has not, so the plugin alone shows no dead link."""
    if not series_url:
        return ""
    try:
        reverse("lagesbild-subscribe", kwargs={"path": "serie/"})
    except NoReverseMatch:
        return ""
    return f"{series_url}prenumerera/"


# Presented data


@register.simple_tag(takes_context=True)
def present_block(context, value):
    """A section block's value (for example in Wagtail's block preview) as a presented section."""
    kind = presentation.section_kind(value.block)
    section = presentation.present_section(kind, value, base_url=_base_url(context))
    section["mailing_only"] = presentation.is_mailing_only(value)  # only the admin previews blocks
    return section


@register.simple_tag(takes_context=True)
def present_report(context, page):
    return presentation.present(page, base_url=_base_url(context, page))


@register.simple_tag(takes_context=True)
def rich_text_html(context, value):
    """An intro field's rich text through the same link resolution and sanitiser as a report."""
    source = getattr(value, "source", value) or ""
    return mark_safe(presentation.rich_text_html(source, base_url=_base_url(context)))  # noqa: S308 - sanitised


@register.simple_tag
def container_class() -> str:
    """RAPPORT_BLOCKS_CONTAINER_CLASS: the class the site's pages wrap their content in, or ""."""
    return rapport_settings.CONTAINER_CLASS


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current one, with an ellipsis for long series."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


# Dates


@register.filter
def isoformat(value) -> str:
    if isinstance(value, datetime):
        return dates.local(value).isoformat()
    return value.isoformat() if isinstance(value, date) else ""


@register.filter
def compiled_label(value) -> str:
    return dates.compiled_label(value) if value else ""


@register.filter
def next_expected_label(value) -> str:
    return dates.next_expected_label(value) if value else ""


@register.filter
def number_label(value) -> str:
    return dates.number_label(value) if value else ""


@register.filter
def long_date(value) -> str:
    return dates.long_date(value) if value else ""


@register.filter
def long_datetime(value) -> str:
    return dates.long_datetime(value) if value else ""


@register.filter
def action_date(value, compiled_at=None) -> str:
    """“27 maj”; with the year when it differs from the report's (`dates.action_date`)."""
    return dates.action_date(value, compiled_at)


# What changed


@register.filter
def changes_summary(changes) -> str:
    """“Sedan förra lägesbilden: 2 nya, 1 ändrad, 1 borttagen.” from the report's `changes`."""
    if not changes or changes.get("compared_with") is None:
        return ""
    counts = (
        (changes["new"], ngettext("%(n)s new", "%(n)s new", changes["new"])),
        (changes["changed"], ngettext("%(n)s changed", "%(n)s changed", changes["changed"])),
        (changes["removed"], ngettext("%(n)s removed", "%(n)s removed", changes["removed"])),
    )
    parts = [words % {"n": n} for n, words in counts if n]
    if not parts:
        return gettext("Nothing has changed since the previous report.")
    return gettext("Since the previous report: %(changes)s.") % {"changes": ", ".join(parts)}


# Contact links


@register.filter
def mailto_href(email) -> str:
    return safe_url(f"mailto:{email}") if email else ""


@register.filter
def tel_href(phone) -> str:
    """tel: with only the digits and a leading plus, whatever the number's spacing ("070-123 45 67")."""
    digits = re.sub(r"[^\d]", "", phone or "")
    if not digits:
        return ""
    return f"tel:{'+' if str(phone).strip().startswith('+') else ''}{digits}"
