"""`manage.py subscribers export|delete ADDRESS`: a data subject's requests (GDPR, articles 15 and 17).

    manage.py subscribers export sjukskoterska@region.se    # JSON: what is stored about the address
    manage.py subscribers delete sjukskoterska@region.se    # every subscription, and the e-mails' records

Both compare the address case-insensitively, as mail servers do. An address that is not stored
is not an error: export prints empty lists, delete says that nothing was stored.
"""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from frontend_widget.mailing import subscriptions


class Command(BaseCommand):
    help = "Export (JSON) or delete what is stored about a subscriber's e-mail address."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("export", "print what is stored about the address, as JSON"),
            ("delete", "delete the address's subscriptions and the records of its e-mails"),
        ):
            actions.add_parser(name, help=text).add_argument("address")

    def handle(self, *args, action, address, **options):
        address = address.strip()
        if action == "export":
            self.stdout.write(json.dumps(subscriptions.export(address), ensure_ascii=False, indent=2))
            return
        removed = subscriptions.forget(address)
        if removed:
            self.stdout.write(
                _("Deleted: %(count)s rows about %(address)s.") % {"count": removed, "address": address}
            )
        else:
            self.stdout.write(_("Nothing is stored about %(address)s.") % {"address": address})
