"""The package as a user gets it: an sdist, the wheel built from that sdist, and a clean environment.

`python -m build` builds the sdist from the source and then the wheel from the unpacked sdist, so a
file the sdist lacks is missing from the wheel too. A second wheel, built straight from the source,
is what the first is compared with. Both come from a copy of the source: setuptools writes build/
and *.egg-info into the folder it builds in, and files left there by an earlier build would slip in.

    python -m release.dist [--out dist]    # `make dist`: build, then twine check --strict
"""

import argparse
import email.message
import email.parser
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NAME = "lagesbild"
PACKAGES = ("rapport_blocks", "frontend_widget")
LICENCE = REPO / "LICENSE"
# Never part of a build: version control, local environments, earlier builds, generated files.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", ".nox", "node_modules", "build", "dist", "*.egg-info", "var", "staticfiles",
    "__pycache__", "test-results", ".pytest_cache", ".ruff_cache", ".hypothesis", ".import_linter_cache",
    "db.sqlite3",
)  # fmt: skip


@dataclass(frozen=True)
class Built:
    sdist: Path
    wheel: Path  # from the sdist
    tree_wheel: Path | None  # from the source, to compare with


def run(*args, cwd=None, env=None, quiet=True) -> str:
    """Runs a step, printing it and its time; on failure shows the end of its output and stops."""
    started = time.monotonic()
    print("release: $", " ".join(str(arg) for arg in args), flush=True)
    done = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=env, capture_output=quiet, text=True, check=False
    )
    if done.returncode != 0:
        if quiet:
            sys.stdout.write(done.stdout[-6000:])
            sys.stderr.write(done.stderr[-6000:])
        raise SystemExit(f"release: failed ({done.returncode}): {' '.join(str(arg) for arg in args)}")
    print(f"release:   ({time.monotonic() - started:.1f} s)", flush=True)
    return done.stdout or ""


def copy_source(dest: Path) -> Path:
    shutil.copytree(REPO, dest, ignore=NOT_SOURCE)
    return dest


def build(out: Path, *, tree_wheel: bool = True) -> Built:
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob(f"{NAME}-*"), out / "from-tree"]:
        shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)
    source = copy_source(out / "source")
    try:
        run(sys.executable, "-m", "build", "--outdir", out, source)
        if tree_wheel:
            run(sys.executable, "-m", "build", "--wheel", "--outdir", out / "from-tree", source)
    finally:
        shutil.rmtree(source, ignore_errors=True)
    (sdist,) = out.glob(f"{NAME}-*.tar.gz")
    (wheel,) = out.glob(f"{NAME}-*.whl")
    return Built(sdist, wheel, next((out / "from-tree").glob("*.whl")) if tree_wheel else None)


def twine_check(*archives: Path) -> str:
    """twine's own answer, one line per archive (it wraps long paths otherwise)."""
    out = run(sys.executable, "-m", "twine", "--no-color", "check", "--strict", *archives)
    return " ".join(out.split()).replace(" Checking ", "\nChecking ")


# Reading the archives


def _sdist_root(tar: tarfile.TarFile) -> str:
    return tar.getnames()[0].split("/")[0]


def sdist_files(sdist: Path) -> dict[str, bytes]:
    """The sdist's files, by their path inside its top folder."""
    with tarfile.open(sdist) as tar:
        root = _sdist_root(tar)
        return {
            member.name.removeprefix(root + "/"): tar.extractfile(member).read()
            for member in tar.getmembers()
            if member.isfile()
        }


def wheel_files(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def core_metadata(archive: Path) -> email.message.Message:
    """The archive's core metadata: the wheel's METADATA, the sdist's PKG-INFO."""
    if archive.suffix == ".whl":
        files = wheel_files(archive)
        (name,) = [name for name in files if name.endswith(".dist-info/METADATA")]
    else:
        files = sdist_files(archive)
        name = "PKG-INFO"
    return email.parser.BytesParser().parsebytes(files[name])


def licence_texts(archive: Path) -> dict[str, bytes]:
    """Every licence file the archive declares (License-File), by its path in the archive."""
    files = wheel_files(archive) if archive.suffix == ".whl" else sdist_files(archive)
    declared = core_metadata(archive).get_all("License-File") or []
    if archive.suffix == ".whl":
        dist_info = next(name.split("/")[0] for name in files if ".dist-info/" in name)
        paths = [f"{dist_info}/licenses/{name}" for name in declared]
    else:
        paths = list(declared)
    return {path: files[path] for path in paths if path in files}


def digests(files: dict[str, bytes], *, skip=(".dist-info/RECORD",)) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items() if not name.endswith(skip)}


def tracked_package_files() -> list[str]:
    """What version control holds of the two apps: the wheel must carry every one of these files."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--", *PACKAGES], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    return sorted(name for name in out.split("\0") if name)


# The clean environment


def clean_venv(where: Path, wheel: Path, python: str = sys.executable, also: tuple | list = ()) -> Path:
    """A new virtual environment holding the wheel and what pip installs with it, nothing else.

    `also` pins what a site already runs (`wagtail==8.0.1`), so the plugin meets those versions.
    Without a pip of its own (ensurepip is the slowest part of a venv, and pip would be one more
    package in it): this interpreter's pip installs into it, from pip's shared cache.
    """
    run(python, "-m", "venv", "--without-pip", where)
    venv_python = where / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", venv_python, "install", "--quiet", wheel, *also)
    return venv_python


def site_packages(venv_python: Path) -> list[str]:
    code = "import site, json; print(json.dumps(site.getsitepackages()))"
    return json.loads(run(venv_python, "-c", code, env={**os.environ, "PYTHONPATH": ""}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="where the archives go (dist/)")
    options = parser.parse_args()
    shutil.rmtree(options.out, ignore_errors=True)
    built = build(options.out, tree_wheel=False)
    print(twine_check(built.sdist, built.wheel).strip())
    print(f"release: {built.sdist.name} and {built.wheel.name} in {options.out}")


if __name__ == "__main__":
    main()
