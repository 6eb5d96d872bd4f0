"""What a release is made of and checked by: never part of the wheel (pyproject.toml packages only the apps).

- `dist`: builds the sdist and the wheel from it, reads the archives, makes the clean virtual environment;
- `dependencies`: the runtime dependencies (and each extra's), resolved over installed metadata;
- `licences`: their licences through pip-licenses, against the allowlist of docs/licences.md;
- `sbom`: the CycloneDX SBOM of the runtime dependencies (`make sbom`).

CONTRIBUTING.md ("Releasing") says how they are used; tests/release/ and tests/site/test_licences.py
test them.
"""
