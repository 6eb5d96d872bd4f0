"""Where the supported Wagtail and Django versions differ, the one place that knows it.

Supported: Wagtail 7.4 LTS and 8.x, Django 5.2 to 6.1 (README, "Supported versions"). Each
difference names the version from which the old branch can be deleted: when the oldest supported
version reaches it, delete the branch and inline what is left.
"""

import django

# Django 6.1 replaces the EMAIL_* settings and get_connection() with MAILERS and `mailers`; both
# still work there, with a RemovedInDjango2028Warning. Delete the EMAIL_* branches when Django 6.1
# is the oldest supported version.
HAS_MAILERS = django.VERSION >= (6, 1)

# A mailer's OPTIONS (Django 6.1) and the setting that held each before.
_EMAIL_SETTINGS = {
    "host": "EMAIL_HOST",
    "port": "EMAIL_PORT",
    "username": "EMAIL_HOST_USER",
    "password": "EMAIL_HOST_PASSWORD",
    "use_tls": "EMAIL_USE_TLS",
    "use_ssl": "EMAIL_USE_SSL",
    "timeout": "EMAIL_TIMEOUT",
}


def mail_settings(backend: str, **options) -> dict:
    """The Django settings for one default mail backend with these options (host, port, ...).

    MAILERS from Django 6.1, the EMAIL_* settings before. A host's settings.py or a test applies
    the returned names; nothing else in the project names either form.
    """
    unknown = set(options) - set(_EMAIL_SETTINGS)
    if unknown:
        raise TypeError(f"Unknown mail options {sorted(unknown)}; known: {sorted(_EMAIL_SETTINGS)}")
    if HAS_MAILERS:
        return {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": options}}}
    return {"EMAIL_BACKEND": backend, **{_EMAIL_SETTINGS[name]: value for name, value in options.items()}}


def mail_connection():
    """A new connection of the site's default mail backend, whichever form its settings use."""
    if HAS_MAILERS:
        from django.core.mail import mailers

        # A site still on EMAIL_* gets its backend from them here (Django warns it at start-up).
        return mailers.default
    from django.core.mail import get_connection

    return get_connection()
