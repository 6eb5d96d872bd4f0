"""The fault tests' tally in test-results/fault-figures.json: what was injected, what was survived.

Each fault test names the failures it injects and marks each one survived only after its
assertions on what the users see have passed; an entry is keyed by the test's node id, so a
rerun replaces its own figures instead of adding to them. The lead copies the totals into
docs/security.md.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import PROJECT_DIR

FIGURES = PROJECT_DIR / "test-results" / "fault-figures.json"


class Tally:
    def __init__(self, test_id: str, fault: str):
        self.test_id, self.fault = test_id, fault
        self.injected_count = self.survived_count = 0

    def injected(self, count: int = 1) -> None:
        self.injected_count += count
        self._write()

    def survived(self, count: int = 1) -> None:
        self.survived_count += count
        self._write()

    def _write(self) -> None:
        FIGURES.parent.mkdir(exist_ok=True)
        with open(FIGURES.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                figures = json.loads(FIGURES.read_text())
            except (OSError, ValueError):
                figures = {}
            tests = figures.get("tests", {})
            database = (
                "postgresql"
                if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
                else "sqlite"
            )
            tests[f"{self.test_id} ({database})"] = {
                "fault": self.fault,
                "injected": self.injected_count,
                "survived": self.survived_count,
                "database": database,
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            figures = {
                "tests": dict(sorted(tests.items())),
                "injected": sum(entry["injected"] for entry in tests.values()),
                "survived": sum(entry["survived"] for entry in tests.values()),
            }
            temporary = Path(f"{FIGURES}.{os.getpid()}")
            temporary.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
            temporary.replace(FIGURES)


def tally(request, fault: str) -> Tally:
    """The tally of the running test (`request` is pytest's fixture)."""
    return Tally(request.node.nodeid, fault)
