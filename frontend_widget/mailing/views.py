"""The report's "E-post" preview mode (RAPPORT_BLOCKS_EMAIL_PREVIEW names it)."""

from django.http import HttpResponse

from . import message


def email_preview(page, request):
    """The HTML part exactly as it is sent, with the e-mail-only sections."""
    return HttpResponse(message.render_html(message.presented(page)))
