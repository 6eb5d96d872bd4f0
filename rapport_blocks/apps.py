from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapportBlocksConfig(AppConfig):
    name = "rapport_blocks"
    label = "rapport_blocks"
    verbose_name = _("Situation reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
