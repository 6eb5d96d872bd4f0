"""Public addresses answer 405 to the methods they do not serve (issue 25).

Wagtail's pages and Django's feeds answer any method as if it were a GET (the feeds answered
TRACE with 200). Outside the API (DRF answers its own JSON 405), the admin, the page- and
document-password forms, the sign-in and the subscription pages, every address serves GET and
HEAD only.
"""

from django.http import HttpResponseNotAllowed

PUBLIC_METHODS = ("GET", "HEAD")
# Addresses with methods of their own: the admin (found from the URLconf), the API and oEmbed
# (JSON 405s of their own), the iframe pages (frontend_widget.http.read_only: OPTIONS too),
# Wagtail's page- and document-password forms (a POST), and the subscription pages (their form
# and links POST: frontend_widget.mailing.subscribe_views), whose form sits beside each series.
OWN_METHODS = ("/api/", "/embed/", "/_util/", "/documents/authenticate_with_password/", "/prenumerera/")
OWN_METHODS_ENDINGS = ("/prenumerera/",)


class PublicMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            request.method not in PUBLIC_METHODS
            and not path.startswith((*OWN_METHODS, admin_prefix()))
            and not path.endswith(OWN_METHODS_ENDINGS)
        ):
            response = HttpResponseNotAllowed(PUBLIC_METHODS)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def admin_prefix() -> str:
    from cms.csp import admin_prefix as prefix

    return prefix()
