"""`manage.py send_due_deliveries`: send what is due in the outbox (pending deliveries, due retries).

With the immediate task backend nothing comes back later by itself, so run this every few minutes
(cron or a systemd timer, docs/deployment.md). With django-tasks-db the worker does it; running
this as well is harmless: claims keep every delivery to one send.

`--enqueue` sends nothing here: it hands every (event, channel) with deliveries left to the task
backend (tasks.resume_all). The worker runs it as it starts, so a worker killed mid-batch
finishes the batch when it is restarted.

`send_due_emails` is this command's old name, kept for existing cron jobs and services.
"""

from django.core.management.base import BaseCommand

from frontend_widget.outbox import sending, tasks


class Command(BaseCommand):
    help = "Send what is due in the outbox: pending deliveries and failed ones whose retry time has come."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the events with deliveries left to the task worker instead of sending here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            runs = tasks.resume_all()
            self.stdout.write(f"enqueued {len(runs)} run(s)")
            return
        sending.release_stale_claims()
        for event_id, channel in sending.due_runs():
            result = sending.run(event_id, channel)
            if result.sent or result.failed:
                self.stdout.write(f"event {event_id} ({channel}): sent {result.sent}, failed {result.failed}")
