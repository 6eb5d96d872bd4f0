"""`manage.py send_due_emails`: send what is due in the dispatch log (retries after their backoff).

With the immediate task backend nothing comes back later by itself, so run this every few minutes
(cron or a systemd timer, docs/deployment.md). With django-tasks-db the worker does it; running
this as well is harmless: claims keep every address to one e-mail.

`--enqueue` sends nothing here: it hands every dispatch with addresses left to the task backend
(tasks.resume_all). The worker runs it as it starts, so a worker killed mid-batch finishes the
batch when it is restarted.
"""

from django.core.management.base import BaseCommand

from frontend_widget.mailing import dispatch, tasks


class Command(BaseCommand):
    help = "Send the e-mails that are due: pending addresses and failed ones whose retry time has come."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the dispatches with addresses left to the task worker instead of sending here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            ids = tasks.resume_all()
            self.stdout.write(f"enqueued {len(ids)} dispatch(es)")
            return
        dispatch.release_stale_claims()
        for dispatch_id in dispatch.due_dispatch_ids():
            result = dispatch.run(dispatch_id)
            if result.sent or result.failed:
                self.stdout.write(f"dispatch {dispatch_id}: sent {result.sent}, failed {result.failed}")
