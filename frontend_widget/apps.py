from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .conf import delivery_settings

# Every app the delivery needs, for a site's INSTALLED_APPS (README, "Install in your Wagtail site"),
# which adds those it lacks: rapport_blocks and Wagtail's own apps are the site's already, and a
# site with Wagtail's API v2 has rest_framework too.
DELIVERY_APPS = [
    "frontend_widget",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
]
# The middleware it needs, for a site's MIDDLEWARE (first: CORS answers before the others).
DELIVERY_MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware"]


class FrontendWidgetConfig(AppConfig):
    name = "frontend_widget"
    verbose_name = _("Report delivery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, invalidation  # noqa: F401 - checks registers the deploy and PDF checks
        from .outbox import events, tasks  # noqa: F401 - tasks records the outcome of each run

        # In this order: a publication's new cache generation (on commit) comes before its sending
        # (the outbox's channels, the PDF's among them, in LAGESBILD_CHANNELS order).
        invalidation.connect()
        events.connect()
        if delivery_settings.BENCH and "etag" in delivery_settings.BENCH_WITHOUT:
            from . import http

            http.validators = False  # bench/run.py measures what the validators cost
