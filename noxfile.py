"""The supported versions, tested: one leg per Python, Wagtail line and Django line (nox).

Wagtail 7.4 LTS declares Django 5.2 and 6.0, Wagtail 8.0 Django 5.2, 6.0 and 6.1 (their package
classifiers); Django 6.x needs Python 3.12 or newer. Each leg installs the project with its pins
into a venv of its own and runs its passes:

    suite       the whole suite, without the browser tests (tests/browser) and the package's own
                (tests/release/, which `make test` runs once)
    plugin      the plugin's own tests with only rapport_blocks and Wagtail installed
    install     docs/install/check.py: the wheel into a `wagtail start` site on the leg's versions
    postgres    `make serve-production`'s deployment checks and start on PostgreSQL (DATABASE_URL)

The newest leg is not here: it is `make test` and `make test-postgres` themselves (the default
.venv, with the browser tests, the realistic site and the whole PostgreSQL pass); CI pins it with
`python noxfile.py pins newest` and `make legs` checks that it ran what NEWEST says.

    make matrix                                   # every leg below (CI does)
    .venv/bin/nox -s "leg(wagtail7.4-django6.0)"  # one leg
    python noxfile.py pins newest                 # the newest leg's pins, as pip constraints

Each pass writes its counts to test-results/legs/<leg>/<pass>.json; `make legs` prints the table.
"""

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "test-results" / "legs"

# (name, python, wagtail, django, passes). Keep README's "Supported versions" and pyproject.toml's
# classifiers to what is listed here.
NEWEST = ("newest", "3.13", "8.0", "6.1", ("suite+browser", "plugin", "install", "postgres"))
LEGS = [
    ("wagtail7.4-django5.2", "3.11", "7.4", "5.2", ("suite", "plugin", "install")),
    ("wagtail7.4-django6.0", "3.12", "7.4", "6.0", ("plugin", "install", "postgres")),
    ("wagtail8.0-django5.2", "3.11", "8.0", "5.2", ("plugin", "install")),
    ("wagtail8.0-django6.0", "3.12", "8.0", "6.0", ("plugin", "install")),
]


def pins(wagtail: str, django: str) -> list[str]:
    return [f"wagtail=={wagtail}.*", f"Django=={django}.*"]


def write_versions(folder: Path) -> None:
    """The versions this interpreter runs, beside a leg's counts."""
    import django
    import wagtail

    folder.mkdir(parents=True, exist_ok=True)
    versions = {
        "python": sys.version.split()[0],
        "wagtail": wagtail.__version__,
        "django": django.__version__,
    }
    (folder / "versions.json").write_text(json.dumps(versions) + "\n", encoding="utf-8")


