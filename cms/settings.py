"""Settings for the Lägesbild host project.

Everything that differs between a laptop and production comes from the environment, so
`DJANGO_SETTINGS_MODULE=cms.settings` works with no variable set (an embedded SQLite database and
a file-based cache) and production is configured by variables alone (see docs/deployment.md).
"""

import datetime as dt
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cms import email_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LAGESBILD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
# No variable set means a developer's machine: DEBUG on with a throw-away key. Production sets
# SECRET_KEY, and DEBUG is then off unless asked for; DEBUG off without a key is refused.
DEBUG = env_bool("DEBUG", default=not SECRET_KEY)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "rapport_blocks",
    "frontend_widget",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "axes",
    "mozilla_django_oidc",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: the API's whole answers, kept per generation, before the rest runs (front_answers.py).
    "frontend_widget.front_answers.FrontAnswerMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer (cms/csp.py, CONTENT_SECURITY_POLICIES below).
    "cms.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 405 for what a public address does not serve (TRACE, POST to a page or feed: cms/methods.py).
    "cms.methods.PublicMethodsMiddleware",
    "frontend_widget.compression.CompressionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's, with the storage made on first use (cms/messages.py).
    "cms.messages.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The local login's lockout page (AXES_* below).
    "axes.middleware.AxesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After CSRF: the admin's page actions in one transaction each (a publish is all or nothing).
    "rapport_blocks.admin.middleware.AtomicPageActions",
    # Last: the series and home pages and the feeds, rendered once per generation for anonymous GETs.
    "frontend_widget.page_cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache that every worker process shares: a folder by default, Redis when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, but a lost Redis is a miss (logged once), not a 500.
            "BACKEND": "frontend_widget.redis_cache.FailSoftRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "lagesbild"),
            # A Redis that hangs holds a request this long at most (seconds).
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("LAGESBILD_CACHE_DIR", str(VAR_DIR / "cache")),
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Sign-in (docs/deployment.md, "Sign-in"; cms/sign_in.py). The organisation's identity provider
# by OpenID Connect when OIDC_ISSUER is set; the local password login beside it for a break-glass
# administrator, or off (LAGESBILD_PASSWORD_LOGIN=0: no password signs anyone in anywhere).
LAGESBILD_PASSWORD_LOGIN = env_bool("LAGESBILD_PASSWORD_LOGIN", True)
OIDC_OP_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    *(["cms.sign_in.ProviderBackend"] if OIDC_OP_ISSUER else []),
    *(["django.contrib.auth.backends.ModelBackend"] if LAGESBILD_PASSWORD_LOGIN else []),
]
if OIDC_OP_ISSUER:
    if not (os.environ.get("OIDC_CLIENT_ID") and os.environ.get("OIDC_CLIENT_SECRET")):
        raise ImproperlyConfigured("OIDC_ISSUER is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too.")
    OIDC_ORGANISATION = os.environ.get("OIDC_ORGANISATION", "")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_CLIENT_SECRET"]
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
    # Read from the provider's discovery document when not set.
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT") or None
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT") or None
    OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT") or None
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_URI") or None
    OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_END_SESSION_ENDPOINT") or None
    OIDC_USE_PKCE = True
    OIDC_USE_NONCE = True
    # For the RP-initiated logout's id_token_hint.
    OIDC_STORE_ID_TOKEN = True
    OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "10"))
    # The provider's group values → Wagtail groups (rapport_blocks.admin.provider_roles); comma-separated.
    RAPPORT_BLOCKS_PROVIDER_GROUPS = {
        **{value: "Redaktörer" for value in env_list("OIDC_GROUPS_REDAKTORER")},
        **{value: "Granskare" for value in env_list("OIDC_GROUPS_GRANSKARE")},
        # Further groups only where configured: "provider value=Wagtail group;…".
        **dict(
            item.split("=", 1) for item in os.environ.get("OIDC_GROUPS_OTHER", "").split(";") if "=" in item
        ),
    }
    RAPPORT_BLOCKS_PROVIDER_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
# Seconds of clock difference allowed between the provider and this server.
OIDC_LEEWAY_SECONDS = int(os.environ.get("OIDC_LEEWAY_SECONDS", "60"))
# How long a provider sign-in lasts (a working day), after which the groups are read again.
OIDC_SESSION_SECONDS = int(os.environ.get("OIDC_SESSION_SECONDS", str(10 * 3600)))

