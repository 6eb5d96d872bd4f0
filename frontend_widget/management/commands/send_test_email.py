"""`manage.py send_test_email REPORT_ID ADDRESS`: one copy of a report's e-mail to one address.

The copy is the e-mail as the lists would get it (the published content, or the newest draft of a
report never published), sent at once and never written to the dispatch log: the lists are untouched.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from frontend_widget.mailing import message
from rapport_blocks.core import compat
from rapport_blocks.models import RapportPage


class Command(BaseCommand):
    help = "Send one copy of a report's e-mail to one address (the lists get nothing)."

    def add_arguments(self, parser):
        parser.add_argument("report_id", help="the id of the report page")
        parser.add_argument("address", help="where to send the copy")

    def handle(self, *args, report_id, address, **options):
        page = RapportPage.objects.filter(pk=int(report_id)).first() if report_id.isdigit() else None
        if page is None:
            raise CommandError(_("There is no report with the id %(id)s.") % {"id": report_id}, returncode=1)
        try:
            validate_email(address)
        except ValidationError as error:
            message_text = _("“%(address)s” is not a valid e-mail address.") % {"address": address}
            raise CommandError(message_text, returncode=1) from error
        content = page if page.live else page.get_latest_revision_as_object()
        try:
            connection = compat.mail_connection()
            try:
                connection.send_messages([message.Rendered(message.presented(content)).to(address)])
            finally:
                connection.close()
        except Exception as error:
            raise CommandError(
                _("The e-mail could not be sent: %(error)s") % {"error": error}, returncode=1
            ) from error
        self.stdout.write(_("Sent “%(title)s” to %(address)s.") % {"title": page.title, "address": address})
