"""What a region's IT reads before adopting the plugin: licence, changelog, security policy, contributing.

The README links all four; the changelog's versions follow SemVer, newest first, and agree with the
package's one version (`rapport_blocks.__version__`); SECURITY.md supports the newest release.
"""

import re
import tomllib

from packaging.version import Version

import rapport_blocks
from tests.conftest import PROJECT_DIR

DOCUMENTS = ["LICENSE", "CHANGELOG.md", "SECURITY.md", "CONTRIBUTING.md"]
RELEASE = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.M)


def read(name):
    return (PROJECT_DIR / name).read_text(encoding="utf-8")


def test_the_readme_links_the_licence_changelog_security_policy_and_contributing():
    readme = read("README.md")
    for name in DOCUMENTS:
        assert read(name).strip(), f"{name} is empty"
        assert f"]({name})" in readme, f"README.md does not link {name}"
    assert "**Licence:** MIT" in readme


def test_the_licence_is_the_one_pyproject_declares():
    project = tomllib.loads(read("pyproject.toml"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert read("LICENSE").startswith("MIT License\n\nCopyright (c) ")


def test_the_changelog_starts_with_unreleased_then_releases_newest_first():
    changelog = read("CHANGELOG.md")
    headings = re.findall(r"^## .*$", changelog, re.M)
    assert headings[0] == "## [Unreleased]"
    releases = RELEASE.findall(changelog)
    assert len(releases) == len(headings) - 1, "every other heading is '## [X.Y.Z] - YYYY-MM-DD'"
    versions = [Version(version) for version, _date in releases]
    assert versions == sorted(versions, reverse=True)
    dates = [date for _version, date in releases]
    assert dates == sorted(dates, reverse=True)


def test_the_version_is_the_next_release_in_progress_or_the_newest_release():
    version = Version(rapport_blocks.__version__)
    newest = Version(RELEASE.findall(read("CHANGELOG.md"))[0][0])
    if version.is_devrelease:
        assert Version(version.base_version) > newest, "between releases: the next version, .dev0"
    else:
        assert version == newest, "a release's version has its section in CHANGELOG.md"


def test_security_md_supports_the_newest_release():
    newest = RELEASE.findall(read("CHANGELOG.md"))[0][0]
    line = next(row for row in read("SECURITY.md").splitlines() if row.startswith("| newest minor release"))
    major, minor, _patch = newest.split(".")
    assert f"({major}.{minor}.x " in line and line.endswith("| yes |")
