from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def page_not_found(request, exception):
    """Clients of the API get JSON for an unknown address too, like every other API error."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("There is no such address in the API.")}, status=404)
    return defaults.page_not_found(request, exception)
