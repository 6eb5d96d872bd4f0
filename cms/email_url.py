"""`EMAIL_URL` → Django's e-mail settings (MAILERS from Django 6.1, EMAIL_* before), in a few lines.

dj-email-url does this too, but has had no release since 2022; the format is small enough to own:

    smtp://user:password@host:587          plain SMTP (user and password optional, %-encoded)
    smtp+tls://user:password@host:587      STARTTLS
    smtp+ssl://user:password@host:465      implicit TLS
    console://                             print to stdout (the default: the demo)
    locmem://                              keep in memory (tests)
"""

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from rapport_blocks.core import compat

BACKENDS = {
    "smtp": "frontend_widget.mailing.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}


def parse(url: str, timeout: int | None = None) -> dict:
    """The settings an EMAIL_URL stands for (MAILERS, or EMAIL_BACKEND, EMAIL_HOST, ...)."""
    parts = urlsplit(url.strip())
    scheme, _plus, security = parts.scheme.partition("+")
    if scheme not in BACKENDS or security not in ("", "tls", "ssl") or (security and scheme != "smtp"):
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {parts.scheme!r}; use smtp://, smtp+tls://, smtp+ssl://, "
            "console:// or locmem://"
        )
    options = {}
    if scheme == "smtp":
        if not parts.hostname:
            raise ImproperlyConfigured("EMAIL_URL: an smtp:// address needs a host")
        options = dict(
            host=parts.hostname,
            port=parts.port or (465 if security == "ssl" else 587 if security == "tls" else 25),
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            use_tls=security == "tls",
            use_ssl=security == "ssl",
        )
        if timeout is not None:
            options["timeout"] = timeout
    return compat.mail_settings(BACKENDS[scheme], **options)
