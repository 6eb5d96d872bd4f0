"""No import circle inside either app: grimp's graph, imports inside functions included, migrations aside.

A circle hides which module may use which (issue 22: the plugin had one of 14 modules). A failure
names the modules of each circle and one path around it.
"""

import sys

import grimp
import pytest


def import_graph(package: str) -> dict[str, set[str]]:
    """Each module of `package` and the modules of the same package it imports (migrations aside)."""
    graph = grimp.build_graph(package, cache_dir=None)
    modules = {module for module in graph.modules if ".migrations" not in module}
    return {module: graph.find_modules_directly_imported_by(module) & modules for module in modules}


def circles(imports: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (or a module importing itself), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(module):  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(imports[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1 or module in imports[module]:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(imports) + 100))
    try:
        for module in sorted(imports):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(found)


def path_around(component: list[str], imports: dict[str, set[str]]) -> list[str]:
    """One circle through the component's first module: a -> b -> ... -> a (breadth first)."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        module = queue.pop(0)
        for imported in sorted(imports[module] & members):
            if imported == start:
                return paths[module] + [start]
            if imported not in paths:
                paths[imported] = paths[module] + [imported]
                queue.append(imported)
    return component


@pytest.mark.parametrize("package", ["rapport_blocks", "frontend_widget"])
def test_no_module_imports_itself_round_a_circle(package):
    imports = import_graph(package)
    found = [" -> ".join(path_around(component, imports)) for component in circles(imports)]
    assert found == [], f"import circles in {package}:\n" + "\n".join(found)


def test_the_check_sees_imports_inside_functions_and_names_the_circle(tmp_path, monkeypatch):
    package = tmp_path / "circular_example"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "pages.py").write_text("from . import rules\n")
    (package / "rules.py").write_text("def read():\n    from .pages import Page\n")
    (package / "alone.py").write_text("import json\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    imports = import_graph("circular_example")
    assert circles(imports) == [["circular_example.pages", "circular_example.rules"]]
    assert path_around(circles(imports)[0], imports) == [
        "circular_example.pages",
        "circular_example.rules",
        "circular_example.pages",
    ]
