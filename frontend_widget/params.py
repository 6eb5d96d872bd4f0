"""The numbers a request may carry (a report id, a list page, oEmbed's sizes), read in one place.

Every channel reads them here, with the same limits, so the API and the iframe page agree on what
an id is. Answers differ only in form: the API raises DRF's errors, the iframe page shows its 404.
"""

# Wagtail's page ids are an integer column (wagtailcore_page.id): a larger number is no report.
MAX_ID = 2**31 - 1
# No list is that long, and int() of a huge string is slow.
MAX_PAGE_DIGITS = 18


class NotANumber(ValueError):
    """The value is not a whole number of the kind asked for."""


def _digits(raw: str) -> bool:
    return raw.isascii() and raw.isdigit()


def page_id(raw: str | int) -> int | None:
    """A page id (a report's, an FAQ page's) in a path segment; None for a number no page can have.

    Raises NotANumber for anything but ASCII digits.
    """
    if isinstance(raw, int):
        return raw if 0 < raw <= MAX_ID else None
    if not _digits(raw):
        raise NotANumber(raw)
    digits = raw.lstrip("0")
    if not digits or len(digits) > len(str(MAX_ID)) or int(digits) > MAX_ID:
        return None
    return int(digits)


report_id = page_id


def page_number(raw: str | None) -> int | None:
    """The list page asked for (1 without ?page=); None for one far past any list's end.

    Raises NotANumber unless it is a whole number from 1 (an empty ?page= too: the schema says so).
    """
    if raw is None:
        return 1
    raw = raw.strip()
    if not _digits(raw) or not raw.strip("0"):
        raise NotANumber(raw)
    if len(raw.lstrip("0")) > MAX_PAGE_DIGITS:
        return None
    return int(raw)


def positive(raw: str | None) -> int | None:
    """An optional positive whole number (oEmbed's maxwidth, maxheight); None when absent."""
    if raw is None or raw == "":
        return None
    if not _digits(raw) or not raw.strip("0"):
        raise NotANumber(raw)
    # A size beyond any screen means "no limit"; int() of a huge string is slow.
    return int(raw) if len(raw.lstrip("0")) <= MAX_PAGE_DIGITS else 10**MAX_PAGE_DIGITS
