"""Wagtail's page-password form, throttled like the admin's login (issue 25).

A password-protected report must not be open to guessing: the same django-axes counters as the
login, per restriction and address (the "account" is the restriction), the same limit, lockout
time and log line. While an address is locked, even the right password shows the form again,
with a Swedish message, and status 429.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import views as wagtail_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction


def credentials(restriction_id: int) -> dict:
    return {settings.AXES_USERNAME_FORM_FIELD: f"sidlösenord:{restriction_id}"}


def authenticate_with_password(request, page_view_restriction_id: int, page_id: int):
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    attempt = credentials(restriction.pk)
    if AxesProxyHandler.is_allowed(request, attempt):
        response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
        if response.status_code != 200:  # the password was right: on to the page
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
    action = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    response = page.serve_password_required_response(request, form, action)
    response.status_code = 429
    return response
