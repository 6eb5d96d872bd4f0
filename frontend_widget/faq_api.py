"""The FAQ endpoints of the delivery API: /api/faq/ and /api/faq/<id>/ (?q=), docs/api.md.

The same machinery as the report endpoints (`api.DeliveryView`): throttling, stored bytes,
ETags with a cheap 304, CORS (by URL, in settings), DRF's JSON errors.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework.exceptions import NotFound

from . import delivery, faq_delivery, params
from .api import COMMON_ERRORS, IF_NONE_MATCH, NOT_MODIFIED, DeliveryView
from .schema import FaqListSerializer, FaqSerializer, extend_schema

QUERY_PARAMETER = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    description=(
        "Only the questions whose question or answer matches these words (all of them; Swedish "
        "plural and definite forms match). Categories without a match are left out. Empty: all."
    ),
)


@extend_schema_view(
    get=extend_schema(
        operation_id="faq_list",
        summary="The FAQ pages",
        description="The site's live, public FAQ pages, in the order of the page tree.",
        parameters=[IF_NONE_MATCH],
        responses={200: FaqListSerializer, 304: NOT_MODIFIED, **COMMON_ERRORS},
    )
)
class FaqListView(DeliveryView):
    def lookup(self, request):
        return faq_delivery.faq_list(self.site(request), base_url=delivery.base_url(request))


@extend_schema_view(
    get=extend_schema(
        operation_id="faq_detail",
        summary="One FAQ page",
        description=(
            "A live, public FAQ page by its id: its categories and questions, or with ?q= the matching ones."
        ),
        parameters=[
            OpenApiParameter("faq_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The page id."),
            QUERY_PARAMETER,
            IF_NONE_MATCH,
        ],
        responses={200: FaqSerializer, 304: NOT_MODIFIED, **COMMON_ERRORS},
    )
)
class FaqView(DeliveryView):
    def lookup(self, request, faq_id: str):
        try:
            number = params.page_id(faq_id)
        except params.NotANumber:
            raise NotFound(_("An FAQ id is a number.")) from None
        site = self.site(request)
        query = request.GET.get("q", "") if request.META.get("QUERY_STRING") else ""
        cached = None
        if number is not None:
            cached = faq_delivery.faq_search(site, number, query, base_url=delivery.base_url(request))
        if cached is None:
            raise NotFound(_("There is no such FAQ page."))
        return cached
