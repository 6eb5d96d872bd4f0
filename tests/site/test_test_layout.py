"""The tests are sorted per app, and the plugin's own import nothing but the plugin.

`make test` runs tests/rapport_blocks/ a second time with tests/plugin_settings.py, which installs
rapport_blocks and Wagtail's apps only (against the installed wheel: tests/release/); a plugin test
that imported the demo host or the delivery would fail there, so it belongs in tests/site/ or
tests/frontend_widget/.
"""

import ast

import pytest

from tests.conftest import PROJECT_DIR

TESTS = PROJECT_DIR / "tests"


def _imports(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_the_plugins_tests_import_neither_the_demo_host_nor_the_delivery():
    offenders = {
        path.name: sorted(_imports(path) & {"cms", "frontend_widget"})
        for path in sorted((TESTS / "rapport_blocks").glob("*.py"))
        if _imports(path) & {"cms", "frontend_widget"}
    }
    assert offenders == {}
    # Nor the shared helpers they use.
    assert not _imports(TESTS / "factories.py") & {"cms", "frontend_widget"}
    assert not _imports(TESTS / "conftest.py") & {"cms", "frontend_widget"}


@pytest.mark.parametrize("plugin", ["pdf_fixtures.py", "prewarm_fixtures.py"])
def test_the_channels_fixtures_import_the_delivery_only_inside_fixtures(plugin):
    """The channels' fixture modules, which conftest.py registers for every folder, import the
    delivery only inside fixtures that first ask whether it is installed."""
    tree = ast.parse((TESTS / plugin).read_text(encoding="utf-8"))
    top = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            top.add(node.module.split(".")[0])
    assert not top & {"cms", "frontend_widget"}


def test_no_test_file_is_left_outside_an_app_folder():
    assert sorted(path.name for path in TESTS.glob("test_*.py")) == []
