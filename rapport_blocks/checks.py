"""System checks: a misconfigured presenter would otherwise break every report page at view time."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def presenter_setting(app_configs, **kwargs):
    path = getattr(settings, "RAPPORT_BLOCKS_PRESENTER", None)
    if not path:
        return []
    try:
        presenter = import_string(path)
    except ImportError as error:
        return [
            Error(
                f"RAPPORT_BLOCKS_PRESENTER = {path!r} cannot be imported: {error}",
                hint="A dotted path to presenter(page, request), or remove the setting.",
                id="rapport_blocks.E001",
            )
        ]
    if not callable(presenter):
        return [Error(f"RAPPORT_BLOCKS_PRESENTER = {path!r} is not callable.", id="rapport_blocks.E002")]
    return []
