"""The API's human-readable page: Redoc from this server, asking no third party for anything."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView

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
