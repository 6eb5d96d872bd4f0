from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontendWidgetConfig(AppConfig):
    name = "frontend_widget"
    verbose_name = _("Report delivery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import invalidation
        from .mailing import publishing, tasks  # noqa: F401 - tasks records the outcome of dispatches

        invalidation.connect()
        publishing.connect()
