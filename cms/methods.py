"""Public addresses answer 405 to the methods they do not serve (issue 25).

Wagtail's pages and Django's feeds answer any method as if it were a GET (the feeds answered
TRACE with 200). Outside the API (DRF answers its own JSON 405), the admin, the page- and
document-password forms and the sign-in, every address serves GET and HEAD only.
"""

from django.http import HttpResponseNotAllowed

PUBLIC_METHODS = ("GET", "HEAD")
# Addresses with methods of their own: the admin (found from the URLconf), the API and oEmbed
# (JSON 405s of their own), the iframe pages (frontend_widget.http.read_only: OPTIONS too),
# Wagtail's page- and document-password forms (a POST).
OWN_METHODS = ("/api/", "/embed/", "/_util/", "/documents/authenticate_with_password/")


class PublicMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in PUBLIC_METHODS and not request.path_info.startswith(
            (*OWN_METHODS, admin_prefix())
        ):
            response = HttpResponseNotAllowed(PUBLIC_METHODS)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def admin_prefix() -> str:
    from cms.csp import admin_prefix as prefix

    return prefix()
