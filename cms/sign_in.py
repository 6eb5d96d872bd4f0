"""Signing in to the admin: the organisation's identity provider, and a local login that can't be guessed.

OpenID Connect through mozilla-django-oidc (docs/deployment.md, "Sign-in", says why not allauth):
the authorization-code flow with PKCE, state and nonce. What this module adds to the library:

- the ID token is checked as OpenID Connect requires (issuer, audience, expiry, issued-at; the
  library checks the signature and the nonce only), with PyJWT;
- people are found by the provider's `sub` (with its issuer, `ProviderIdentity`), never by
  e-mail, and created at their first sign-in only if a group of theirs is mapped to a Wagtail
  group; the groups are applied at every sign-in by `rapport_blocks.admin.provider_roles`;
- the provider's endpoints come from its discovery document when not set one by one;
- failures are a Swedish message on Wagtail's login page, never an error page;
- signing out ends the provider's session too where it has an end-session endpoint.

The local login is throttled by django-axes (settings AXES_*): per account and address, see
`locked_out` and docs/security.md for the trade-off.
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.dispatch import receiver
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc import auth as oidc_auth
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.utils import import_from_settings
from rest_framework.throttling import BaseThrottle
from wagtail.admin.views import account

from rapport_blocks.admin import provider_roles

logger = logging.getLogger("lagesbild.sign_in")

# The provider's settings that its discovery document can give.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
DISCOVERY_SECONDS = 3600


class ProviderUnavailable(Exception):
    pass


def configured() -> bool:
    return bool(getattr(settings, "OIDC_OP_ISSUER", ""))


def organisation() -> str:
    return getattr(settings, "OIDC_ORGANISATION", "") or _("your organisation")


def discovery() -> dict:
    """The provider's discovery document, kept an hour in the shared cache."""
    issuer = settings.OIDC_OP_ISSUER.rstrip("/")
    key = f"sign-in:discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration", timeout=provider_setting("OIDC_TIMEOUT", 10)
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.warning("Sign-in: the provider's discovery document could not be read: %s", error)
            raise ProviderUnavailable from error
        if document.get("issuer", "").rstrip("/") != issuer:
            logger.error(
                "Sign-in: the discovery document names issuer %r, not %r", document.get("issuer"), issuer
            )
            raise ProviderUnavailable
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def provider_setting(attr: str, *default):
    """A mozilla-django-oidc setting; an endpoint not set is read from the discovery document."""
    if attr in DISCOVERED and not getattr(settings, attr, None) and configured():
        value = discovery().get(DISCOVERED[attr])
        if value:
            return value
    return import_from_settings(attr, *default)


def refuse(request, message: str):
    """Back to Wagtail's login page with the reason, in Swedish."""
    messages.error(request, message)
    return HttpResponseRedirect(reverse("wagtailadmin_login"))


# The provider's side


