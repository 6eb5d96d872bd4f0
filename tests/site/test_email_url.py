"""EMAIL_URL becomes the running Django's form of the mail settings: MAILERS from Django 6.1, the
EMAIL_* settings before (rapport_blocks/core/compat.py). The matrix runs this on Django 5.2 and 6.1."""

import django
import pytest
from django.core.exceptions import ImproperlyConfigured

from cms import email_url
from rapport_blocks.core import compat

SMTP_OPTIONS = {
    "host": "smtp.example.se",
    "port": 587,
    "username": "lagesbild@example.se",
    "password": "hemligt lösen",
    "use_tls": True,
    "use_ssl": False,
    "timeout": 30,
}


def test_an_smtp_address_becomes_the_running_djangos_settings():
    parsed = email_url.parse(
        "smtp+tls://lagesbild%40example.se:hemligt%20l%C3%B6sen@smtp.example.se:587", timeout=30
    )
    if django.VERSION >= (6, 1):
        assert parsed == {
            "MAILERS": {
                "default": {"BACKEND": "frontend_widget.mailing.smtp.EmailBackend", "OPTIONS": SMTP_OPTIONS}
            }
        }
    else:
        assert parsed == {
            "EMAIL_BACKEND": "frontend_widget.mailing.smtp.EmailBackend",
            "EMAIL_HOST": "smtp.example.se",
            "EMAIL_PORT": 587,
            "EMAIL_HOST_USER": "lagesbild@example.se",
            "EMAIL_HOST_PASSWORD": "hemligt lösen",
            "EMAIL_USE_TLS": True,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 30,
        }


def test_the_console_takes_no_smtp_options():
    parsed = email_url.parse("console://", timeout=30)
    backend = "django.core.mail.backends.console.EmailBackend"
    expected = (
        {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": {}}}}
        if compat.HAS_MAILERS
        else {"EMAIL_BACKEND": backend}
    )
    assert parsed == expected


def test_an_unknown_option_or_scheme_is_refused():
    with pytest.raises(TypeError, match="Unknown mail options"):
        compat.mail_settings("django.core.mail.backends.smtp.EmailBackend", hostname="x")
    with pytest.raises(ImproperlyConfigured, match="unknown scheme"):
        email_url.parse("smtps://smtp.example.se")


def test_a_connection_comes_from_the_sites_mail_settings(settings):
    for name, value in compat.mail_settings("django.core.mail.backends.locmem.EmailBackend").items():
        setattr(settings, name, value)
    connection = compat.mail_connection()
    assert type(connection).__module__ == "django.core.mail.backends.locmem"
