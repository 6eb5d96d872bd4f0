"""The Content-Security-Policy of every answer the site gives, through django-csp.

One middleware (django-csp's, with the policy chosen per answer) instead of a header per view, so
that no page can be forgotten. Three policies, all in settings (`CONTENT_SECURITY_POLICIES`, built
from the environment in cms/settings.py), so an operator reads them in one place:

- "site": the public HTML (report, series, archive, FAQ and home pages, the /widget/ page, error
  pages). Scripts, styles, images and fonts from this server only; nothing inline, so no nonce is
  needed and a front cache may share one answer between visitors (a cached nonce is no nonce).
  A view that must show something inline adds the hashes of exactly that (the /widget/ page).
- "admin": Wagtail's admin and its previews. Wagtail 8 still writes inline `<script>` elements
  (the date and time pickers, choosers, InlinePanel, MultipleChooserPanel) and style attributes,
  so this one allows 'unsafe-inline' for scripts and styles; never 'unsafe-eval'. docs/security.md
  says why that is acceptable there (only signed-in staff, whose input is sanitised on output).
- "data": JSON, feeds and other answers that are not pages: they load nothing, so nothing is allowed.

The iframe pages (`frontend_widget.embed`) and /api/docs/ set their own, stricter or different
policies; an answer that already carries the header keeps it (django-csp never overwrites one).
"""

import functools
from dataclasses import replace

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse

# Answers under these paths are data, not pages (the API's JSON, the RSS and Atom feeds).
DATA_PREFIXES = ("/api/", "/flode/")


@functools.cache
def admin_prefix() -> str:
    """Where cms/urls.py mounts Wagtail admin."""
    return reverse("wagtailadmin_home")


def policy_name(request, response) -> str:
    """Which of the three policies an answer gets: by its address, and by whether it is a page.

    A preview is a page rendered for the admin, which frames it: Wagtail runs it through the
    middleware as a dummy request (`is_dummy`) with the page's public path, inside the admin's own.
    A 304 has no Content-Type: it gets the policy of its address, the same as its 200 would,
    since a browser's cache replaces the stored answer's headers with the 304's.
    """
    path = request.path_info
    if path.startswith(admin_prefix()) or getattr(request, "is_dummy", False):
        return "admin"
    if response.status_code == 304:
        return "data" if path.startswith(DATA_PREFIXES) else "site"
    return "site" if response.get("Content-Type", "").startswith("text/html") else "data"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy of `policy_name` for each answer."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        setting = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        if parts.config is not None or not getattr(settings, setting, None):
            return parts
        name = policy_name(request, response)
        directives = settings.CONTENT_SECURITY_POLICIES[name]
        if name == "admin" and getattr(settings, "OIDC_OP_ISSUER", ""):
            directives = with_provider(directives, settings.OIDC_OP_ISSUER)
        return replace(parts, config=default_config(directives))


def with_provider(directives: dict, issuer: str) -> dict:
    """The admin's policy, letting the logout form go on to the identity provider's end-session page.

    Chromium applies form-action to the redirects after a form's POST too, and Wagtail's "Logga ut"
    is a form whose answer redirects to the provider (cms/sign_in.py, RP-initiated logout).
    """
    origin = issuer.split("/", 3)
    return {**directives, "form-action": [*directives["form-action"], "/".join(origin[:3])]}
