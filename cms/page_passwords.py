"""Wagtail's page- and document-password forms, throttled like the admin's login (issue 25).

A password-protected report or document must not be open to guessing: the same django-axes
counters as the login, per restriction and address (the "account" is the restriction), the same
limit, lockout time and log line. While an address is locked, even the right password shows the
form again, with a Swedish message, and status 429.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction


def credentials(kind: str, restriction_id: int) -> dict:
    """The "account" axes counts for a restriction: pages' and collections' ids are numbered apart."""
    return {settings.AXES_USERNAME_FORM_FIELD: f"{kind}:{restriction_id}"}


def authenticate_with_password(request, page_view_restriction_id: int, page_id: int):
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific

    def locked(form):
        action = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
        return page.serve_password_required_response(request, form, action)

    return throttled(
        request,
        credentials("sidlösenord", restriction.pk),
        restriction,
        check=lambda: wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id),
        locked=locked,
    )


def authenticate_document_with_password(request, restriction_id: int):
    if request.method != "POST":
        return document_views.authenticate_with_password(request, restriction_id)
    restriction = get_object_or_404(CollectionViewRestriction, id=restriction_id)

    def locked(form):
        # As Wagtail's own document view renders the form (wagtail.documents.views.serve).
        action = reverse("wagtaildocs_authenticate_with_password", args=[restriction.id])
        template = getattr(
            settings, "WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE", "wagtaildocs/password_required.html"
        )
        return TemplateResponse(request, template, {"form": form, "action_url": action})

    return throttled(
        request,
        credentials("dokumentlösenord", restriction.pk),
        restriction,
        check=lambda: document_views.authenticate_with_password(request, restriction_id),
        locked=locked,
    )


def throttled(request, attempt: dict, restriction, check, locked):
    """Wagtail's answer (`check()`) while the address may try; `locked(form)` with 429 once it may not.

    Wagtail's views redirect when the password is right and show the form again (200) when not.
    """
    if AxesProxyHandler.is_allowed(request, attempt):
        response = check()
        if response.status_code != 200:  # the password was right: on to the page or document
            return response
        user_login_failed.send(sender=__name__, credentials=attempt, request=request)
        if not getattr(request, "axes_locked_out", False):
            return response
    request.axes_locked_out = False  # answered here, not by axes' middleware
    form = PasswordViewRestrictionForm(
        instance=restriction, initial={"return_url": request.POST.get("return_url")}
    )
    form.cleaned_data = {}  # add_error() expects a cleaned form
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form.add_error(
        None,
        _("Too many wrong passwords from your address. Try again in %(minutes)s minutes.")
        % {"minutes": minutes},
    )
    response = locked(form)
    response.status_code = 429
    add_never_cache_headers(response)
    return response
