"""The import contracts of pyproject.toml ([tool.importlinter]) hold, and each one fails when broken.

`make test` runs `lint-imports` on the code as it is; these tests check the same contracts through
import-linter itself, then add one forbidden import at a time to the graph and check that the
contract written against it breaks, so no contract can pass by being toothless.
"""

import re
from copy import deepcopy

import grimp
import pytest
from importlinter import api  # noqa: F401 - configures import-linter's settings
from importlinter.application import use_cases
from importlinter.application.app_config import settings

from tests.conftest import PROJECT_DIR

CONFIG = PROJECT_DIR / "pyproject.toml"
OPTIONS = use_cases.read_user_options(str(CONFIG))


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(
        *OPTIONS.session_options["root_packages"],
        # import-linter reads TOML's true as the string "True"
        include_external_packages=str(OPTIONS.session_options.get("include_external_packages")) == "True",
        cache_dir=None,
    )


def keeps(graph, monkeypatch, *extra_imports, contract: str | None = None) -> bool:
    """Whether the code, plus `extra_imports` (importer, imported), keeps the contract (default: all)."""

    class Builder:
        def build(self, **kwargs):
            changed = deepcopy(graph)
            for importer, imported in extra_imports:
                changed.add_import(
                    importer=importer, imported=imported, line_number=1, line_contents="import"
                )
            return changed

    monkeypatch.setitem(settings._config, "GRAPH_BUILDER", Builder())
    return use_cases.lint_imports(
        str(CONFIG),
        limit_to_contracts=(contract,) if contract else (),
        cache_dir=None,
        no_logo=True,
        is_debug_mode=True,  # an invalid contract raises instead of reading as broken
    )


def test_the_code_keeps_every_contract(graph, monkeypatch):
    assert len(OPTIONS.contracts_options) >= 3
    assert keeps(graph, monkeypatch)


@pytest.mark.parametrize(
    "importer, imported, contract",
    [
        # A rule that names a model, a model that asks an admin view, the core reaching up.
        ("rapport_blocks.rules.visibility", "rapport_blocks.models", "plugin-layers"),
        ("rapport_blocks.models", "rapport_blocks.admin.views", "plugin-layers"),
        ("rapport_blocks.faq.search", "rapport_blocks.faq.views", "plugin-layers"),
        ("rapport_blocks.rules.presentation", "frontend_widget.delivery", "plugin-alone"),
        ("rapport_blocks.models", "cms.models", "plugin-alone"),
        ("frontend_widget.api", "cms.models", "delivery-without-host"),
        ("rapport_blocks.admin.provider_roles", "mozilla_django_oidc", "apps-without-sign-in"),
        ("frontend_widget.api", "axes", "apps-without-sign-in"),
        ("frontend_widget.feeds", "rapport_blocks.rules.changes", "public-api"),
        ("frontend_widget.api", "rapport_blocks.admin.views", "public-api"),
        ("rapport_blocks.core.dates", "django.db.models", "core-without-orm"),
        ("rapport_blocks.blocks", "wagtail.models", "core-without-orm"),
        ("rapport_blocks.core.text_layout.reader", "wagtail.documents", "text-layout-without-models"),
        ("rapport_blocks.core.sanitize", "django.contrib.contenttypes.models", "text-layout-without-models"),
        ("frontend_widget.delivery", "frontend_widget.api", "delivery-layers"),
        ("frontend_widget.conf", "frontend_widget.delivery", "delivery-layers"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(graph, monkeypatch, importer, imported, contract):
    assert keeps(graph, monkeypatch, contract=contract)
    assert not keeps(graph, monkeypatch, (importer, imported), contract=contract)


def test_every_module_of_the_plugin_has_a_layer(graph):
    """A new module is placed in a layer (pyproject.toml and docs/architecture.md), or lint-imports
    would not check it: import-linter's `exhaustive` sees the app's own children, this the FAQ's and
    the e-mail's modules too."""
    (layers_contract,) = [c for c in OPTIONS.contracts_options if c["id"] == "plugin-layers"]
    (container,) = layers_contract["containers"]
    placed = {
        f"{container}.{name.strip()}" for layer in layers_contract["layers"] for name in layer.split(":")
    }
    unplaced = {
        module
        for module in graph.find_descendants(container)
        if ".migrations" not in module
        and not any(module == p or module.startswith(p + ".") for p in placed)
        # a package holding placed modules, such as faq/, needs no place of its own
        and not any(p.startswith(module + ".") for p in placed)
    }
    assert unplaced == set()


def test_the_documented_public_api_is_the_contracts():
    (contract,) = [c for c in OPTIONS.contracts_options if c["id"] == "public-api"]
    allowed = {expression.split("->")[1].strip() for expression in contract["ignore_imports"]}
    text = (PROJECT_DIR / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## The public API", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `rapport_blocks")]
    documented = {name for row in rows for name in re.findall(r"`(rapport_blocks[.\w]*)`", row)}
    assert documented == allowed