def table(folder: Path, *, ci: bool) -> int:
    """The legs that ran and their counts, one line per pass; 1 if a pass failed or is missing.

    With --ci, also 1 unless every leg of LEGS ran, and `default` (`make test`) ran NEWEST's versions.
    """
    expected = {name: passes for name, _python, _wagtail, _django, passes in LEGS}
    expected["default"] = NEWEST[4]
    problems, totals = [], dict.fromkeys(("passed", "failed", "skipped", "error", "warnings"), 0)
    print(
        f"{'leg':22} {'python':8} {'wagtail':8} {'django':8} {'pass':9} passed failed skipped errors warnings"
    )
    for leg in sorted(folder.iterdir()) if folder.is_dir() else []:
        versions = json.loads((leg / "versions.json").read_text()) if (leg / "versions.json").exists() else {}
        if leg.name == "default" and ci:
            python, wagtail, django = NEWEST[1:4]
            ran = (versions.get("python", ""), versions.get("wagtail", ""), versions.get("django", ""))
            if not all(
                version.startswith(line + ".")
                for version, line in zip(ran, (python, wagtail, django), strict=True)
            ):
                problems.append(
                    f"make test ran {ran}, not the newest leg "
                    f"(Python {python}, Wagtail {wagtail}, Django {django})"
                )
        wanted = [name.split("+")[0] for name in expected.get(leg.name, ())]
        for name in wanted or sorted(path.stem for path in leg.glob("*.json") if path.stem != "versions"):
            path = leg / f"{name}.json"
            if not path.exists():
                problems.append(f"{leg.name}: the {name} pass did not run")
                continue
            counts = json.loads(path.read_text())
            for key in totals:
                totals[key] += counts.get(key, 0)
            if counts.get("failed") or counts.get("error") or counts.get("exitstatus", 0) not in (0,):
                problems.append(f"{leg.name}: the {name} pass failed")
            print(
                f"{leg.name:22} {versions.get('python', '?'):8} {versions.get('wagtail', '?'):8} "
                f"{versions.get('django', '?'):8} {name:9} {counts.get('passed', 0):6} "
                f"{counts.get('failed', 0):6} {counts.get('skipped', 0):7} {counts.get('error', 0):6} "
                f"{counts.get('warnings', 0):8}"
            )
    if ci:
        problems += [f"{name}: did not run" for name in expected if not (folder / name).is_dir()]
    for problem in problems:
        print("PROBLEM:", problem)
    print(
        f"legs: {totals['passed']} passed, {totals['failed'] + totals['error']} failed, "
        f"{totals['skipped']} skipped"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    # Without nox: what .ci/run and the Makefile need, before or beside nox.
    command, argument = sys.argv[1:3]
    if command == "versions":
        write_versions(Path(argument))
    elif command == "table":
        sys.exit(table(Path(argument), ci="--ci" in sys.argv))
    else:
        leg = next(leg for leg in [NEWEST, *LEGS] if leg[0] == argument)
        print("\n".join(pins(leg[2], leg[3])) if command == "pins" else leg[1])
    sys.exit(0)

import nox  # noqa: E402

nox.options.error_on_missing_interpreters = True  # a leg that cannot run fails; it never skips
nox.options.download_python = "never"  # the machine's interpreters (pyenv's): nothing is fetched
nox.options.sessions = ["leg"]
nox.options.default_venv_backend = "venv"

_wheel: list[Path] = []


def built_wheel(session) -> Path:
    """The wheel, built once (CI: $LAGESBILD_WHEEL, built before) and installed by every leg."""
    if not _wheel and os.environ.get("LAGESBILD_WHEEL"):
        _wheel.append(Path(os.environ["LAGESBILD_WHEEL"]))
    if not _wheel:
        out = HERE / ".nox" / "_wheel"
        session.run("python", "docs/install/check.py", "--build-only", "--out", str(out))
        _wheel.append(next(out.glob("lagesbild-*.whl")))
    return _wheel[0]


@nox.session
@nox.parametrize(
    ("python", "wagtail", "django", "passes"),
    [nox.param(python, wagtail, django, passes, id=name) for name, python, wagtail, django, passes in LEGS],
)
def leg(session, wagtail, django, passes):
    name = f"wagtail{wagtail}-django{django}"
    results = RESULTS / name
    session.install("-e", ".[server,test]", *pins(wagtail, django))
    session.run("python", "-m", "pip", "check")
    env = {"LAGESBILD_TEST_ARTEFACTS": str(HERE / "test-results" / name)}
    session.run("python", "noxfile.py", "versions", str(results))  # as installed, for the table
    pytest = ["python", "-m", "pytest", "-p", "no:cacheprovider", *session.posargs]
    if "suite" in passes:
        session.run(
            *pytest,
            # tests/release/ builds and checks the package once, in `make test`: not per leg
            "-m",
            "not browser and not release",
            env={**env, "LAGESBILD_PASS_RESULTS": str(results / "suite.json")},
        )
    if "plugin" in passes:
        session.run(
            *pytest,
            "--ds=tests.plugin_settings",
            "tests/rapport_blocks",
            env={**env, "LAGESBILD_PASS_RESULTS": str(results / "plugin.json")},
        )
    if "postgres" in passes:
        database = os.environ.get("LAGESBILD_MATRIX_DATABASE_URL", "")
        if not database.startswith(("postgres://", "postgresql://")):
            session.error(
                "the postgres pass needs LAGESBILD_MATRIX_DATABASE_URL=postgres://... (a role with CREATEDB)"
            )
        session.run(
            *pytest,
            "tests/site/test_production_server.py::test_check_deploy_is_clean_with_the_production_environment",
            "tests/site/test_production_server_postgres.py",
            env={**env, "DATABASE_URL": database, "LAGESBILD_PASS_RESULTS": str(results / "postgres.json")},
        )
    if "install" in passes:
        session.run(
            "python",
            "docs/install/check.py",
            "--wheel",
            str(built_wheel(session)),
            "--bare-only",
            "--site-packages",
            *pins(wagtail, django),
            "--results",
            str(results / "install.json"),
        )
