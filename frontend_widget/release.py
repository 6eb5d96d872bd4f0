"""Which release of the site this process runs: a digest that changes when its HTML may change.

Rendered pages are shared between processes through the shared cache (`page_cache`), so that
every gunicorn worker, every instance and the pre-warm's task serve one rendering per generation.
A rolling deploy runs two releases side by side for a while, and an old process must never fill
the new release's pages with the old templates (nor the other way round), so their keys name the
release: `LAGESBILD_RELEASE` when the operator sets it (a commit id, a version), together with what
a deploy changes: the installed distributions and their versions, the content of every template
the template engines can find, and the Python code of the apps that render the pages. Worked out
once per process (a few tens of milliseconds), on first use.
"""

from __future__ import annotations

import functools
import hashlib
import site
from pathlib import Path

from django.apps import apps
from django.template import engines

from .conf import delivery_settings

# The apps whose Python code shapes the public pages (templatetags, presentation, page models).
CODE_APPS = ("rapport_blocks", "frontend_widget")


def _files(folder: Path, pattern: str):
    return sorted(path for path in folder.rglob(pattern) if path.is_file())


@functools.cache
def _digest() -> str:
    digest = hashlib.blake2b(digest_size=12)
    installed = [Path(p).resolve() for p in site.getsitepackages() + [site.getusersitepackages()]]
    # A distribution's folder names it and its version ("Django-5.2.8.dist-info"): reading their
    # metadata would take seconds.
    for folder in installed:
        if folder.is_dir():
            for entry in sorted(folder.iterdir()):
                if entry.suffix in (".dist-info", ".egg-info"):
                    digest.update(entry.name.encode() + b"\n")
    folders: list[Path] = []
    for engine in engines.all():
        folders += [Path(folder) for folder in getattr(engine, "template_dirs", ())]
    for label in CODE_APPS:
        if apps.is_installed(label):
            folders.append(Path(apps.get_app_config(label).path))
    for folder in sorted(set(folders)):
        if not folder.is_dir() or any(folder.resolve().is_relative_to(path) for path in installed):
            continue  # installed: its distribution's version stands for it
        for path in _files(folder, "*.html") + _files(folder, "*.txt") + _files(folder, "*.py"):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def release() -> str:
    """LAGESBILD_RELEASE (if set) and the digest of the installed code and templates."""
    return f"{delivery_settings.RELEASE}:{_digest()}"
