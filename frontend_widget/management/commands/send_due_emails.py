"""`manage.py send_due_emails`: send what is due in the dispatch log (retries after their backoff).

With the immediate task backend nothing comes back later by itself, so run this every few minutes
(cron or a systemd timer, docs/deployment.md). With django-tasks-db the worker does it; running
this as well is harmless: claims keep every address to one e-mail.
"""

from django.core.management.base import BaseCommand

from frontend_widget.mailing import dispatch


class Command(BaseCommand):
    help = "Send the e-mails that are due: pending addresses and failed ones whose retry time has come."

    def handle(self, *args, **options):
        dispatch.release_stale_claims()
        for dispatch_id in dispatch.due_dispatch_ids():
            result = dispatch.run(dispatch_id)
            if result.sent or result.failed:
                self.stdout.write(f"dispatch {dispatch_id}: sent {result.sent}, failed {result.failed}")
