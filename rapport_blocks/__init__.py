"""Lägesbild's Wagtail plugin: recurring situation reports as Wagtail pages.

`__version__` is the package's one version (SemVer, PEP 440 spelling): pyproject.toml reads it for
the built metadata, `/healthz` and the admin's dashboard show it, CHANGELOG.md names it.
"""

__version__ = "0.4.0.dev0"