class ProviderBackend(oidc_auth.OIDCAuthenticationBackend):
    """Authenticates the code flow's callback; see the module's docstring for what it adds."""

    get_settings = staticmethod(provider_setting)

    def __init__(self, *args, **kwargs):
        # Django makes a backend for every request of a signed-in user (get_user): nothing here
        # may ask the provider, so the settings are read when a sign-in needs them (below).
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: provider_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: provider_setting("OIDC_OP_USER_ENDPOINT", None))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: provider_setting("OIDC_OP_JWKS_ENDPOINT", None))
    OIDC_RP_CLIENT_ID = property(lambda self: provider_setting("OIDC_RP_CLIENT_ID"))
    OIDC_RP_CLIENT_SECRET = property(lambda self: provider_setting("OIDC_RP_CLIENT_SECRET"))
    OIDC_RP_SIGN_ALGO = property(lambda self: provider_setting("OIDC_RP_SIGN_ALGO", "RS256"))
    OIDC_RP_IDP_SIGN_KEY = property(lambda self: provider_setting("OIDC_RP_IDP_SIGN_KEY", None))

    def authenticate(self, request, **kwargs):
        if request is None or not configured() or "code_verifier" not in kwargs:
            return None  # a password login, or no provider: not this backend's
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, ProviderUnavailable, requests.RequestException, jwt.PyJWTError) as error:
            logger.warning("Sign-in with the provider refused: %s", error)
            request.sign_in_refusal = _(
                "The sign-in with %(organisation)s could not be completed. Please try again."
            ) % {"organisation": organisation()}
            return None

    def _verify_jws(self, payload, key):
        """The signature, and the claims OpenID Connect requires of an ID token (Core 3.1.3.7)."""
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER,
                leeway=settings.OIDC_LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token refused: several audiences and another azp")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with UserInfo's where the provider has that endpoint.

        The ID token's win: Entra ID names the groups there and not in its UserInfo. A UserInfo
        answer about another `sub` is refused (OpenID Connect Core 5.3.2).
        """
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        info = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload["sub"]:
            raise SuspiciousOperation("UserInfo is about another subject than the ID token")
        return {**info, **payload}

    @transaction.atomic
    def get_or_create_user(self, access_token, id_token, payload):
        from cms.models import ProviderIdentity

        claims = self.get_userinfo(access_token, id_token, payload)
        identity = (
            ProviderIdentity.objects.select_related("user")
            .filter(issuer=claims["iss"], subject=claims["sub"])
            .first()
        )
        roles = provider_roles.roles(claims)
        if identity is not None:
            # Re-read at every sign-in: out of the provider's group, out of the Wagtail group.
            provider_roles.apply_roles(identity.user, claims)
        if not roles:
            logger.warning(
                "Sign-in refused: %s (sub %s) has no mapped group (groups claim: %s)",
                claims.get("preferred_username") or claims.get("email") or "?",
                claims["sub"],
                sorted(provider_roles.provider_values(claims)),
            )
            self.request.sign_in_refusal = _(
                "You are signed in at %(organisation)s, but you are not in any group that may work "
                "in Lägesbild. Ask your administrator to add you."
            ) % {"organisation": organisation()}
            return None
        if identity is None:
            user = self.UserModel.objects.create_user(self.username_for(claims))  # no usable password
            identity = ProviderIdentity.objects.create(user=user, issuer=claims["iss"], subject=claims["sub"])
            provider_roles.apply_roles(user, claims)
            logger.info("Sign-in: created %s for sub %s", user.get_username(), claims["sub"])
        return self.update_user(identity.user, claims)

    def update_user(self, user, claims):
        """Name and e-mail as the provider has them now (shown in Wagtail's history and workflow)."""
        user.first_name = (claims.get("given_name") or claims.get("name") or user.first_name)[:150]
        user.last_name = (
            (claims.get("family_name") or "")[:150] if claims.get("given_name") else user.last_name
        )
        user.email = claims.get("email") or user.email
        user.save(update_fields=["first_name", "last_name", "email"])
        return user

    def username_for(self, claims) -> str:
        """A readable username that no one has: it is never used to find the person again."""
        wanted = (claims.get("preferred_username") or claims.get("email") or "").strip()[:140]
        wanted = wanted or f"sso-{claims['sub'][:40]}"
        username, number = wanted, 1
        while self.UserModel.objects.filter(username__iexact=username).exists():
            number += 1
            username = f"{wanted}-{number}"
        return username


class SignInStart(oidc_views.OIDCAuthenticationRequestView):
    """ "Logga in med <organisation>": to the provider, with state, nonce and a PKCE challenge."""

    get_settings = staticmethod(provider_setting)

    def __init__(self, **kwargs):
        oidc_views.View.__init__(self, **kwargs)  # the endpoints are read in get(), not here

    def get(self, request):
        if not configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable:
            return refuse(
                request,
                _("The sign-in service of %(organisation)s does not answer. Please try again in a while.")
                % {"organisation": organisation()},
            )
        self.OIDC_RP_CLIENT_ID = provider_setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class SignInCallback(oidc_views.OIDCAuthenticationCallbackView):
    """The provider's answer: a session, or the Swedish reason on the login page."""

    get_settings = staticmethod(provider_setting)

    def get(self, request):
        if not configured():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as error:  # a state this session never sent, or sent once already
            logger.warning("Sign-in callback refused: %s", error)
            return self.login_failure()

    @property
    def success_url(self):
        return self.request.session.get("oidc_login_next") or reverse("wagtailadmin_home")

    def login_success(self):
        response = super().login_success()
        self.request.session.set_expiry(settings.OIDC_SESSION_SECONDS)
        return response

    def login_failure(self):
        reason = getattr(self.request, "sign_in_refusal", None)
        if reason is None and self.request.GET.get("error") == "access_denied":
            reason = _("The sign-in was cancelled at %(organisation)s.") % {"organisation": organisation()}
        return refuse(
            self.request,
            reason
            or _("The sign-in with %(organisation)s could not be completed. Please try again.")
            % {"organisation": organisation()},
        )


def end_session_url(request) -> str | None:
    """The provider's end-session address for this session (RP-initiated logout), if it has one."""
    id_token = request.session.get("oidc_id_token")
    if not id_token or not configured():
        return None
    try:
        endpoint = provider_setting("OIDC_OP_LOGOUT_ENDPOINT", None)
    except ProviderUnavailable:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": provider_setting("OIDC_RP_CLIENT_ID"),
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("wagtailadmin_login")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


# Wagtail's own login and logout, with the provider


class LoginView(account.LoginView):
    """Wagtail's login page, with "Logga in med <organisation>" and the password form if it is on."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sign_in_provider"] = organisation() if configured() else ""
        context["password_login"] = settings.LAGESBILD_PASSWORD_LOGIN
        return context

    def post(self, request, *args, **kwargs):
        if not settings.LAGESBILD_PASSWORD_LOGIN:
            return refuse(
                request,
                _("Signing in with a password is switched off. Sign in with %(organisation)s.")
                % {"organisation": organisation()},
            )
        return super().post(request, *args, **kwargs)


class LogoutView(account.LogoutView):
    """Wagtail's logout; after a provider sign-in, on to the provider's end-session endpoint."""

    def post(self, request, *args, **kwargs):
        self.end_session = end_session_url(request)  # read before the session is flushed
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        return getattr(self, "end_session", None) or super().get_success_url()


# The local login's throttle (django-axes)


def client_address(request) -> str:
    """The client's address as the API's throttle reads it (X-Forwarded-For past NUM_PROXIES)."""
    return BaseThrottle().get_ident(request)


def locked_out(request, original_response=None, credentials=None):
    """Axes' answer to a locked address and account: Wagtail's login page, a Swedish reason, 429."""
    view = LoginView()
    view.setup(request)
    # Unbound: validating the form again would authenticate, and count, once more.
    form = view.get_form_class()(request, initial={"username": request.POST.get("username", "")})
    form.cleaned_data = {}  # add_error() expects a cleaned form
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins for this account from your address. For your security you cannot "
        "sign in with a password from here for %(minutes)s minutes."
    ) % {"minutes": minutes}
    if configured():
        message += " " + _("You can still sign in with %(organisation)s.") % {"organisation": organisation()}
    form.add_error(None, message)
    # Rendered here: axes' middleware answers after Django has rendered the view's response.
    return view.render_to_response(view.get_context_data(form=form), status=429).render()


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    logger.warning(
        "Sign-in locked: %d failed attempts for %r from %s; locked for %s",
        settings.AXES_FAILURE_LIMIT,
        username,
        ip_address,
        settings.AXES_COOLOFF_TIME,
    )
