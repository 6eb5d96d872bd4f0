"""Figures a test measured, gathered in `test-results/<name>.json` for docs/security.md.

Each test module records its own entry; entries of other modules in the same file are kept, so
running one module does not erase another's figures.
"""

import json
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent.parent.parent / "test-results"


def record(name: str, entry: str, figures: dict) -> Path:
    """Write `figures` as `entry` of test-results/`name`.json (merged with what is there)."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data[entry] = figures
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return path
