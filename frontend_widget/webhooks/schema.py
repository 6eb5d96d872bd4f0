"""The webhooks in the API's OpenAPI 3.1 document (`webhooks`): what a "standard" endpoint receives.

The bodies are built on the API's own `Report` component (frontend_widget/schema.py), since
payload.py sends the report exactly as the API serves it; the event types are the outbox's. A test
builds real bodies with payload.py and validates them against this section
(tests/frontend_widget/test_webhook_schema.py), so the two cannot drift apart silently.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_mocked_view
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import OpenApiResponse, OpenApiWebhook, extend_schema
from rest_framework import serializers

from rapport_blocks.models import OutboxEvent

from ..schema import ReportSerializer


class ReportIdSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The report's page id; the API no longer serves it.")


def _event(name: str, kind: str, data, what: str):
    return type(
        name,
        (serializers.Serializer,),
        {
            "__doc__": what,
            "type": serializers.ChoiceField(choices=[kind]),
            "timestamp": serializers.DateTimeField(
                help_text="When it happened (the publication's time): ISO 8601 with offset."
            ),
            "data": data,
        },
    )


PublishedEvent = _event(
    "RapportPublishedEvent",
    OutboxEvent.PUBLISHED,
    ReportSerializer(help_text="The report exactly as GET /api/lagesbild/{id}/ serves it."),
    "A report went live: its first publication, or live again after an unpublication.",
)
UpdatedEvent = _event(
    "RapportUpdatedEvent",
    OutboxEvent.UPDATED,
    ReportSerializer(help_text="The new revision, exactly as GET /api/lagesbild/{id}/ serves it."),
    "A new revision of a live report was published.",
)
UnpublishedEvent = _event(
    "RapportUnpublishedEvent",
    OutboxEvent.UNPUBLISHED,
    ReportIdSerializer(help_text="Only the report's id: it carries no content."),
    "A live report was unpublished (also when it expired, or was deleted).",
)

# Standard Webhooks (https://www.standardwebhooks.com/), as frontend_widget/webhooks/channel.py sends them.
SIGNATURE_HEADERS = {
    "webhook-id": (
        {"type": "string"},
        "The delivery's id: the same in every attempt of one event to one endpoint, so drop a repeat.",
    ),
    "webhook-timestamp": (
        {"type": "string", "pattern": "^[0-9]+$"},
        "When this attempt was sent, in seconds since 1970-01-01 UTC; refuse one that is too old.",
    ),
    "webhook-signature": (
        {"type": "string"},
        "`v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` with the "
        "endpoint's secret (`whsec_…`); space-separated, two of them while a secret is rotated. "
        "The `standardwebhooks` package verifies them.",
    ),
}

DESCRIPTION = (
    "A POST with `Content-Type: application/json` to each active endpoint of the report's series "
    "(format `standard`), signed as Standard Webhooks says: see the `webhook-id`, "
    '`webhook-timestamp` and `webhook-signature` headers. Never an "Endast utskick" section, and '
    "never a report that the public may not see. An endpoint of format `teams` gets a Microsoft "
    "Teams Workflows message with an Adaptive Card (1.5) instead, and no unpublications "
    "(docs/webhooks.md)."
)

ANSWERS = {
    200: OpenApiResponse(description="Received (any 2xx). Answer fast: the sender waits 10 s at most."),
    410: OpenApiResponse(description="Gone: the endpoint is disabled, and nothing more is sent to it."),
    429: OpenApiResponse(
        description="Too many: tried again later (after `Retry-After`); so are 408 and any 5xx, "
        "for about a day. A redirect or any other 4xx fails for good."
    ),
}


def _sent(summary: str, body):
    """drf-spectacular's @extend_schema on its mocked view, with drf-spectacular's AutoSchema.

    The mocked view would otherwise take the site's DEFAULT_SCHEMA_CLASS, which may be DRF's own.
    """
    decorate = extend_schema(
        summary=summary, description=DESCRIPTION, request=body, responses=ANSWERS, tags=["webhooks"]
    )

    def decorator(view):
        view.schema = AutoSchema()
        return decorate(view)

    return decorator


PUBLISHED = OpenApiWebhook(OutboxEvent.PUBLISHED, _sent("A report was published", PublishedEvent))
UPDATED = OpenApiWebhook(OutboxEvent.UPDATED, _sent("A live report was updated", UpdatedEvent))
UNPUBLISHED = OpenApiWebhook(OutboxEvent.UNPUBLISHED, _sent("A report was unpublished", UnpublishedEvent))
WEBHOOKS = [PUBLISHED, UPDATED, UNPUBLISHED]


def _headers() -> list[dict]:
    return [
        {"name": name, "in": "header", "required": True, "schema": dict(schema), "description": description}
        for name, (schema, description) in SIGNATURE_HEADERS.items()
    ]


def _operation(webhook: OpenApiWebhook, registry) -> dict:
    """One webhook's POST, made by drf-spectacular's AutoSchema as process_webhooks makes it."""
    schema = build_mocked_view("post", "/", webhook.decorator, registry).schema
    return {
        "summary": schema.get_summary(),
        "description": schema.get_description(),
        "tags": schema.get_tags(),
        "parameters": _headers(),  # drf-spectacular writes no parameters of a webhook
        "requestBody": schema._get_request_body("response"),
        "responses": schema._get_response_bodies("request"),
    }


def add_webhooks(result, generator, request, public):
    """drf-spectacular postprocessing hook: the document's `webhooks`, and the components they use.

    Not drf-spectacular's WEBHOOKS setting: its 0.30 builds the components before the webhooks
    (leaving out the event components) and compares each webhook's operation id with the site's
    DEFAULT_SCHEMA_CLASS, which fails when that is DRF's own (the default, and the demo host's).
    """
    result["webhooks"] = {str(hook.name): {"post": _operation(hook, generator.registry)} for hook in WEBHOOKS}
    result["components"] = generator.registry.build(spectacular_settings.APPEND_COMPONENTS)
    return result
