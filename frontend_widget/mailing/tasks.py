"""The dispatch as a django-tasks task (the package Wagtail 8 uses for its own background work).

With the immediate backend (the default) the task runs at once, in the process that enqueued it,
after the publish has committed. It swallows exceptions and only marks the result FAILED, so
`record_outcome` writes every outcome of our task onto its Dispatch, where the admin shows it.
With a backend that can defer (django-tasks-db and its worker), a dispatch with failures enqueues
itself again for when the next retry is due; with the immediate backend the periodic command
`send_due_emails` picks them up (docs/deployment.md).
"""

import logging

from django.dispatch import receiver
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished

from rapport_blocks.models import Dispatch

from . import dispatch

logger = logging.getLogger(__name__)


@task()
def send_dispatch(dispatch_id: int) -> dict:
    result = dispatch.run(dispatch_id)
    if result.next_due is not None and send_dispatch.get_backend().supports_defer:
        send_dispatch.using(run_after=result.next_due).enqueue(dispatch_id)
    return {"sent": result.sent, "failed": result.failed}


def enqueue(dispatch_id: int) -> None:
    """Hand the dispatch to the task backend; a backend that cannot take it is recorded, not raised."""
    try:
        send_dispatch.enqueue(dispatch_id)
    except Exception as error:
        logger.exception("Could not enqueue the e-mail dispatch %s", dispatch_id)
        Dispatch.objects.filter(pk=dispatch_id).update(
            task_status=TaskResultStatus.FAILED, task_error=f"{type(error).__name__}: {error}"
        )


def resume_all() -> list[int]:
    """Hand every dispatch with addresses left to send to the task backend again.

    A worker killed mid-batch (SIGKILL, out of memory, a machine that went down) leaves its task
    RUNNING in django-tasks-db's queue, where nothing picks it up again, and the failed
    addresses it would have re-enqueued itself for are forgotten too. The worker's start runs
    this first (`send_due_emails --enqueue`, `make worker`, docs/deployment.md), so a restart
    finishes the batch; a task that runs twice sends nothing twice (the claims).
    """
    dispatch.release_stale_claims()
    ids = dispatch.open_dispatch_ids()
    for dispatch_id in ids:
        enqueue(dispatch_id)
    return ids


@receiver(task_finished, dispatch_uid="frontend_widget.mailing.record_outcome")
def record_outcome(sender, task_result, **kwargs):
    if task_result.task.module_path != send_dispatch.module_path or not task_result.args:
        return
    error = ""
    if task_result.status == TaskResultStatus.FAILED and task_result.errors:
        error = task_result.errors[-1].traceback[-4000:]
        logger.error("The e-mail dispatch %s failed:\n%s", task_result.args[0], error)
    Dispatch.objects.filter(pk=task_result.args[0]).update(task_status=task_result.status, task_error=error)
