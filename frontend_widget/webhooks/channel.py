"""Webhooks as an outbox channel: each event of a report to every active endpoint of its series.

Targets: the series' active endpoints (their ids) for every event; a Teams endpoint only for
publications, since people read it and an unpublication carries nothing to show. Each delivery
is signed as Standard Webhooks says (`standardwebhooks`): `webhook-id` is the delivery's `uid`,
the same in every attempt, so a receiver drops a repeat; `webhook-timestamp` is the moment of
the send; `webhook-signature` carries one signature per valid secret (two during a rotation).

Before each send the endpoint's address is checked again (`addresses`: https, public after DNS
resolution), and the request goes to the addresses that check passed (`http`). The answer decides:
2xx delivered; 429 and 408 and 5xx, a refused connection or a time-out are retried (a 429's
Retry-After honoured); 410 disables the endpoint; a redirect or any other 4xx fails for good,
until an administrator fixes it and an editor sends it again. A send whose answer never came is
sent again with the same id (`resend_unknown`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parsedate_to_datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from standardwebhooks import Webhook

import rapport_blocks
from rapport_blocks.models import WebhookEndpoint

from ..outbox import channels
from . import addresses, http, payload


@dataclass
class Prepared:
    event: object
    data: dict
    bodies: dict = field(default_factory=dict)

    def body(self, kind: str) -> bytes:
        if kind not in self.bodies:
            render = payload.teams if kind == WebhookEndpoint.TEAMS else payload.standard
            self.bodies[kind] = render(self.event, self.data)
        return self.bodies[kind]


def retry_after(value: str | None) -> float | None:
    """A Retry-After header in seconds (it may be a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((moment - timezone.now()).total_seconds(), 0.0)


def signature(endpoint: WebhookEndpoint, msg_id: str, moment, body: bytes) -> str:
    return " ".join(Webhook(secret).sign(msg_id, moment, body) for secret in endpoint.valid_secrets)


class WebhookChannel(channels.Channel):
    name = "webhook"
    label = gettext_lazy("Webhooks")
    target_heading = gettext_lazy("Receiver")
    retry_label = gettext_lazy("Retry the failed webhooks")
    # A send takes 10 seconds per address at most: a claim older than this belongs to a dead run.
    lease = timedelta(minutes=2)
    # Receivers drop a repeat by its webhook-id, so a send whose fate is unknown is sent again.
    resend_unknown = True

    def targets(self, event, page) -> list[str]:
        series = page.get_parent()
        if series is None:
            return []
        endpoints = WebhookEndpoint.objects.filter(series_id=series.pk, active=True)
        if not event.carries_content:
            endpoints = endpoints.exclude(format=WebhookEndpoint.TEAMS)
        return [str(pk) for pk in endpoints.order_by("pk").values_list("pk", flat=True)]

    def prepare(self, event, page) -> Prepared:
        data = payload.report(event, page) if page is not None else {"id": event.page_id}
        return Prepared(event, data)

    def send(self, delivery, prepared: Prepared) -> channels.Outcome:
        endpoint = WebhookEndpoint.objects.filter(pk=int(delivery.target)).first()
        if endpoint is None:
            return channels.failed(_("The webhook has been removed."))
        if not endpoint.active:
            return channels.failed(
                _("The webhook is disabled: %(reason)s") % {"reason": endpoint.disabled_reason or "—"}
            )
        try:
            destination = addresses.check(endpoint.url)
        except addresses.Unresolved as error:
            return channels.retry(str(error))
        except addresses.BadAddress as error:
            return channels.failed(str(error))
        body = prepared.body(endpoint.format)
        msg_id, moment = str(delivery.uid), timezone.now()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"Lagesbild/{rapport_blocks.__version__}",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(moment.timestamp())),
            "webhook-signature": signature(endpoint, msg_id, moment, body),
        }
        try:
            status, answer_headers, content = http.post(destination, body, headers)
        except http.SentUnanswered as error:
            return channels.unknown(str(error))
        except http.Unreachable as error:
            return channels.retry(str(error))
        return self.outcome(status, answer_headers, content)

    @staticmethod
    def outcome(status: int, headers: dict, content: bytes) -> channels.Outcome:
        said = " ".join(content.decode("utf-8", "replace").split())[:300]
        answer = f"HTTP {status}" + (f": {said}" if said else "")
        if 200 <= status < 300:
            return channels.delivered()
        if status == 410:
            return channels.gone(answer)
        if status == 429 or status == 408 or status >= 500:
            lowered = {name.lower(): value for name, value in headers.items()}
            return channels.retry(answer, after=retry_after(lowered.get("retry-after")))
        if 300 <= status < 400:
            return channels.failed(_("HTTP %(status)s: redirects are not followed.") % {"status": status})
        return channels.failed(answer)

    def disable(self, target: str, reason: str) -> None:
        endpoint = WebhookEndpoint.objects.filter(pk=int(target)).first()
        if endpoint is not None:
            endpoint.disable(_("The receiver answered that it is gone (%(reason)s).") % {"reason": reason})

    def unknown_outcome(self) -> str:
        return _("Interrupted while sending: sent again with the same webhook-id.")

    def shows_targets(self, user) -> bool:
        """The endpoints are the administrators' (their addresses may carry the receiver's token)."""
        return user.is_superuser

    def describe(self, delivery, user) -> str:
        endpoint = WebhookEndpoint.objects.filter(pk=int(delivery.target)).first()
        if endpoint is None:
            return _("(removed webhook %(id)s)") % {"id": delivery.target}
        return str(endpoint)
