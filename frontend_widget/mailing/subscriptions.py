"""Self-service subscriptions to a series' e-mail: the address rules, the signed links, the form's limits.

Double opt-in. The form stores nothing: it e-mails a confirmation link that carries the series,
the address and a random nonce, signed with the site's SECRET_KEY (`TimestampSigner`) and valid
for LAGESBILD_SUBSCRIBE_CONFIRM_HOURS. Confirming writes the subscriber and the nonce in one
transaction, so a link works once. Each subscriber e-mail carries an unsubscribe link signed with
the subscriber's row id: it does not expire, and stops working once that row is gone.

The form answers alike whether or not an address subscribes, so it cannot tell anyone who does:
an address that subscribes already gets an e-mail saying so (with its unsubscribe link) instead of
a confirmation link. It is throttled per client address and per e-mail address, and an address
gets at most one e-mail from the form a day, so a stranger's inbox cannot be flooded. The
counters are keyed by a hash of the address: nothing of an unconfirmed address is kept.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rapport_blocks.core import compat
from rapport_blocks.models import OutboxDelivery, Subscriber, UsedConfirmation

from .. import throttling
from ..conf import delivery_settings

logger = logging.getLogger(__name__)

CONFIRM_SALT = "lagesbild.subscriptions.confirm"
UNSUBSCRIBE_SALT = "lagesbild.subscriptions.unsubscribe"
CHANNEL = "subscribers"  # the outbox channel's name (subscribers.SubscriberChannel)
DAY = 86400
LINE_BREAKS = ("\r", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")


class LinkProblem(Exception):
    """A confirmation or unsubscribe link that cannot be used: `kind` says why."""

    TAMPERED = "tampered"
    EXPIRED = "expired"
    USED = "used"

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class TooManyRequests(Exception):
    """The client address has used the form too often: it is told so (429)."""


class NotSent(Exception):
    """The mail server did not take the e-mail: the visitor may try again."""


def allowed_domains() -> list[str]:
    value = delivery_settings.SUBSCRIBE_DOMAINS or []
    if isinstance(value, str):
        value = value.split(",")
    return [domain.strip().lower().lstrip("@.") for domain in value if domain.strip()]


def clean_address(raw: str) -> str:
    """The address as typed, trimmed; a Swedish ValidationError for anything that may not subscribe.

    A line break is refused before anything else: in a header it would start a new one.
    """
    if any(mark in (raw or "") for mark in LINE_BREAKS):
        raise ValidationError(_("The address must be on one line."), code="line_break")
    address = (raw or "").strip()
    if not address:
        raise ValidationError(_("Enter your e-mail address."), code="required")
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("“%(address)s” is not a valid e-mail address.") % {"address": address}, code="invalid"
        ) from None
    domains = allowed_domains()
    domain = address.rpartition("@")[2].lower()
    if domains and not any(domain == allowed or domain.endswith("." + allowed) for allowed in domains):
        raise ValidationError(
            _("Only addresses at %(domains)s can subscribe.") % {"domains": ", ".join(domains)},
            code="domain",
        )
    return address


# The links


def confirmation_token(series, address: str) -> str:
    payload = {"s": series.pk, "a": address, "n": secrets.token_urlsafe(16)}
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(payload, compress=True)


def read_confirmation(token: str) -> dict:
    max_age = timedelta(hours=delivery_settings.SUBSCRIBE_CONFIRM_HOURS)
    try:
        data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkProblem(LinkProblem.EXPIRED) from None
    except (signing.BadSignature, ValueError):
        raise LinkProblem(LinkProblem.TAMPERED) from None
    if not isinstance(data, dict) or not {"s", "a", "n"} <= data.keys():
        raise LinkProblem(LinkProblem.TAMPERED)
    if UsedConfirmation.objects.filter(nonce=data["n"]).exists():
        raise LinkProblem(LinkProblem.USED)
    return data


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"i": subscriber.pk, "a": subscriber.address})


def unsubscribe_url(subscriber: Subscriber, base_url: str) -> str:
    return base_url + reverse("lagesbild-unsubscribe", args=[unsubscribe_token(subscriber)])


def unsubscribe_urls(series, base_url: str) -> dict[str, str]:
    """Each subscriber of the series (address lower-cased) and its unsubscribe link."""
    if series is None:
        return {}
    return {
        row.address.lower(): unsubscribe_url(row, base_url)
        for row in Subscriber.objects.filter(series=series)
    }


def read_unsubscribe(token: str) -> Subscriber:
    """The subscription the link ends; LinkProblem.USED once it has ended."""
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        raise LinkProblem(LinkProblem.TAMPERED) from None
    if not isinstance(data, dict) or not {"i", "a"} <= data.keys():
        raise LinkProblem(LinkProblem.TAMPERED)
    subscriber = Subscriber.objects.filter(pk=data["i"], address=data["a"]).select_related("series").first()
    if subscriber is None:
        raise LinkProblem(LinkProblem.USED)
    return subscriber


# What the links do


def confirm(token: str, series_class) -> Subscriber:
    """Store the subscriber the link names (once); LinkProblem for a link that cannot be used."""
    data = read_confirmation(token)
    series = series_class.objects.filter(pk=data["s"]).first()
    if series is None:
        raise LinkProblem(LinkProblem.TAMPERED)
    try:
        with transaction.atomic():
            UsedConfirmation.objects.create(nonce=data["n"])
            existing = Subscriber.matching(data["a"]).filter(series=series).first()
            subscriber = existing or Subscriber.objects.create(series=series, address=data["a"])
    except IntegrityError:  # the same link, confirmed at the same moment by a second request
        raise LinkProblem(LinkProblem.USED) from None
    lifetime = timedelta(hours=delivery_settings.SUBSCRIBE_CONFIRM_HOURS)
    UsedConfirmation.objects.filter(used_at__lt=timezone.now() - lifetime).delete()
    return subscriber


def end(subscriber: Subscriber) -> None:
    """Delete the subscription, and its e-mails not yet sent: nothing more goes to the address."""
    with transaction.atomic():
        pending = OutboxDelivery.objects.filter(
            channel=CHANNEL,
            target__iexact=subscriber.address,
            event__page__path__startswith=subscriber.series.path,
        ).exclude(status=OutboxDelivery.SENT)
        pending.delete()
        subscriber.delete()


def forget(address: str) -> int:
    """A data subject's erasure: every subscription of the address and every subscriber e-mail
    recorded for it. Returns how many rows went."""
    with transaction.atomic():
        deliveries, _kinds = OutboxDelivery.objects.filter(channel=CHANNEL, target__iexact=address).delete()
        subscriptions, _kinds = Subscriber.matching(address).delete()
    return deliveries + subscriptions


def export(address: str) -> dict:
    """Everything stored about the address as a subscriber (GDPR access request)."""
    return {
        "address": address,
        "subscriptions": [
            {
                "series": {"id": row.series_id, "title": row.series.title, "slug": row.series.slug},
                "address": row.address,
                "confirmed_at": row.confirmed_at.isoformat(),
            }
            for row in Subscriber.matching(address).select_related("series")
        ],
        "emails": [
            {
                "report_id": row.event.page_id,
                "event": row.event.type,
                "status": row.status,
                "attempts": row.attempts,
                "sent_at": row.sent_at.isoformat() if row.sent_at else None,
            }
            for row in OutboxDelivery.objects.filter(channel=CHANNEL, target__iexact=address)
            .select_related("event")
            .order_by("pk")
        ],
    }


# The form


@dataclass
class Links:
    """Absolute addresses the e-mails name: built by the view, which knows the request's origin."""

    confirm: Callable[[str], str]  # a confirmation token → its absolute address
    unsubscribe: Callable[[str], str]


