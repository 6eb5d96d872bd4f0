from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Every app the delivery needs, for a site's INSTALLED_APPS (README, "Install in your Wagtail site").
# rapport_blocks and Wagtail's own apps are the site's already.
DELIVERY_APPS = [
    "frontend_widget",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
]


class FrontendWidgetConfig(AppConfig):
    name = "frontend_widget"
    verbose_name = _("Report delivery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, invalidation  # noqa: F401 - checks registers the PDF engine's check
        from .mailing import publishing, tasks  # noqa: F401 - tasks records the outcome of dispatches
        from .pdf import tasks as pdf_tasks

        invalidation.connect()
        pdf_tasks.connect()  # first: the e-mail's attachment then finds the PDF stored
        publishing.connect()
