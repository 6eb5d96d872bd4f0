"""Figures a test measured, gathered in `test-results/<name>.json` for docs/security.md.

Each test module records its own entry; entries of other modules in the same file are kept, so
running one module does not erase another's figures. A lock keeps two processes that record at
once (legs of the matrix side by side) from losing each other's entries. A matrix leg writes to
its own folder (LAGESBILD_TEST_ARTEFACTS).
"""

import fcntl
import json
import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
RESULTS_DIR = Path(os.environ.get("LAGESBILD_TEST_ARTEFACTS") or PROJECT_DIR / "test-results")


def record(name: str, entry: str, figures: dict) -> Path:
    """Write `figures` as `entry` of test-results/`name`.json (merged with what is there)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    with open(RESULTS_DIR / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        data[entry] = figures
        text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")
    return path
