"""`manage.py send_due_emails`: the old name of `send_due_deliveries`, kept for existing cron jobs.

The e-mail moved onto the outbox (CHANGELOG): the same command now sends every channel's due
deliveries, the e-mail's among them.
"""

from .send_due_deliveries import Command as SendDueDeliveries


class Command(SendDueDeliveries):
    help = "The old name of send_due_deliveries: send what is due in the outbox, e-mail included."
