"""How report dates read, in the visitor's language and the site's time zone (Europe/Stockholm)."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def slug_date(moment: datetime) -> str:
    return local(moment).strftime("%Y-%m-%d")


def compiled_label(moment: datetime) -> str:
    """“Sammanställd: 24 november 2026 kl. 08:30”: one date style for readers, beside “Nästa lägesbild”."""
    return _("Compiled: %(when)s") % {"when": long_datetime(moment)}


def long_date(value: date | datetime) -> str:
    """“27 maj 2025” in Swedish, “27 May 2025” in English."""
    if isinstance(value, datetime):
        value = local(value)
    return date_format(value, "j F Y")


def action_date(value: date | None, compiled_at: datetime | None = None) -> str:
    """“27 maj”; with the year when it differs from the report's (an action from last December)."""
    if not value:
        return ""
    if compiled_at and local(compiled_at).year != value.year:
        return long_date(value)
    return date_format(value, "j F")


def long_datetime(moment: datetime) -> str:
    """“27 maj 2025 kl. 08:30”."""
    moment = local(moment)
    return _("%(date)s at %(time)s") % {"date": long_date(moment), "time": moment.strftime("%H:%M")}


def next_expected_label(moment: datetime) -> str:
    return _("Next report: %(when)s") % {"when": long_datetime(moment)}


def number_label(number: int) -> str:
    return _("Report no. %(number)s") % {"number": number}


def admin_title(number: int | None, compiled_at: datetime) -> str:
    """“nr 12 · 24 november 2026” (“utkast · …” before the first publication gives it a number)."""
    label = pgettext("report number", "no. %(number)s") % {"number": number} if number else _("draft")
    return f"{label} · {long_date(compiled_at)}"


def order_problem(compiled_at: datetime | None, next_expected_at: datetime | None) -> str:
    """The date rule of a report: the next one is expected after this one was compiled ("" if kept)."""
    if compiled_at and next_expected_at and next_expected_at <= compiled_at:
        return _("The next report must be expected after this one was compiled (%(compiled)s).") % {
            "compiled": long_datetime(compiled_at)
        }
    return ""
