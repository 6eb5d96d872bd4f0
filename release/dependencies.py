"""The distributions a requirement brings: the runtime dependencies, and what each extra adds.

pyproject.toml declares the requirements; the installed metadata says what they depend on in turn.
Both the licence check and the SBOM ask this one resolution, so they speak of the same packages.
"""

import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def extras() -> list[str]:
    return sorted(tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["optional-dependencies"])


def declared(extra: str | None = None) -> list[Requirement]:
    """The project's own requirements: the runtime ones, or those of one extra."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return [Requirement(spec) for spec in specs]


@dataclass(frozen=True)
class Installed:
    name: str  # canonical (PEP 503)
    version: str


class NotInstalled(LookupError):
    pass


def _index(paths: list[str] | None) -> dict[str, metadata.Distribution]:
    found = {}
    for dist in metadata.distributions(**({"path": paths} if paths is not None else {})):
        found.setdefault(canonicalize_name(dist.metadata["Name"]), dist)
    return found


def resolve(requirements: list[Requirement], paths: list[str] | None = None) -> dict[str, Installed]:
    """Every distribution the requirements need, as installed on `paths` (default: this interpreter's).

    Markers are evaluated for this interpreter, with each requirement's extras (`psycopg[binary]`
    brings psycopg-binary). A requirement that is not installed raises NotInstalled: the answer
    would otherwise be silently short.
    """
    index = _index(paths)
    found: dict[str, Installed] = {}
    seen: set[tuple[str, str]] = set()
    todo = [(req, "") for req in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        dist = index.get(name)
        if dist is None:
            raise NotInstalled(f"{req} is required but {req.name} is not installed")
        found[name] = Installed(name, dist.version)
        for wanted in ("", *sorted(req.extras)):
            if (name, wanted) in seen:
                continue
            seen.add((name, wanted))
            todo.extend((Requirement(spec), wanted) for spec in dist.requires or [])
    return found


def runtime(paths: list[str] | None = None) -> dict[str, Installed]:
    return resolve(declared(), paths)


def added_by(extra: str, paths: list[str] | None = None) -> dict[str, Installed]:
    """What installing the extra adds to the runtime dependencies."""
    base = runtime(paths)
    return {
        name: dist for name, dist in resolve(declared() + declared(extra), paths).items() if name not in base
    }
