"""Adding an endpoint, as the admin's form and `manage.py webhooks add` do: checked, or nothing stored."""

from __future__ import annotations

from django.utils.translation import gettext as _

from rapport_blocks.models import WebhookEndpoint

from . import addresses


def check_format(value: str) -> str:
    formats = [choice for choice, _label in WebhookEndpoint.FORMAT_CHOICES]
    if value not in formats:
        raise addresses.BadAddress(
            _("Unknown format “%(format)s”: choose one of %(formats)s.")
            % {"format": value, "formats": ", ".join(formats)}
        )
    return value


def check_url(url: str) -> str:
    """The address as it will be stored, once it passes the address rules (DNS included)."""
    url = (url or "").strip()
    addresses.check(url)
    return url


def add(series, url: str, format: str = WebhookEndpoint.STANDARD, description: str = "") -> WebhookEndpoint:
    """A new active endpoint with a new secret; BadAddress (nothing stored) when the input is refused."""
    check_format(format)
    url = check_url(url)
    return WebhookEndpoint.objects.create(series=series, url=url, format=format, description=description)
