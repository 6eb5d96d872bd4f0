"""A channel of the tests' own, registered like any channel (LAGESBILD_CHANNELS), and event helpers.

`RecordingChannel` is a receiver in memory: each target answers the outcomes scripted for it, in
order, then `delivered()`; every send is recorded with the delivery's id and the report's title
as the one presentation step gave it. With `log_path` set, each send is also appended to a file,
so processes of their own (tests/frontend_widget/test_outbox_claims.py) can be counted, and with
`barrier_dir` each process's first send waits until `barrier_parties` processes are sending at once.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from frontend_widget.outbox import channels, events
from frontend_widget.outbox.channels import Outcome
from rapport_blocks.models import OutboxEvent
from rapport_blocks.rules.presentation import present, report_base_url

PATH = "tests.frontend_widget.outbox_support.RecordingChannel"
EMAIL = "frontend_widget.mailing.channel.EmailChannel"


@dataclass(frozen=True)
class Sent:
    target: str
    uid: str
    event_type: str
    title: str | None
    outcome: str


class RecordingChannel(channels.Channel):
    name = "recording"
    label = "Testkanal"
    target_heading = "Mottagare"

    targets_for: ClassVar[list[str]] = ["mottagare-a", "mottagare-b"]
    script: ClassVar[dict[str, list[Outcome]]] = {}
    calls: ClassVar[list[Sent]] = []
    disabled: ClassVar[dict[str, str]] = {}
    send_seconds: ClassVar[float] = 0.0
    log_path: ClassVar[str | None] = None
    barrier_dir: ClassVar[str | None] = None
    barrier_parties: ClassVar[int] = 2
    resend_unknown = False

    @classmethod
    def reset(cls, **changes):
        cls.targets_for = ["mottagare-a", "mottagare-b"]
        cls.script, cls.calls, cls.disabled = {}, [], {}
        cls.send_seconds, cls.log_path, cls.resend_unknown = 0.0, None, False
        cls.barrier_dir, cls.barrier_parties = None, 2
        for name, value in changes.items():
            setattr(cls, name, value)

    @classmethod
    def delivered_to(cls) -> list[str]:
        return [call.target for call in cls.calls if call.outcome == Outcome.DELIVERED]

    def targets(self, event, page) -> list[str]:
        return list(self.targets_for)

    def prepare(self, event, page):
        return present(page, base_url=report_base_url(page))["title"] if page is not None else None

    def send(self, delivery, title) -> Outcome:
        if delivery.target in self.disabled:
            return channels.failed("Mottagaren är avstängd.")
        if self.barrier_dir:
            self._meet()
        if self.send_seconds:
            time.sleep(self.send_seconds)
        answers = self.script.get(delivery.target)
        outcome = answers.pop(0) if answers else channels.delivered()
        call = Sent(delivery.target, str(delivery.uid), delivery.event.type, title, outcome.kind)
        type(self).calls.append(call)
        if self.log_path:
            with open(self.log_path, "a") as log:
                log.write(f"{os.getpid()} {call.target} {call.uid} {call.outcome}\n")
        return outcome

    def _meet(self, timeout: float = 120) -> None:
        """Hold this process's first send until the other processes are in the middle of theirs."""
        mark = Path(self.barrier_dir) / str(os.getpid())
        if mark.exists():
            return
        mark.touch()
        deadline = time.monotonic() + timeout
        while len(list(Path(self.barrier_dir).iterdir())) < self.barrier_parties:
            if time.monotonic() > deadline:
                raise TimeoutError("the other process never started sending")
            time.sleep(0.05)

    def disable(self, target: str, reason: str) -> None:
        type(self).disabled[target] = reason


def start_event(report, *, first=True, revision=None) -> OutboxEvent:
    """A publication's event and its deliveries, as the publish writes them (without its commit, so
    nothing is sent until the test runs it)."""
    revision = revision or report.save_revision()
    return events.write(
        report,
        OutboxEvent.PUBLISHED if first else OutboxEvent.UPDATED,
        content=revision.as_object(),
        revision=revision,
        first_publication=first,
        send_update=not first,
    )
