"""The licences of what the package brings (pip-licenses), each group against docs/licences.md's allowlist.

The runtime dependencies are what every site installs; each extra is checked for what it adds. A
distribution is fed to pip-licenses as real metadata on the path, never as a mocked answer.
"""

import os
import re
import subprocess
import sys

import pytest
from packaging.utils import canonicalize_name

from release import dependencies, licences
from tests.conftest import PROJECT_DIR

GROUPS = [licences.RUNTIME, *dependencies.extras()]


def fake_distribution(where, name, licence_lines):
    """An installed distribution as importlib.metadata (and so pip-licenses) finds it on the path."""
    dist_info = where / f"{name.replace('-', '_')}-1.0.dist-info"
    dist_info.mkdir(parents=True)
    header = f"Metadata-Version: 2.4\nName: {name}\nVersion: 1.0\n"
    (dist_info / "METADATA").write_text(header + "".join(f"{line}\n" for line in licence_lines))
    return where


def run_check(*args, path=None):
    env = dict(os.environ)
    if path:
        env["PYTHONPATH"] = str(path)
    return subprocess.run(
        [sys.executable, "-m", "release.licences", *args],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("group", GROUPS)
def test_every_licence_of_the_group_is_allowed(group):
    names = licences.groups()[group]
    report = licences.check(group, names)
    assert report.refused == [] and report.missing == [], licences.show(report)
    assert sorted(canonicalize_name(licence.name) for licence in report.licences) == sorted(names)


def test_the_runtime_group_is_what_the_package_requires():
    runtime = licences.groups()[licences.RUNTIME]
    assert {"wagtail", "django", "djangorestframework", "bleach", "asgiref"} <= set(runtime)
    assert not {"pytest", "gunicorn", "psycopg"} & set(runtime)
    assert {"gunicorn", "psycopg", "psycopg-binary"} <= set(licences.groups()["server"])


def test_every_extra_has_a_policy():
    assert set(licences.KINDS) == set(GROUPS)


def test_a_licence_outside_the_allowlist_fails_the_check(tmp_path):
    path = fake_distribution(tmp_path, "fake-proprietary", ["License-Expression: LicenseRef-Proprietary"])
    done = run_check("--package", "fake-proprietary", path=path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "REFUSED fake-proprietary 1.0: LicenseRef-Proprietary" in done.stdout
    assert "1 licence(s) outside what docs/licences.md allows the runtime group" in done.stdout


def test_the_same_distribution_under_an_allowed_licence_passes(tmp_path):
    path = fake_distribution(tmp_path, "fake-permissive", ["License-Expression: MIT"])
    done = run_check("--package", "fake-permissive", path=path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok      fake-permissive 1.0: MIT" in done.stdout


def test_a_distribution_that_declares_no_licence_fails(tmp_path):
    path = fake_distribution(tmp_path, "fake-silent", [])
    report = licences.check(licences.RUNTIME, ["fake-silent"], extra_path=str(path))
    assert [(licence.name, licence.declared) for licence in report.refused] == [("fake-silent", "UNKNOWN")]


def test_a_library_under_the_lgpl_may_serve_a_deployment_but_not_every_site(tmp_path):
    path = fake_distribution(tmp_path, "fake-driver", ["License-Expression: LGPL-3.0-only"])
    assert not licences.check(licences.RUNTIME, ["fake-driver"], extra_path=str(path)).ok
    assert licences.check("server", ["fake-driver"], extra_path=str(path)).ok


def test_a_dependency_that_is_not_installed_is_named():
    report = licences.check(licences.RUNTIME, ["lagesbild-no-such-distribution"])
    assert report.missing == ["lagesbild-no-such-distribution"] and not report.ok


def test_docs_licences_md_lists_the_allowlist_and_the_policy():
    text = (PROJECT_DIR / "docs" / "licences.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \| ([^|]+?) \|$", text, flags=re.M)
    assert {spelling: (spdx, kind) for spelling, spdx, kind in rows} == licences.ALLOWED
    policy = re.findall(r"^\| `?(\w+)`? group \| ([^|]+?) \|$", text, flags=re.M)
    assert {group: set(kinds.split("; ")) for group, kinds in policy} == licences.KINDS
