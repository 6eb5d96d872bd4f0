"""System checks: a misconfigured presenter would otherwise break every report page at view time."""

from django.core.checks import Error, register
from django.utils.module_loading import import_string

from .conf import rapport_settings


@register()
def presenter_setting(app_configs, **kwargs):
    path = rapport_settings.PRESENTER
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
