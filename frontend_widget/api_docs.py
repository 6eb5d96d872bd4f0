"""The API's OpenAPI document and its human-readable page: Redoc from this server, asking no third
party for anything.

Both carry their own drf-spectacular settings (SCHEMA_SETTINGS) and DRF settings, so that a site's
SPECTACULAR_SETTINGS and REST_FRAMEWORK, which may describe its own APIs, stay the site's.
"""

from django.utils.http import content_disposition_header
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.settings import patched_settings
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.permissions import AllowAny

from .schema import extend_schema

SCHEMA_SETTINGS = {
    "TITLE": "Lägesbild API",
    "DESCRIPTION": "The latest published situation reports (lägesbilder) as JSON. See docs/api.md.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/",
    "PREPROCESSING_HOOKS": ["frontend_widget.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "frontend_widget.schema.declare_http",
    ],
    # The docs page loads its JavaScript from this server, not from a CDN.
    "REDOC_DIST": "SIDECAR",
    # No web fonts: the system's (frontend_widget/api_docs.html loads none from a third party).
    "REDOC_UI_SETTINGS": {
        "theme": {
            "typography": {"fontFamily": "system-ui, sans-serif", "headings": {"fontFamily": "inherit"}}
        },
    },
}

# Redoc renders with inline styles and searches in a blob: worker; everything else is this server's.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


class ApiDocsView(SpectacularRedocView):
    template_name = "frontend_widget/api_docs.html"
    title = SCHEMA_SETTINGS["TITLE"]
    authentication_classes: list = []
    permission_classes = [AllowAny]
    schema = AutoSchema()

    def dispatch(self, request, *args, **kwargs):
        with patched_settings(SCHEMA_SETTINGS):
            response = super().dispatch(request, *args, **kwargs)
            return response.render()  # inside: the template reads the settings too

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


class SchemaView(SpectacularAPIView):
    """/api/schema/: drf-spectacular's, with a file name that survives HTTP.

    Its Content-Disposition would carry the title's "ä" as a raw Latin-1 byte; Django's helper
    writes an ASCII-only header with the name as RFC 6266 `filename*=utf-8''...` instead.
    Only the delivery's own addresses (frontend_widget.urls), whatever else the site serves.
    """

    custom_settings = SCHEMA_SETTINGS
    urlconf = ["frontend_widget.urls"]
    authentication_classes: list = []
    permission_classes = [AllowAny]
    schema = AutoSchema()

    @extend_schema(exclude=True)  # the document does not describe itself
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def _get_schema_response(self, request):
        response = super()._get_schema_response(request)
        name = response.headers["Content-Disposition"].split('filename="', 1)[1].rstrip('"')
        response.headers["Content-Disposition"] = content_disposition_header(False, name)
        return response
