"""Distribution lists as data: which addresses a report goes to. Pure, testable without the admin.

A list holds one address per line. A report uses its own lists when it has any, else its series'
defaults; only active lists count, and an address on several lists counts once (compared
case-insensitively, as mail servers treat them).
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


def address_lines(text: str) -> list[tuple[int, str]]:
    """(line number, address) for each non-blank line."""
    return [
        (number, line.strip()) for number, line in enumerate((text or "").splitlines(), 1) if line.strip()
    ]


def address_problems(text: str) -> list[str]:
    """One Swedish (translated) message per bad line, naming the line and what is on it."""
    problems = []
    for number, address in address_lines(text):
        try:
            validate_email(address)
        except ValidationError:
            problems.append(
                _("Line %(number)s: “%(address)s” is not a valid e-mail address.")
                % {"number": number, "address": address}
            )
    return problems


def unique_addresses(texts) -> list[str]:
    """The addresses of several lists in order, each once (first spelling kept, case ignored)."""
    seen: set[str] = set()
    addresses = []
    for text in texts:
        for _number, address in address_lines(text):
            key = address.lower()
            if key not in seen:
                seen.add(key)
                addresses.append(address)
    return addresses


def lists_for(report) -> list:
    """The active lists a report goes to: its own when it names any, else its series' defaults."""
    own = list(report.distribution_lists.all())
    if own:
        chosen = own
    else:
        series = report.get_series()
        chosen = list(series.distribution_lists.all()) if series is not None else []
    return [item for item in chosen if item.active]


def recipients_for(report) -> list[str]:
    return unique_addresses(item.addresses for item in lists_for(report))


def attachment_addresses(report) -> set[str]:
    """The addresses (lower-cased) that get the report's PDF attached: on any list that asks for it."""
    return {
        address.lower()
        for item in lists_for(report)
        if item.attach_pdf
        for address in unique_addresses([item.addresses])
    }
