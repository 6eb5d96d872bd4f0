"""The package as a user gets it, built once for all of tests/release/ (`-m release` selects them).

`built`: the sdist, the wheel pip builds from it, and a wheel built straight from the source to
compare with (release/dist.py). `runtime`: a clean virtual environment holding that wheel and what
pip installed with it, read before any test adds to it: its runtime dependencies, and the SBOM of
them (release/sbom.py), as `make sbom` writes it.
"""

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from release import dependencies, dist, sbom

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.release)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dist.Built:
    return dist.build(tmp_path_factory.mktemp("dist"))


@dataclass(frozen=True)
class Runtime:
    python: Path
    version: str
    dependencies: dict[str, dependencies.Installed]  # resolved from pyproject.toml over the venv
    installed: set[str]  # every distribution in the venv, canonical names
    sbom: Path


@pytest.fixture(scope="session")
def runtime(built, tmp_path_factory) -> Runtime:
    where = tmp_path_factory.mktemp("runtime")
    python = dist.clean_venv(where / "venv", built.wheel)
    paths = dist.site_packages(python)
    version = dist.core_metadata(built.wheel)["Version"]
    return Runtime(
        python=python,
        version=version,
        dependencies=dependencies.runtime(paths),
        installed={canonicalize_name(item.metadata["Name"]) for item in metadata.distributions(path=paths)},
        sbom=sbom.generate(python, version, where / f"{dist.NAME}-{version}.cdx.json"),
    )
