"""The read-only JSON API of the latest reports (docs/api.md).

DRF gives the endpoints their method handling (405), throttling (429 with Retry-After), error
bodies and the OpenAPI description. The answers themselves are the stored bytes of `delivery`,
returned as a plain HttpResponse: a cache hit runs no serializer and no renderer
(docs/performance.md). Only with DEBUG on, a browser asking for HTML gets the browsable API.
"""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_view
from rest_framework.exceptions import APIException, NotFound, ParseError, Throttled
from rest_framework.metadata import SimpleMetadata
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from . import delivery, front_answers, params
from .http import cached_response
from .schema import ErrorSerializer, ReportListSerializer, ReportSerializer, extend_schema
from .throttling import ReportThrottle


def exception_handler(exc, context):
    if isinstance(exc, Throttled) and exc.wait:
        # One Swedish sentence instead of DRF's, which appends an untranslated one.
        wait = exc.wait
        exc = Throttled(detail=_("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": wait})
        exc.wait = wait  # the handler turns it into Retry-After
    return drf_exception_handler(exc, context)


# OpenAPI pieces shared by the endpoints

SERIES_PARAMETER = OpenApiParameter(
    "series",
    OpenApiTypes.STR,
    description="Only reports of this series (its slug). An unknown series answers 404.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="The ETag of a copy the client has: 304 with no body when it is still current.",
)
NOT_MODIFIED = OpenApiResponse(description="Not modified: the client's copy (If-None-Match) is current.")
COMMON_ERRORS = {
    404: OpenApiResponse(ErrorSerializer, description="No such report, series or page."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; see the Retry-After header."),
}


class DeliveryView(APIView):
    """Shared behaviour: anonymous, read-only, throttled, answers from the delivery cache.

    GET and HEAD take a short path around DRF's request handling: throttle, look up, compare
    the ETag, send the stored bytes. DRF's own dispatch (content negotiation, Request wrapping,
    exception rendering) costs about five times the rest of a cached answer (docs/performance.md),
    so it runs only for what the short path does not answer itself: errors (404, 400, 429), other
    methods (405), OPTIONS, and the browsable API when DEBUG is on.

    Every DRF setting the API depends on is declared here, so that a site's REST_FRAMEWORK (its
    permissions, renderers, schema class for its own APIs) neither changes this API nor needs
    changing for it.
    """

    authentication_classes: list = []
    permission_classes: list = []
    parser_classes: list = []  # read-only: no request body is ever read
    throttle_classes = [ReportThrottle]
    content_negotiation_class = DefaultContentNegotiation
    metadata_class = SimpleMetadata
    versioning_class = None
    schema = AutoSchema()
    http_method_names = ["get", "head", "options"]

    def get_renderers(self):
        return [JSONRenderer(), BrowsableAPIRenderer()] if settings.DEBUG else [JSONRenderer()]

    def lookup(self, request, **kwargs) -> delivery.CachedReport:
        """The cached answer for this request; raises DRF's NotFound or ParseError."""
        raise NotImplementedError

    def get(self, request, **kwargs):
        cached = self.lookup(request, **kwargs)
        if settings.DEBUG and self._wants_html(request):
            response = Response(json.loads(cached.json_bytes))
            response["ETag"] = cached.etag
            return response
        return cached_response(request, cached)

    # The short path's throttle result for DRF's check_throttles: None when it has not run. The view
    # instance lives for one request (as_view makes one per request), so this is the request's.
    throttle_waits: list[float] | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.method in ("GET", "HEAD") and not settings.DEBUG:
            # Counted already when front_answers had a kept answer (and the throttles refused it).
            waits = getattr(request, front_answers.THROTTLE_WAITS, None)
            if waits is None:
                waits = [
                    throttle.wait()
                    for throttle in self.get_throttles()
                    if not throttle.allow_request(request, self)
                ]
            self.throttle_waits = waits
            if not waits:
                try:
                    cached = self.lookup(request, **kwargs)
                except APIException:
                    pass  # DRF's dispatch answers it, with its JSON error body
                else:
                    front_answers.keep(request, cached.valid_until, self.throttle_classes)
                    return cached_response(request, cached)
            # A refusal or an error: DRF's dispatch answers, without counting the request twice.
        return super().dispatch(request, *args, **kwargs)

    def check_throttles(self, request):
        waits = self.throttle_waits
        if waits is None:
            super().check_throttles(request)
        elif waits:
            self.throttled(request, max(waits))

    def get_exception_handler(self):
        return exception_handler

    def site(self, request) -> delivery.SiteRef:
        site = delivery.site_for_request(request)
        if site is None:
            raise NotFound(_("This address belongs to no site."))
        return site

    def _wants_html(self, request) -> bool:
        renderer, _media_type = self.perform_content_negotiation(request, force=True)
        return renderer.format == "api"


def _series_param(request) -> str:
    if not request.META.get("QUERY_STRING"):  # the common case: no QueryDict to build
        return ""
    return request.GET.get("series", "").strip()


@extend_schema_view(
    get=extend_schema(
        operation_id="lagesbild_latest",
        summary="The newest report",
        description=(
            "The newest live, public report of the site (by compiled_at, then first publication), "
            "of all series or of ?series=. Cached: ETag, Last-Modified and Cache-Control headers."
        ),
        parameters=[SERIES_PARAMETER, IF_NONE_MATCH],
        responses={200: ReportSerializer, 304: NOT_MODIFIED, **COMMON_ERRORS},
    )
)
class LatestReportView(DeliveryView):
    def lookup(self, request):
        site = self.site(request)
        try:
            cached = delivery.latest_report(
                site, series_slug=_series_param(request), base_url=delivery.base_url(request)
            )
        except delivery.UnknownSeries:
            raise NotFound(_("There is no such report series.")) from None
        if cached is None:
            raise NotFound(_("No report has been published yet."))
        return cached


@extend_schema_view(
    get=extend_schema(
        operation_id="lagesbild_report",
        summary="One report",
        description="A live, public report by its id.",
        parameters=[
            OpenApiParameter("report_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The id."),
            IF_NONE_MATCH,
        ],
        responses={200: ReportSerializer, 304: NOT_MODIFIED, **COMMON_ERRORS},
    )
)
class ReportView(DeliveryView):
    def lookup(self, request, report_id: str):
        try:
            number = params.report_id(report_id)
        except params.NotANumber:
            raise NotFound(_("A report id is a number.")) from None
        site = self.site(request)
        cached = None
        if number is not None:
            cached = delivery.report_by_id(site, number, base_url=delivery.base_url(request))
        if cached is None:
            raise NotFound(_("There is no such report."))
        return cached


@extend_schema_view(
    get=extend_schema(
        operation_id="lagesbild_list",
        summary="The reports, newest first",
        description="Live, public reports of the site, newest first, paginated.",
        parameters=[
            SERIES_PARAMETER,
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1},
                description="Page number, from 1; without it, the first page. An empty ?page= is refused.",
            ),
            IF_NONE_MATCH,
        ],
        responses={
            200: ReportListSerializer,
            304: NOT_MODIFIED,
            400: OpenApiResponse(ErrorSerializer, description="A page parameter that is not a page number."),
            **COMMON_ERRORS,
        },
    )
)
class ReportListView(DeliveryView):
    def lookup(self, request):
        try:
            page = params.page_number(request.GET.get("page"))
        except params.NotANumber:
            raise ParseError(_("The page must be a whole number from 1.")) from None
        if page is None:
            raise NotFound(_("There is no such page."))
        site = self.site(request)
        try:
            return delivery.report_list(
                site, series_slug=_series_param(request), page=page, base_url=delivery.base_url(request)
            )
        except delivery.UnknownSeries:
            raise NotFound(_("There is no such report series.")) from None
        except delivery.PageOutOfRange:
            raise NotFound(_("There is no such page.")) from None