def _digest(address: str) -> str:
    return hashlib.sha256(address.lower().encode()).hexdigest()


def _within(scope: str, ident: str, rate: str) -> bool:
    parsed = throttling.parse_rate(rate)
    if parsed is None:
        return True
    limit, period = parsed
    return throttling.within(scope, ident, limit, period, delivery_settings.CACHE_ALIAS)


def ask(series, address: str, client: str, links: Links) -> bool:
    """Handle one sending of the form with a clean address; True when an e-mail went out.

    The visitor is told the same either way. TooManyRequests when the client address is over its
    limit; NotSent when the mail server refused (the day's allowance is given back).
    """
    if not _within("subscribe-client", client, delivery_settings.SUBSCRIBE_RATE_CLIENT):
        raise TooManyRequests
    digest = _digest(address)
    if not _within("subscribe-address", digest, delivery_settings.SUBSCRIBE_RATE_ADDRESS):
        return False
    cache = caches[delivery_settings.CACHE_ALIAS]
    day_key = f"lagesbild:subscribe:day:{digest}"
    if not cache.add(day_key, 1, timeout=DAY):
        return False  # one e-mail a day from the form
    existing = Subscriber.matching(address).filter(series=series).first()
    mail = _already(series, existing, links) if existing else _confirmation(series, address, links)
    mail.to = [address]
    try:
        compat.mail_connection().send_messages([mail])
    except Exception as error:  # refused, unreachable: the visitor may try again
        cache.delete(day_key)
        logger.warning("Subscription e-mail not sent: %s: %s", type(error).__name__, error)
        raise NotSent from error
    return True


def _mail(subject: str, body: str) -> EmailMessage:
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        headers={"Auto-Submitted": "auto-generated"},
    )


def _confirmation(series, address: str, links: Links) -> EmailMessage:
    url = links.confirm(confirmation_token(series, address))
    hours = delivery_settings.SUBSCRIBE_CONFIRM_HOURS
    body = _(
        "Someone, probably you, asked to receive the reports of “%(series)s” by e-mail at this "
        "address.\n\nConfirm the subscription within %(hours)s hours:\n%(url)s\n\n"
        "If it was not you, ignore this e-mail: nothing is stored and you will get nothing more."
    ) % {"series": series.title, "hours": hours, "url": url}
    return _mail(_("Confirm your subscription to %(series)s") % {"series": series.title}, body)


def _already(series, subscriber: Subscriber, links: Links) -> EmailMessage:
    url = links.unsubscribe(unsubscribe_token(subscriber))
    body = _(
        "Someone, probably you, asked to receive the reports of “%(series)s” by e-mail at this "
        "address. You already receive them: nothing has changed.\n\n"
        "To stop receiving them, end the subscription here:\n%(url)s"
    ) % {"series": series.title, "url": url}
    return _mail(_("You already subscribe to %(series)s") % {"series": series.title}, body)
