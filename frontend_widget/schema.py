"""The JSON contract as serializers, for the OpenAPI document only.

The API never serialises through these (it serves stored bytes made by
rapport_blocks.rules.presentation); they describe that output to drf-spectacular. A test compares a real
answer with this schema (tests/frontend_widget/test_openapi.py), so the two cannot drift apart silently.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import PolymorphicProxySerializer
from drf_spectacular.utils import extend_schema as spectacular_extend_schema
from rest_framework import serializers


def extend_schema(**kwargs):
    """drf-spectacular's @extend_schema for a view method, built on drf-spectacular's AutoSchema.

    drf-spectacular builds a method's schema on the site's DEFAULT_SCHEMA_CLASS; the delivery's
    views carry their own, so that a site's REST_FRAMEWORK keeps its schema class for its own APIs.
    """
    decorate = spectacular_extend_schema(**kwargs)

    def decorator(method):
        if not hasattr(method, "kwargs"):
            method.kwargs = {}
        method.kwargs.setdefault("schema", AutoSchema)
        return decorate(method)

    return decorator


class SeriesSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The series' slug: the value of ?series=.")
    title = serializers.CharField()
    url = serializers.URLField(help_text="Absolute URL of the series page.")


def _change():
    return serializers.ChoiceField(
        choices=[("new", "new"), ("changed", "changed")],
        allow_null=True,
        help_text=(
            'Since the previous published report of the series: "new", "changed" (reworded), or null '
            "(unchanged, or the series' first report)."
        ),
    )


class ChangesSerializer(serializers.Serializer):
    new = serializers.IntegerField(help_text="Bullets, actions and links marked new.")
    changed = serializers.IntegerField(help_text="Bullets, actions and links marked changed.")
    removed = serializers.IntegerField(help_text="Items of the previous report that are gone.")
    compared_with = serializers.IntegerField(
        allow_null=True, help_text="The id of the report compared with; null for a series' first report."
    )


def _anchor(kept: str):
    return serializers.CharField(
        help_text=f'Its id on the report page: the report\'s url + "#" + anchor links to it. {kept}'
    )


def _item_anchor():
    return _anchor(
        "Made from what the change markers compare, so it stays while the item is unchanged; "
        "unique in the report."
    )


class BulletSerializer(serializers.Serializer):
    anchor = _item_anchor()
    html = serializers.CharField(help_text="Sanitised inline HTML of the bullet (no nested list).")
    change = _change()


# Bullets nest to any depth: each child has the same shape as its parent.
BulletSerializer._declared_fields["children"] = BulletSerializer(many=True)


class ActionSerializer(serializers.Serializer):
    anchor = _item_anchor()
    date = serializers.DateField(help_text="YYYY-MM-DD.")
    title = serializers.CharField()
    url = serializers.CharField(
        help_text='Absolute http(s) or mailto URL, or "" when the action has no link.'
    )
    change = _change()


class LinkSerializer(serializers.Serializer):
    anchor = _item_anchor()
    title = serializers.CharField()
    url = serializers.CharField(
        help_text='Absolute http(s) or mailto URL; "" for a link without a target yet.'
    )
    change = _change()


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField(allow_blank=True, help_text='"" when unknown.')
    email = serializers.CharField(allow_blank=True, help_text='"" when unknown.')
    phone = serializers.CharField(allow_blank=True, help_text='"" when unknown.')


def _section(name: str, kind: str, **fields):
    attrs = {
        "type": serializers.ChoiceField(choices=[kind]),
        "heading": serializers.CharField(help_text="The editor's heading of the section."),
        "anchor": _anchor("Made from the heading, so it stays while the heading does; unique in the report."),
        **fields,
    }
    return type(name, (serializers.Serializer,), attrs)


BulletsSection = _section("BulletsSection", "bullets", items=BulletSerializer(many=True))
ActionsSection = _section("ActionsSection", "actions", items=ActionSerializer(many=True))
LinksSection = _section("LinksSection", "links", items=LinkSerializer(many=True))
PeopleSection = _section("PeopleSection", "people", items=PersonSerializer(many=True))
TextSection = _section(
    "TextSection", "text", html=serializers.CharField(help_text="Sanitised HTML paragraphs.")
)

SectionSerializer = PolymorphicProxySerializer(
    component_name="Section",
    serializers={
        "bullets": BulletsSection,
        "actions": ActionsSection,
        "links": LinksSection,
        "people": PeopleSection,
        "text": TextSection,
    },
    resource_type_field_name="type",
    many=True,
)


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The report's page id: /api/lagesbild/<id>/.")
    title = serializers.CharField()
    series = SeriesSerializer()
    number = serializers.IntegerField(allow_null=True, help_text="The report's number within its series.")
    compiled_at = serializers.DateTimeField(help_text="ISO 8601 with offset (Europe/Stockholm).")
    next_expected_at = serializers.DateTimeField(
        allow_null=True, help_text="When the next report is expected; null when unset."
    )
    last_published_at = serializers.DateTimeField(allow_null=True)
    url = serializers.URLField(help_text="Absolute URL of the report page.")
    pdf_url = serializers.CharField(
        allow_blank=True,
        help_text='The report as a PDF/A (its address + "pdf/"), absolute; "" where the site makes no PDFs.',
    )
    changes = ChangesSerializer(help_text="What changed since the previous published report of the series.")
    sections = SectionSerializer


class ReportListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    series = SeriesSerializer()
    compiled_at = serializers.DateTimeField()
    url = serializers.URLField()


class ReportListSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Reports in all pages.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReportListItemSerializer(many=True)


class FaqQuestionSerializer(serializers.Serializer):
    anchor = serializers.CharField(
        help_text="The question's stable anchor: unique on the page, never changed by edits or moves."
    )
    question = serializers.CharField()
    html = serializers.CharField(
        help_text="The answer: sanitised HTML (paragraphs, lists, bold, italic, links)."
    )
    url = serializers.CharField(
        help_text="Absolute URL of the question on the FAQ page (the page URL + #anchor)."
    )
    reviewed_at = serializers.DateField(
        allow_null=True, help_text="“Senast granskad”: YYYY-MM-DD, or null when never reviewed."
    )
    changed_since_review = serializers.BooleanField(
        help_text=(
            "“Uppdaterad”: the question or its answer was changed in a later publication than the one "
            "that set reviewed_at (or, never reviewed, than its first one)."
        )
    )


class FaqCategorySerializer(serializers.Serializer):
    heading = serializers.CharField()
    questions = FaqQuestionSerializer(many=True)


class FaqSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The FAQ page's id: /api/faq/<id>/.")
    title = serializers.CharField()
    url = serializers.URLField(help_text="Absolute URL of the FAQ page.")
    last_published_at = serializers.DateTimeField(allow_null=True, help_text="ISO 8601 with offset.")
    intro_html = serializers.CharField(allow_blank=True, help_text='Sanitised HTML; "" when there is none.')
    categories = FaqCategorySerializer(
        many=True, help_text="With ?q=: only the categories that have a matching question."
    )


class FaqListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField(help_text="Its /api/faq/<id>/ address.")
    last_published_at = serializers.DateTimeField(allow_null=True)


class FaqListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = FaqListItemSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in Swedish.")


# oEmbed (/api/oembed/) is a plain Django view (frontend_widget/embed.py), which drf-spectacular
# cannot see; this read-only description joins the document through `only_public_api`.


class OembedSerializer(serializers.Serializer):
    version = serializers.ChoiceField(choices=["1.0"])
    type = serializers.ChoiceField(choices=["rich"])
    title = serializers.CharField()
    provider_name = serializers.CharField()
    provider_url = serializers.URLField()
    width = serializers.IntegerField(min_value=1)
    height = serializers.IntegerField(min_value=1)
    html = serializers.CharField(
        help_text="The iframe of the report, series or FAQ page, and its sizing script."
    )
    cache_age = serializers.IntegerField(help_text="Seconds a consumer may keep this answer.")


def _oembed_description_view():
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
    from rest_framework.views import APIView

    positive = {"type": "integer", "minimum": 1}

    class OembedDescription(APIView):
        """Never routed: describes frontend_widget.embed.oembed for the OpenAPI document."""

        schema = AutoSchema()

        @extend_schema(
            operation_id="oembed",
            summary="oEmbed for a report, series or FAQ page",
            description=(
                "The iframe snippet (https://oembed.com/) for the address of a live, public report, "
                "series or FAQ page of this site."
            ),
            parameters=[
                OpenApiParameter(
                    "url",
                    {"type": "string", "minLength": 1},
                    required=True,
                    description="The page's address on this site.",
                ),
                OpenApiParameter("format", OpenApiTypes.STR, enum=["json"], description="Only json."),
                OpenApiParameter("maxwidth", positive, description="Largest width in pixels."),
                OpenApiParameter("maxheight", positive, description="Largest height in pixels."),
            ],
            responses={
                200: OembedSerializer,
                400: OpenApiResponse(
                    ErrorSerializer, description="No url, or maxwidth/maxheight not from 1."
                ),
                404: OpenApiResponse(ErrorSerializer, description="No live, public page has this address."),
                501: OpenApiResponse(ErrorSerializer, description="A format other than json."),
            },
        )
        def get(self, request):  # pragma: no cover - never routed
            raise NotImplementedError

    return OembedDescription.as_view()


def only_public_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: document /api/, not the admin's internal DRF views."""
    public = [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
    return [*public, ("/api/oembed/", r"^api/oembed/$", "GET", _oembed_description_view())]


# What every answer carries besides its body: drf-spectacular has no way to declare response
# headers or the 405 of the methods an endpoint does not have, so this hook adds them.

CACHED = {
    "ETag": ("string", True, "The answer's version, per origin and encoding: send it as If-None-Match."),
    "Cache-Control": ("string", True, "How long browsers and shared caches may keep the answer."),
    "Last-Modified": ("string", False, "When the content was last published (informative: use the ETag)."),
}
RETRY_AFTER = {"Retry-After": ("integer", True, "Seconds to wait before asking again.")}
ALLOW = {"Allow": ("string", True, "The methods this address answers: GET, HEAD, OPTIONS.")}
NOT_ALLOWED = {
    "description": "Any method but GET, HEAD and OPTIONS (all of them answer this, with a JSON body).",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _headers(declared: dict) -> dict:
    return {
        name: {"schema": {"type": kind}, "required": required, "description": description}
        for name, (kind, required, description) in declared.items()
    }


def declare_http(result, generator, request, public):
    """drf-spectacular postprocessing hook: response headers (caching, Retry-After) and 405."""
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation["responses"]
            for status, declared in (("200", CACHED), ("304", CACHED), ("429", RETRY_AFTER)):
                if status in responses and not (path == "/api/oembed/" and status == "200"):
                    responses[status].setdefault("headers", {}).update(_headers(declared))
            if path == "/api/oembed/":
                responses["200"]["headers"] = _headers({"Cache-Control": CACHED["Cache-Control"]})
            responses["405"] = {**NOT_ALLOWED, "headers": _headers(ALLOW)}
    return result
