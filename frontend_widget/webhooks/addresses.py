"""Which addresses a webhook may post to: no way into the site's own network through a webhook (SSRF).

An endpoint's address must be https, and every address its host resolves to must be public:
loopback, private, link-local, unique-local and every other non-global address (the IANA
special-purpose registry, as `ipaddress.is_global` knows it) are refused, unless
`LAGESBILD_WEBHOOK_ALLOW_HOSTS` names the host or a network that holds the address; a host so
named may also be reached over http. The check runs when an endpoint is added and again before
every send, after DNS resolution, and the send connects to the addresses the check passed (never
resolving the name again), so a name that is made to resolve elsewhere later (DNS rebinding)
gains nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from ..conf import delivery_settings


class BadAddress(ValueError):
    """An address that is refused for good: its message says why, in the admin's language."""


class Unresolved(BadAddress):
    """A host name that DNS does not answer now: at adding it is refused, at sending retried."""


@dataclass(frozen=True)
class Destination:
    """A checked address: where to connect (`addresses`, already checked) and what to ask for."""

    scheme: str
    host: str  # as written, for the Host header and the certificate's name
    port: int
    target: str  # path and query
    addresses: tuple[str, ...]


def _allowed() -> tuple[set[str], list]:
    entries = delivery_settings.WEBHOOK_ALLOW_HOSTS or []
    if isinstance(entries, str):
        entries = entries.split(",")
    hosts, networks = set(), []
    for entry in (e.strip().strip("[]").lower() for e in entries):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            hosts.add(entry.rstrip("."))
    return hosts, networks


def _public(address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def parse(url: str):
    """The address's parts, or BadAddress: what can be said without asking DNS."""
    url = (url or "").strip()
    if not url:
        raise BadAddress(_("Enter the webhook's address."))
    if any(character.isspace() or ord(character) < 32 for character in url):
        raise BadAddress(_("The address must not contain spaces or line breaks."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BadAddress(_("The address is not a valid web address.")) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BadAddress(_("The address must start with https://."))
    if not parts.hostname:
        raise BadAddress(_("The address has no host name."))
    if parts.username is not None or parts.password is not None:
        raise BadAddress(_("The address must not contain a user name or password."))
    host = parts.hostname.rstrip(".").lower()
    try:
        host.encode("idna")
    except UnicodeError:
        raise BadAddress(_("The address's host name is not valid.")) from None
    scheme = parts.scheme.lower()
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return scheme, host, port or (443 if scheme == "https" else 80), target


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (an IP address resolves to itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Unresolved(_("The host name %(host)s could not be found (DNS).") % {"host": host}) from None
    return list(dict.fromkeys(info[4][0] for info in found))


def check(url: str) -> Destination:
    """The checked destination of `url`, or BadAddress (Unresolved when DNS does not answer)."""
    scheme, host, port, target = parse(url)
    hosts, networks = _allowed()
    named = host in hosts
    try:
        addresses = resolve(host, port)
    except Unresolved:
        if scheme != "https" and not named:
            raise BadAddress(_("The address must start with https://.")) from None
        raise
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if named or any(address in network for network in networks):
            continue
        if not _public(address):
            raise BadAddress(
                _(
                    "%(host)s leads to %(address)s, an address in a local or private network. Webhooks "
                    "only go to public addresses, unless LAGESBILD_WEBHOOK_ALLOW_HOSTS names the host."
                )
                % {"host": host, "address": address}
            )
    if scheme != "https":
        every_allowed = named or all(
            any(ipaddress.ip_address(text.split("%", 1)[0]) in network for network in networks)
            for text in addresses
        )
        if not every_allowed:
            raise BadAddress(_("The address must start with https://."))
    return Destination(scheme, host, port, target, tuple(addresses))
