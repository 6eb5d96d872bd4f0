"""The outbox's sending as a django-tasks task (the package Wagtail 8 uses for its own background work).

One task per (event, channel), so a slow channel (five hundred addresses over SMTP) never holds
up another. With the immediate backend (the default) the task runs at once, in the process that
enqueued it, after the publish has committed: no separate worker is needed. It swallows
exceptions and only marks the result FAILED, so `record_outcome` writes every outcome of our
task onto its event, where the admin shows it. With a backend that can defer (django-tasks-db and
its worker), a run with failures enqueues itself again for when the next retry is due; with the
immediate backend the periodic command `send_due_deliveries` picks them up (docs/deployment.md).
"""

import logging

from django.dispatch import receiver
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished

from rapport_blocks.models import OutboxDelivery, OutboxEvent

from . import channels, sending

logger = logging.getLogger(__name__)


@task()
def deliver(event_id: int, channel: str) -> dict:
    result = sending.run(event_id, channel)
    if result.next_due is not None and deliver.get_backend().supports_defer:
        deliver.using(run_after=result.next_due).enqueue(event_id, channel)
    return {"sent": result.sent, "failed": result.failed}


def enqueue(event_id: int, channel: str) -> None:
    """Hand one run to the task backend; a backend that cannot take it is recorded, not raised."""
    try:
        deliver.enqueue(event_id, channel)
    except Exception as error:
        logger.exception("Could not enqueue the %s deliveries of event %s", channel, event_id)
        OutboxEvent.objects.filter(pk=event_id).update(
            task_status=TaskResultStatus.FAILED, task_error=f"{channel}: {type(error).__name__}: {error}"
        )


def enqueue_event(event_id: int) -> None:
    """Every channel with deliveries for the event, in the order of LAGESBILD_CHANNELS."""
    names = set(OutboxDelivery.objects.filter(event_id=event_id).values_list("channel", flat=True))
    for channel in channels.installed():
        if channel.name in names:
            enqueue(event_id, channel.name)


def resume_all() -> list[tuple[int, str]]:
    """Hand every (event, channel) with deliveries left to send to the task backend again.

    A worker killed mid-batch (SIGKILL, out of memory, a machine that went down) leaves its task
    RUNNING in django-tasks-db's queue, where nothing picks it up again, and the retries it would
    have re-enqueued itself for are forgotten too. The worker's start runs this first
    (`send_due_deliveries --enqueue`, `make worker`, docs/deployment.md), so a restart finishes
    the batch; a task that runs twice sends nothing twice (the claims).
    """
    sending.release_stale_claims()
    runs = sending.open_runs()
    for event_id, channel in runs:
        enqueue(event_id, channel)
    return runs


@receiver(task_finished, dispatch_uid="frontend_widget.outbox.record_outcome")
def record_outcome(sender, task_result, **kwargs):
    if task_result.task.module_path != deliver.module_path or len(task_result.args) != 2:
        return
    event_id, channel = task_result.args
    error = ""
    if task_result.status == TaskResultStatus.FAILED and task_result.errors:
        error = f"{channel}: {task_result.errors[-1].traceback[-4000:]}"
        logger.error("Sending event %s through %s failed:\n%s", event_id, channel, error)
    OutboxEvent.objects.filter(pk=event_id).update(task_status=task_result.status, task_error=error)
