"""What counts as a link target an editor may type.

One rule for the admin form, the importer and the sanitiser's URL check, so a link that an editor
could save is exactly a link the delivery will keep.
"""

from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

EDITOR_SCHEMES = ("http", "https", "mailto")


def is_placeholder(url: str) -> bool:
    """A bare "#" (or "#something"): a link that is written but has no real target yet."""
    return url.strip().startswith("#")


def url_problem(url: str) -> str | None:
    """Return why `url` can't be an editor's external link, or None when it can.

    The message is a lazy translation, shown as it is in the admin and in import errors.
    """
    url = url.strip()
    if not url:
        return _("Enter an address.")
    if is_placeholder(url):
        return None
    if any(ord(char) < 33 or ord(char) == 127 for char in url):
        return _("The address may not contain spaces or control characters.")
    try:
        parts = urlsplit(url)
    except ValueError:
        return _("The address is not a valid URL.")
    scheme = parts.scheme.lower()
    if scheme not in EDITOR_SCHEMES:
        return _("Only http, https and mailto addresses are allowed.")
    if scheme in ("http", "https") and not parts.netloc:
        return _("The address needs a host name, for example https://www.example.se/.")
    if scheme == "mailto" and not parts.path:
        return _("The e-mail address is missing.")
    return None
