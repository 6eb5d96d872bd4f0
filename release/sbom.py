"""A CycloneDX SBOM of what `pip install lagesbild` installs: each distribution with its version and licence.

cyclonedx-py reads a clean virtual environment holding only the wheel (built from the sdist) and
what pip installed with it, so the SBOM lists exactly the runtime dependencies, resolved as a site
would get them that day. The root component is the package itself, its licence from pyproject.toml.
cyclonedx-py cannot read a dynamic version, so the version is set here, from the built wheel's.
Every dependency needs a licence: a distribution that declares none as SPDX or as a classifier
gets its License field's text, gathered with --gather-license-texts.

    python -m release.sbom [--out dist]     # `make sbom`: dist/lagesbild-<version>.cdx.json

The SBOM is then validated against CycloneDX's JSON schema (cyclonedx-python-lib) and checked to
name every runtime dependency (release.dependencies) with the version installed and a licence.
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from packaging.utils import canonicalize_name

from . import dependencies, dist

SPEC_VERSION = "1.6"


def generate(venv_python: Path, version: str, out: Path) -> Path:
    dist.run(
        sys.executable, "-m", "cyclonedx_py", "environment",
        "--pyproject", dist.REPO / "pyproject.toml", "--mc-type", "library",
        "--sv", SPEC_VERSION, "--gather-license-texts", "--output-reproducible",
        "--no-validate",  # schema_errors() validates the final file, once (format checks take seconds)
        "--output-file", out, venv_python,
    )  # fmt: skip
    bom = json.loads(out.read_text(encoding="utf-8"))
    root = bom["metadata"]["component"]
    root["version"] = version
    root["purl"] = f"pkg:pypi/{dist.NAME}@{version}"
    out.write_text(json.dumps(bom, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def schema_errors(path: Path) -> list[str]:
    """What CycloneDX's own JSON schema (strict, for the BOM's spec version) finds wrong, if anything."""
    text = path.read_text(encoding="utf-8")
    version = SchemaVersion.from_version(json.loads(text)["specVersion"])
    errors = JsonStrictValidator(version).validate_str(text, all_errors=True)
    return [f"{'/'.join(map(str, error.data.absolute_path))}: {error.data.message}" for error in errors or []]


def _has_licence(component: dict) -> bool:
    for entry in component.get("licenses", []):
        if entry.get("expression"):
            return True
        licence = entry.get("license", {})
        if licence.get("id") or licence.get("name"):
            return True
    return False


def unnamed(path: Path, wanted: dict[str, dependencies.Installed]) -> list[str]:
    """Each wanted distribution the SBOM lacks, or names without its installed version or a licence."""
    bom = json.loads(path.read_text(encoding="utf-8"))
    components = {canonicalize_name(item["name"]): item for item in bom.get("components", [])}
    problems = []
    for name, installed in sorted(wanted.items()):
        component = components.get(name)
        if component is None:
            problems.append(f"{name} {installed.version}: not in the SBOM")
        elif component.get("version") != installed.version:
            problems.append(f"{name}: version {component.get('version')!r}, installed {installed.version}")
        elif not _has_licence(component):
            problems.append(f"{name} {installed.version}: no licence")
    return problems


def root_problems(path: Path, version: str) -> list[str]:
    root = json.loads(path.read_text(encoding="utf-8"))["metadata"]["component"]
    problems = []
    if (root.get("name"), root.get("version")) != (dist.NAME, version):
        problems.append(
            f"root component is {root.get('name')} {root.get('version')}, not {dist.NAME} {version}"
        )
    if not _has_licence(root):
        problems.append("the root component has no licence")
    return problems


def verify(path: Path, venv_python: Path, version: str) -> list[str]:
    runtime = dependencies.runtime(dist.site_packages(venv_python))
    return schema_errors(path) + root_problems(path, version) + unnamed(path, runtime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=dist.REPO / "dist", help="where the SBOM goes (dist/)")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lagesbild-sbom-"))
    try:
        built = dist.build(work / "dist", tree_wheel=False)
        version = dist.core_metadata(built.wheel)["Version"]
        venv_python = dist.clean_venv(work / "venv", built.wheel)
        options.out.mkdir(parents=True, exist_ok=True)
        path = generate(venv_python, version, options.out / f"{dist.NAME}-{version}.cdx.json")
        problems = verify(path, venv_python, version)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if problems:
        raise SystemExit("sbom: " + "\n  ".join([f"{path} is not right:", *problems]))
    count = len(json.loads(path.read_text(encoding="utf-8"))["components"])
    print(
        f"sbom: {path} ({count} components, CycloneDX {SPEC_VERSION}, valid, every runtime dependency named)"
    )


if __name__ == "__main__":
    main()
