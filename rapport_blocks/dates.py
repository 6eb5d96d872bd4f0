"""How report dates read, in the visitor's language and the site's time zone (Europe/Stockholm)."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def slug_date(moment: datetime) -> str:
    return local(moment).strftime("%Y-%m-%d")


def compiled_label(moment: datetime) -> str:
    """“Sammanställd: 2025-05-27 klockan 08:30”, as the report has always said it."""
    moment = local(moment)
    return _("Compiled: %(date)s at %(time)s") % {
        "date": moment.strftime("%Y-%m-%d"),
        "time": moment.strftime("%H:%M"),
    }


def long_date(value: date | datetime) -> str:
    """“27 maj 2025” in Swedish, “27 May 2025” in English."""
    if isinstance(value, datetime):
        value = local(value)
    return date_format(value, "j F Y")


def long_datetime(moment: datetime) -> str:
    """“27 maj 2025 kl. 08:30”."""
    moment = local(moment)
    return _("%(date)s at %(time)s") % {"date": long_date(moment), "time": moment.strftime("%H:%M")}


def next_expected_label(moment: datetime) -> str:
    return _("Next report: %(when)s") % {"when": long_datetime(moment)}


def number_label(number: int) -> str:
    return _("Report no. %(number)s") % {"number": number}
