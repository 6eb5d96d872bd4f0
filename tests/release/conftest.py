"""The package as a user gets it, built once for all of tests/release/ (`-m release` selects them).

`built`: the sdist, the wheel pip builds from it, and a wheel built straight from the source to
compare with (release/dist.py); where CI built them before (LAGESBILD_WHEEL names that wheel, and
every install check installs it), those. `runtime`: a clean virtual environment holding that wheel
and what pip installed with it, on this environment's Wagtail and Django (the leg's), read before
any test adds to it: its runtime dependencies, and the SBOM of them (release/sbom.py), as
`make sbom` writes it.
"""

import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

import rapport_blocks
from release import dependencies, dist, sbom

HERE = Path(__file__).resolve().parent
# The clean environment gets the Wagtail and Django this one runs, as a site on them would.
LEG_VERSIONS = [f"wagtail=={metadata.version('wagtail')}", f"Django=={metadata.version('django')}"]


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.release)


def prebuilt() -> dist.Built | None:
    """What `docs/install/check.py --build-only` built beside LAGESBILD_WHEEL, if complete and current."""
    wheel = Path(os.environ.get("LAGESBILD_WHEEL") or "/nonexistent")
    sdists = list(wheel.parent.glob(f"{dist.NAME}-*.tar.gz"))
    tree_wheels = list((wheel.parent / "from-tree").glob("*.whl"))
    if not (wheel.is_file() and len(sdists) == 1 and len(tree_wheels) == 1):
        return None
    if dist.core_metadata(wheel)["Version"] != rapport_blocks.__version__:
        return None
    return dist.Built(sdists[0], wheel, tree_wheels[0])


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dist.Built:
    return prebuilt() or dist.build(tmp_path_factory.mktemp("dist"))


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
    python = dist.clean_venv(where / "venv", built.wheel, also=LEG_VERSIONS)
    paths = dist.site_packages(python)
    version = dist.core_metadata(built.wheel)["Version"]
    return Runtime(
        python=python,
        version=version,
        dependencies=dependencies.runtime(paths),
        installed={canonicalize_name(item.metadata["Name"]) for item in metadata.distributions(path=paths)},
        sbom=sbom.generate(python, version, where / f"{dist.NAME}-{version}.cdx.json"),
    )
