"""The API's OpenAPI document and its human-readable page: Redoc from this server, asking no third
party for anything."""

from django.utils.http import content_disposition_header
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

# Redoc renders with inline styles and searches in a blob: worker; everything else is this server's.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


class ApiDocsView(SpectacularRedocView):
    template_name = "frontend_widget/api_docs.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


class SchemaView(SpectacularAPIView):
    """/api/schema/: drf-spectacular's, with a file name that survives HTTP.

    Its Content-Disposition would carry the title's "ä" as a raw Latin-1 byte; Django's helper
    writes an ASCII-only header with the name as RFC 6266 `filename*=utf-8''...` instead.
    """

    def _get_schema_response(self, request):
        response = super()._get_schema_response(request)
        name = response.headers["Content-Disposition"].split('filename="', 1)[1].rstrip('"')
        response.headers["Content-Disposition"] = content_disposition_header(False, name)
        return response
