"""The public "Prenumerera" pages: the form beside a series, and the two links the e-mails carry.

- `<series address>prenumerera/`: one e-mail field. Its answer is the same for every clean
  address (`subscriptions.ask`); a bad address is shown again with a Swedish message.
- `/prenumerera/bekrafta/<link>/`: the confirmation link. GET shows a button, POST confirms: a
  mail scanner that opens every link must not use up the one confirmation.
- `/prenumerera/avsluta/<link>/`: GET shows a button; POST ends the subscription. The POST needs
  no CSRF token and no login: RFC 8058's one-click, which a mail client sends on its own.

Only a series the public may see has a form; every answer is private and never cached.
"""

from django import forms
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import BaseThrottle
from wagtail.models import Site

from rapport_blocks.models import RapportIndexPage
from rapport_blocks.rules import visibility
from rapport_blocks.rules.presentation import report_base_url

from ..conf import delivery_settings
from . import subscriptions

PROBLEMS = {
    subscriptions.LinkProblem.TAMPERED: (
        400,
        gettext_lazy("The link does not work"),
        gettext_lazy(
            "The link is incomplete or has been changed. Copy the whole link from the e-mail, or "
            "start again from the series' page."
        ),
    ),
    subscriptions.LinkProblem.EXPIRED: (
        410,
        gettext_lazy("The link has expired"),
        gettext_lazy(
            "A confirmation link is valid for %(hours)s hours. Nothing has been stored: subscribe "
            "again from the series' page to get a new link."
        ),
    ),
    subscriptions.LinkProblem.USED: (
        410,
        gettext_lazy("The link has already been used"),
        gettext_lazy("The link has already been used, and nothing more was changed."),
    ),
}


class SubscribeForm(forms.Form):
    address = forms.CharField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        strip=False,  # a trailing line break must reach clean_address, which refuses it
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter your e-mail address.")},
    )

    def clean_address(self):
        return subscriptions.clean_address(self.cleaned_data["address"])


def _private(response):
    add_never_cache_headers(response)
    return response


def _render(request, template: str, context: dict, status: int = 200):
    return _private(
        TemplateResponse(request, f"frontend_widget/subscribe/{template}", context, status=status)
    )


def _series_at(request, path: str) -> RapportIndexPage:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page
    series = RapportIndexPage.objects.filter(url_path=root.url_path + path).first()
    if series is None or not visibility.is_visible(series, root.path):
        raise Http404
    return series


def _client(request) -> str:
    """The client's address as the API's throttle reads it (X-Forwarded-For past NUM_PROXIES)."""
    return BaseThrottle().get_ident(request)


def _links(series) -> subscriptions.Links:
    # The site's configured root URL, never the request's Host: a link in an e-mail must not be
    # pointed elsewhere by a forged header.
    base = report_base_url(series)
    return subscriptions.Links(
        confirm=lambda token: base + reverse("lagesbild-subscribe-confirm", args=[token]),
        unsubscribe=lambda token: base + reverse("lagesbild-unsubscribe", args=[token]),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request, path: str):
    series = _series_at(request, path)
    context = {
        "series": series,
        "page": series,
        "title": _("Subscribe to %(series)s") % {"series": series.title},
    }
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            try:
                subscriptions.ask(series, form.cleaned_data["address"], _client(request), _links(series))
            except subscriptions.TooManyRequests:
                form.add_error(None, _("Too many attempts from your address. Try again in an hour."))
                return _render(request, "form.html", {**context, "form": form}, status=429)
            except subscriptions.NotSent:
                form.add_error(None, _("The e-mail could not be sent just now. Try again in a while."))
                return _render(request, "form.html", {**context, "form": form}, status=503)
            return redirect(request.path + "?skickat=1")
        return _render(request, "form.html", {**context, "form": form}, status=400)
    if request.GET.get("skickat"):
        return _render(request, "sent.html", context)
    return _render(request, "form.html", {**context, "form": SubscribeForm()})


def _problem(request, problem: subscriptions.LinkProblem):
    status, title, text = PROBLEMS[problem.kind]
    if problem.kind == subscriptions.LinkProblem.EXPIRED:
        text = text % {"hours": delivery_settings.SUBSCRIBE_CONFIRM_HOURS}
    return _render(request, "problem.html", {"title": title, "text": text}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt  # the link's signature is the proof; the form carries no session of the visitor's
def confirm(request, token: str):
    try:
        if request.method == "POST":
            subscriber = subscriptions.confirm(token, RapportIndexPage)
            series = subscriber.series
            return _render(request, "confirmed.html", {"series": series, "title": _("You subscribe now")})
        data = subscriptions.read_confirmation(token)
    except subscriptions.LinkProblem as problem:
        return _problem(request, problem)
    series = RapportIndexPage.objects.filter(pk=data["s"]).first()
    if series is None:
        return _problem(request, subscriptions.LinkProblem(subscriptions.LinkProblem.TAMPERED))
    context = {"series": series, "address": data["a"], "title": _("Confirm your subscription")}
    return _render(request, "confirm.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt  # RFC 8058: the one-click POST comes from a mail client, without a token or a login
def unsubscribe(request, token: str):
    try:
        subscriber = subscriptions.read_unsubscribe(token)
    except subscriptions.LinkProblem as problem:
        if problem.kind == subscriptions.LinkProblem.USED:
            title = _("The subscription has already ended")
            text = _("The address no longer receives the series' reports. Nothing more to do.")
            return _render(request, "problem.html", {"title": title, "text": text})
        return _problem(request, problem)
    series = subscriber.series
    if request.method == "POST":
        subscriptions.end(subscriber)
        return _render(request, "ended.html", {"series": series, "title": _("The subscription has ended")})
    context = {"series": series, "address": subscriber.address, "title": _("End subscription")}
    return _render(request, "unsubscribe.html", context)
