"""The wheel built from the sdist, installed in a clean environment, passes the plugin-only suite.

The plugin's tests run from a copy of tests/ (with the fixtures and docs they read) in a folder
that holds no source, so `import rapport_blocks` can only find the installed wheel. This is the
leg's plugin-only pass: its counts go where LAGESBILD_PLUGIN_PASS_RESULTS says (`make test`'s
$(LEG)/plugin.json). The install check installs the same wheel (`make test`, then every leg:
LAGESBILD_WHEEL), into a `wagtail start` site and the realistic one.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from packaging.utils import canonicalize_name

from release import dependencies, dist
from tests.conftest import SHARED_DIR

# What tests/rapport_blocks needs beyond the runtime dependencies, at the test extra's versions
# (msoffcrypto-tool writes the encrypted Word documents the Word reader must refuse).
PLUGIN_SUITE_NEEDS = {"pytest", "pytest-django", "hypothesis", "msoffcrypto-tool"}


def _stage(where):
    for name in ("tests", "fixtures", "docs"):
        shutil.copytree(dist.REPO / name, where / name, ignore=dist.NOT_SOURCE)
    shutil.copy(dist.REPO / "pyproject.toml", where)  # pytest's settings: markers, warnings
    return where


def _env():
    skip = {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "LAGESBILD_PASS_RESULTS", "LAGESBILD_PLUGIN_PASS_RESULTS"}
    env = {key: value for key, value in os.environ.items() if key not in skip}
    env["LAGESBILD_SHARED_DIR"] = str(SHARED_DIR)
    if os.environ.get("LAGESBILD_PLUGIN_PASS_RESULTS"):  # relative to where make runs, not the copy
        env["LAGESBILD_PASS_RESULTS"] = str(Path(os.environ["LAGESBILD_PLUGIN_PASS_RESULTS"]).absolute())
    return env


def test_the_plugin_only_suite_passes_against_the_installed_wheel(runtime, tmp_path):
    needs = [
        str(req) for req in dependencies.declared("test") if canonicalize_name(req.name) in PLUGIN_SUITE_NEEDS
    ]
    assert len(needs) == len(PLUGIN_SUITE_NEEDS)
    dist.run(sys.executable, "-m", "pip", "--python", runtime.python, "install", "--quiet", *needs)
    stage = _stage(tmp_path / "stage")
    origin = dist.run(
        runtime.python, "-c", "import rapport_blocks; print(rapport_blocks.__file__)", cwd=stage
    )
    assert origin.strip().startswith(str(runtime.python.parent.parent)), origin

    done = subprocess.run(
        [runtime.python, "-m", "pytest", "--ds=tests.plugin_settings", "tests/rapport_blocks",
         "-q", "-p", "no:cacheprovider"],
        cwd=stage, env=_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    print(f"plugin-only suite against the installed wheel: {summary}")
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert re.search(r"\b\d{3,} passed\b", summary) and "failed" not in summary and "error" not in summary
