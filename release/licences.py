"""The licences of what the package brings, each group on its own, against the allowlist of docs/licences.md.

pip-licenses lists the licence each installed distribution declares: its SPDX License-Expression,
else its trove classifiers, else its License field, in the spelling the distribution uses. Each
spelling allowed below was read and classified once; anything new (a new dependency, a changed
licence, an expression not seen before) fails until someone reads it and adds it here and there.

    python -m release.licences                      # `make licences`: runtime, then each extra
    python -m release.licences --package NAME ...   # only these installed distributions, as runtime
"""

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass

from packaging.utils import canonicalize_name

from . import dependencies

PERMISSIVE = "permissive"
FILE_COPYLEFT = "weak copyleft, per file"
LIBRARY_COPYLEFT = "weak copyleft, per library"

# A spelling pip-licenses reports -> (what it means in SPDX terms, its kind). docs/licences.md has
# this table, with the reasons; tests/site/test_licences.py keeps the two equal.
ALLOWED: dict[str, tuple[str, str]] = {
    "MIT": ("MIT", PERMISSIVE),
    "MIT License": ("MIT", PERMISSIVE),
    "MIT-CMU": ("MIT-CMU", PERMISSIVE),
    "MIT-0": ("MIT-0", PERMISSIVE),
    "0BSD": ("0BSD", PERMISSIVE),
    "BSD-2-Clause": ("BSD-2-Clause", PERMISSIVE),
    "BSD-3-Clause": ("BSD-3-Clause", PERMISSIVE),
    "BSD License": ("BSD-2-Clause or BSD-3-Clause", PERMISSIVE),
    "Apache-2.0": ("Apache-2.0", PERMISSIVE),
    "Apache Software License": ("Apache-2.0", PERMISSIVE),
    "ISC": ("ISC", PERMISSIVE),
    "ISC License (ISCL)": ("ISC", PERMISSIVE),
    "PSF-2.0": ("PSF-2.0", PERMISSIVE),
    "Python Software Foundation License": ("PSF-2.0", PERMISSIVE),
    "Apache-2.0 OR BSD-2-Clause": ("Apache-2.0 OR BSD-2-Clause", PERMISSIVE),
    "Apache-2.0 OR BSD-3-Clause": ("Apache-2.0 OR BSD-3-Clause", PERMISSIVE),
    "BSD 3-Clause OR Apache-2.0": ("BSD-3-Clause OR Apache-2.0", PERMISSIVE),
    "MIT AND PSF-2.0": ("MIT AND PSF-2.0", PERMISSIVE),
    "MPL-2.0": ("MPL-2.0", FILE_COPYLEFT),
    "Mozilla Public License 2.0 (MPL 2.0)": ("MPL-2.0", FILE_COPYLEFT),
    # pyphen (WeasyPrint's hyphenation) offers GPL-2.0+, LGPL-2.1+ or MPL-1.1: the MPL is the choice.
    "Mozilla Public License 1.1 (MPL 1.1)": ("MPL-1.1", FILE_COPYLEFT),
    "LGPL-3.0-only": ("LGPL-3.0-only", LIBRARY_COPYLEFT),
    "LGPL-3.0-or-later": ("LGPL-3.0-or-later", LIBRARY_COPYLEFT),
}

RUNTIME = "runtime"
# The kinds each group may use. What every site installs stays permissive or per-file copyleft;
# the server extra (a deployment's choice of PostgreSQL driver) may use a library under the LGPL.
KINDS: dict[str, set[str]] = {
    RUNTIME: {PERMISSIVE, FILE_COPYLEFT},
    "server": {PERMISSIVE, FILE_COPYLEFT, LIBRARY_COPYLEFT},
    "test": {PERMISSIVE, FILE_COPYLEFT, LIBRARY_COPYLEFT},
}


@dataclass(frozen=True)
class Licence:
    name: str
    version: str
    declared: str  # as pip-licenses reports it; several classifiers are joined by "; "

    def allowed_in(self, group: str) -> bool:
        """Any one allowed spelling will do: several classifiers mean a choice of licences."""
        return any(
            spelling in ALLOWED and ALLOWED[spelling][1] in KINDS[group]
            for spelling in self.declared.split("; ")
        )


def listed(names: list[str], extra_path: str | None = None) -> list[Licence]:
    """pip-licenses' answer for these installed distributions (`extra_path` is searched first)."""
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [extra_path, env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "piplicenses", "--format=json", "--from=mixed", "--with-system",
         "--packages", *names],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return [Licence(row["Name"], row["Version"], row["License"]) for row in json.loads(done.stdout)]


@dataclass
class Report:
    group: str
    licences: list[Licence]
    refused: list[Licence]
    missing: list[str]  # asked for, but pip-licenses found no such distribution

    @property
    def ok(self) -> bool:
        return not self.refused and not self.missing


def check(group: str, names: list[str], extra_path: str | None = None) -> Report:
    found = listed(names, extra_path)
    seen = {canonicalize_name(licence.name) for licence in found}
    return Report(
        group=group,
        licences=found,
        refused=[licence for licence in found if not licence.allowed_in(group)],
        missing=sorted(name for name in names if canonicalize_name(name) not in seen),
    )


def groups() -> dict[str, list[str]]:
    """The runtime dependencies, then what each extra adds to them."""
    found = {RUNTIME: sorted(dependencies.runtime())}
    for extra in dependencies.extras():
        found[extra] = sorted(dependencies.added_by(extra))
    return found


def show(report: Report) -> str:
    lines = [f"{report.group}: {len(report.licences)} distributions"]
    for licence in sorted(report.licences, key=lambda item: item.name.lower()):
        mark = "REFUSED" if licence in report.refused else "ok"
        lines.append(f"  {mark:8}{licence.name} {licence.version}: {licence.declared}")
    lines += [f"  MISSING {name}: not installed" for name in report.missing]
    if report.refused:
        lines.append(
            f"  {len(report.refused)} licence(s) outside what docs/licences.md allows"
            f" the {report.group} group"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", action="append", help="check only these distributions, as runtime")
    options = parser.parse_args()
    wanted = {RUNTIME: options.package} if options.package else groups()
    unknown = sorted(set(wanted) - set(KINDS))
    if unknown:
        raise SystemExit(
            f"licences: no policy for the extra(s) {unknown}: add them to KINDS and docs/licences.md"
        )
    reports = [check(group, names) for group, names in wanted.items()]
    print("\n".join(show(report) for report in reports))
    if not all(report.ok for report in reports):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
