"""The fault tests' tally in test-results/fault-figures.json: what was injected, what was survived.

Each fault test names the failures it injects and marks each one survived only after its
assertions on what the users see have passed. An entry is keyed by the test's node id and the
database it ran on, so a rerun replaces its own figures, and the SQLite and PostgreSQL passes
count separately; "total" adds them up. The lead copies the totals into docs/security.md.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

from tests.site.figures import record

NAME = "fault-figures"


def _database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"


class Tally:
    def __init__(self, test_id: str, fault: str):
        self.entry, self.fault = f"{test_id} ({_database()})", fault
        self.injected_count = self.survived_count = 0

    def injected(self, count: int = 1) -> None:
        self.injected_count += count
        self._write()

    def survived(self, count: int = 1) -> None:
        self.survived_count += count
        self._write()

    def _write(self) -> None:
        figures = {
            "fault": self.fault,
            "injected": self.injected_count,
            "survived": self.survived_count,
            "database": _database(),
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        path = record(NAME, self.entry, figures)
        # Entries of one test each; a file in an older layout (totals at the top) is skipped over.
        entries = [
            value
            for key, value in json.loads(path.read_text()).items()
            if key != "total" and isinstance(value, dict) and "injected" in value
        ]
        record(
            NAME,
            "total",
            {
                "tests": len(entries),
                "injected": sum(entry["injected"] for entry in entries),
                "survived": sum(entry["survived"] for entry in entries),
            },
        )


def tally(request, fault: str) -> Tally:
    """The tally of the running test (`request` is pytest's fixture)."""
    return Tally(request.node.nodeid, fault)