# The local login's throttle (django-axes; docs/security.md): failures are counted per account
# *and* address in the database. After AXES_FAILURE_LIMIT that address is refused for that
# account for AXES_COOLOFF_TIME, and further failures meanwhile do not extend it, so nobody can
# keep an editor locked out; the same account from another address, and the provider's sign-in,
# still work. Every lockout is logged (cms.sign_in.log_lockout).
AXES_FAILURE_LIMIT = int(os.environ.get("LAGESBILD_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LAGESBILD_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.sign_in.client_address"
AXES_LOCKOUT_CALLABLE = "cms.sign_in.locked_out"
# A successful sign-in is Wagtail's own log's business; axes keeps the failures.
AXES_DISABLE_ACCESS_LOG = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# locale/ holds Swedish for Wagtail's own strings that its catalogue lacks (django and djangojs);
# LOCALE_PATHS take precedence over the apps' catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "cms" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("LAGESBILD_PLAIN_STATIC")
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
# Intranet pages on other origins load the widget as a module script, which is fetched in CORS mode.
WHITENOISE_ALLOW_ALL_ORIGINS = True

# Behind a proxy that terminates TLS: every public address is https. HTTP is redirected (except
# /healthz, which load balancers probe over plain HTTP), and browsers are told to remember that
# (HSTS). Whether subdomains and the preload list are included is the domain owner's decision.
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"


# Content-Security-Policy (django-csp, cms/csp.py; docs/security.md): one policy for the public
# pages, one for Wagtail admin, one for data (JSON, feeds). Never 'unsafe-eval'. Static and media
# files come from this server unless STATIC_URL or MEDIA_URL name another origin, which is then
# allowed. CSP_FRAME_ANCESTORS: origins that may frame the site's pages (default none: the iframe
# pages /embed/ have their own, the CORS origins). CSP_REPORT_URI: where browsers report
# violations. CSP_REPORT_ONLY=1 sends the policies as Content-Security-Policy-Report-Only (to roll
# a change out), not enforced.
def _origin(url: str) -> list[str]:
    match = re.match(r"^(https?://[^/]+)", url or "")
    return [match.group(1)] if match else []


_FILES = ["'self'", *_origin(STATIC_URL), *_origin(MEDIA_URL)]
_FRAME_ANCESTORS = env_list("CSP_FRAME_ANCESTORS") or ["'none'"]
_REPORT_URI = env_list("CSP_REPORT_URI")
CONTENT_SECURITY_POLICIES = {
    "site": {
        "default-src": ["'none'"],
        "script-src": _FILES,
        "style-src": _FILES,
        "img-src": [*_FILES, "data:"],
        "font-src": _FILES,
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "manifest-src": ["'self'"],
        "media-src": _FILES,
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": _FRAME_ANCESTORS,
    },
    # Wagtail 8's admin writes inline scripts and style attributes (docs/security.md).
    "admin": {
        "default-src": ["'self'"],
        "script-src": [*_FILES, "'unsafe-inline'"],
        "style-src": [*_FILES, "'unsafe-inline'"],
        "img-src": [*_FILES, "data:", "blob:"],
        "font-src": _FILES,
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        # The admin frames its own previews.
        "frame-ancestors": ["'self'"],
    },
    "data": {
        "default-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
    },
}
for _policy in CONTENT_SECURITY_POLICIES.values():
    if _REPORT_URI:
        _policy["report-uri"] = _REPORT_URI
_CSP = {"DIRECTIVES": CONTENT_SECURITY_POLICIES["site"]}
if env_bool("CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = None, _CSP
else:
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP, None
# Pages that other origins may frame (CSP_FRAME_ANCESTORS) cannot also be refused by X-Frame-Options.
X_FRAME_OPTIONS = "DENY" if _FRAME_ANCESTORS == ["'none'"] else "SAMEORIGIN"

# A front cache purged on every publish (frontend_widget/purge.py, docs/deployment.md), through
# wagtail.contrib.frontend_cache's backends: HTTP PURGE (Varnish, nginx) to each address of
# LAGESBILD_PURGE_URLS, and the CDN backends when their variables are set.
WAGTAILFRONTENDCACHE = {}
for _number, _location in enumerate(env_list("LAGESBILD_PURGE_URLS")):
    WAGTAILFRONTENDCACHE[f"http{_number}"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": _location,
    }
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):  # needs boto3 installed
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
if os.environ.get("AZURE_CDN_ENDPOINT_NAME"):  # needs azure-mgmt-cdn installed
    WAGTAILFRONTENDCACHE["azure_cdn"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.AzureCdnBackend",
        "RESOURCE_GROUP_NAME": os.environ.get("AZURE_RESOURCE_GROUP_NAME", ""),
        "CDN_PROFILE_NAME": os.environ.get("AZURE_CDN_PROFILE_NAME", ""),
        "CDN_ENDPOINT_NAME": os.environ["AZURE_CDN_ENDPOINT_NAME"],
    }
if os.environ.get("AZURE_FRONT_DOOR_NAME"):  # needs azure-mgmt-frontdoor installed
    WAGTAILFRONTENDCACHE["azure_front_door"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.AzureFrontDoorBackend",
        "RESOURCE_GROUP_NAME": os.environ.get("AZURE_RESOURCE_GROUP_NAME", ""),
        "FRONT_DOOR_NAME": os.environ["AZURE_FRONT_DOOR_NAME"],
    }

# The delivery's and the plugin's settings have their one default each in frontend_widget/conf.py
# and rapport_blocks/conf.py (README, "Settings"); this project sets one only where the environment
# names it or where this deployment differs from the default.
if os.environ.get("LAGESBILD_CACHE_CONTROL"):
    LAGESBILD_CACHE_CONTROL = os.environ["LAGESBILD_CACHE_CONTROL"]
elif WAGTAILFRONTENDCACHE:
    # With a purged front cache, shared caches keep answers for a day (a purge ends them) and
    # browsers, which nobody can purge, for half a minute (docs/api.md, docs/performance.md).
    LAGESBILD_CACHE_CONTROL = "public, max-age=30, s-maxage=86400"
if os.environ.get("LAGESBILD_LOCAL_CACHE_SECONDS"):
    LAGESBILD_LOCAL_CACHE_SECONDS = float(os.environ["LAGESBILD_LOCAL_CACHE_SECONDS"])
if os.environ.get("LAGESBILD_API_PAGE_SIZE"):
    LAGESBILD_API_PAGE_SIZE = int(os.environ["LAGESBILD_API_PAGE_SIZE"])
if os.environ.get("LAGESBILD_THROTTLE_RATE"):
    LAGESBILD_THROTTLE_RATE = os.environ["LAGESBILD_THROTTLE_RATE"]
# Where visitors reach the site ("https://lagesbild.example.se"), for the pre-warm after a publish
# (frontend_widget/prewarm/); unset: each Wagtail site's root URL.
if env_list("LAGESBILD_PREWARM_ORIGINS"):
    LAGESBILD_PREWARM_ORIGINS = env_list("LAGESBILD_PREWARM_ORIGINS")
if os.environ.get("LAGESBILD_THROTTLE_CACHE"):
    LAGESBILD_THROTTLE_CACHE = os.environ["LAGESBILD_THROTTLE_CACHE"]
elif os.environ.get("REDIS_URL"):
    # Throttle counters in Redis, so that all workers count together; without it each worker's
    # memory (a file per request would cost more than the answer).
    LAGESBILD_THROTTLE_CACHE = "default"
# Mounts the comparison views that bench/ measures against (a constant JSON view, Wagtail's API
# v2); never on in production.
LAGESBILD_BENCH = env_bool("LAGESBILD_BENCH")
if LAGESBILD_BENCH:
    INSTALLED_APPS.append("wagtail.api.v2")
    # What one piece of the hot path costs, measured by turning it off (bench/run.py): any of
    # "front", "csp", "compression", "throttle", "etag", comma-separated. Only ever with LAGESBILD_BENCH.
    LAGESBILD_BENCH_WITHOUT = [p for p in os.environ.get("LAGESBILD_BENCH_WITHOUT", "").split(",") if p]
    if "front" in LAGESBILD_BENCH_WITHOUT:
        MIDDLEWARE.remove("frontend_widget.front_answers.FrontAnswerMiddleware")
    if "csp" in LAGESBILD_BENCH_WITHOUT:
        MIDDLEWARE.remove("cms.csp.ContentSecurityPolicyMiddleware")
    if "compression" in LAGESBILD_BENCH_WITHOUT:
        MIDDLEWARE.remove("frontend_widget.compression.CompressionMiddleware")
    if "throttle" in LAGESBILD_BENCH_WITHOUT:
        LAGESBILD_THROTTLE_RATE = "off"
# The report page renders the delivery's cached presentation (docs/presentation.md).
RAPPORT_BLOCKS_PRESENTER = "frontend_widget.pages.cached_presentation"
# The widget's module, for the reports' "Widget" preview mode (a static path).
RAPPORT_BLOCKS_WIDGET_SCRIPT = "frontend_widget/lagesbild-widget.js"
# The report's "E-post" preview mode shows the e-mail channel's HTML part.
RAPPORT_BLOCKS_EMAIL_PREVIEW = "frontend_widget.mailing.views.email_preview"
# Each report's PDF at its address + "pdf/", and the "Ladda ner som PDF" link (docs/pdf.md).
RAPPORT_BLOCKS_PDF_VIEW = "frontend_widget.pdf.views.serve"

# The delivery's API declares its own DRF and drf-spectacular settings (frontend_widget/api.py,
# api_docs.py); this is the deployment's: proxies in front that append to X-Forwarded-For, the
# client address for throttling. 0 trusts no X-Forwarded-For (DRF's default None would let any
# client pick its own address).
REST_FRAMEWORK = {"NUM_PROXIES": int(os.environ.get("NUM_PROXIES") or 0)}
# This site describes no API of its own with drf-spectacular: its deploy check would generate a
# schema of Wagtail's admin API too. frontend_widget's check covers the API's document instead.
SPECTACULAR_SETTINGS = {"ENABLE_DJANGO_DEPLOY_CHECK": False}

# CORS for the API only: exact origins from the environment, read-only, never credentials or "null".
CORS_ALLOWED_ORIGINS = [
    origin.rstrip("/") for origin in env_list("LAGESBILD_CORS_ORIGINS") if origin.rstrip("/") != "null"
]
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# E-mail (docs/deployment.md): EMAIL_URL such as smtp+tls://user:password@smtp.example.se:587.
# Without it, messages are printed to the console (the demo).
globals().update(
    email_url.parse(
        os.environ.get("EMAIL_URL") or "console://", timeout=int(os.environ.get("EMAIL_TIMEOUT", "30"))
    )
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lägesbild <lagesbild@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where replies go, and the contact the List-Unsubscribe header names (the list's owner).
LAGESBILD_EMAIL_REPLY_TO = env_list("LAGESBILD_EMAIL_REPLY_TO")
# Hosts or networks a webhook may reach although they are not public, and over http (docs/webhooks.md).
LAGESBILD_WEBHOOK_ALLOW_HOSTS = env_list("LAGESBILD_WEBHOOK_ALLOW_HOSTS")
# The domains an address must have to subscribe itself (docs/subscriptions.md); empty: any.
LAGESBILD_SUBSCRIBE_DOMAINS = env_list("LAGESBILD_SUBSCRIBE_DOMAINS")
if os.environ.get("LAGESBILD_EMAIL_UNSUBSCRIBE"):
    LAGESBILD_EMAIL_UNSUBSCRIBE = os.environ["LAGESBILD_EMAIL_UNSUBSCRIBE"]

# Background tasks (django-tasks): the e-mail dispatch. The immediate backend runs a task at once,
# in the process that enqueued it, after the publish has committed; production may use the
# database backend and its worker instead (docs/deployment.md).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
if TASKS_BACKEND.startswith("django_tasks_db"):
    INSTALLED_APPS.append("django_tasks_db")

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Lägesbild")
WAGTAILADMIN_USER_LOGIN_FORM = "cms.forms.LoginForm"
# No avatars from gravatar.com: nothing served makes a request to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.io for a newer version (its CSP would refuse it anyway).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's full-text search stems Swedish and drops its stop words (rapport_blocks/faq/search.py).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "swedish"
    # Wagtail's search index has PostgreSQL's fields, which Django 6.0 and newer check for the app
    # (postgres.E005); README, "Install in your Wagtail site".
    INSTALLED_APPS.append("django.contrib.postgres")
# "FAQ att granska" lists answers not reviewed within this many days.
if os.environ.get("RAPPORT_BLOCKS_FAQ_REVIEW_DAYS"):
    RAPPORT_BLOCKS_FAQ_REVIEW_DAYS = int(os.environ["RAPPORT_BLOCKS_FAQ_REVIEW_DAYS"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
