"""The layering of DESIGN.md, checked on the source: no import circle between modules or
between packages, and no terminal inside the services.

Every import counts, at module level or inside a function: an import moved into a
function still makes the two modules depend on each other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "salescli"
TERMINAL = ("typer", "click", "rich", "questionary")
SKIPPED = ("salescli.migrations.versions",)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules() -> dict[str, Path]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: path for name, path in modules.items() if not name.startswith(SKIPPED)}


def imported_names(path: Path, name: str) -> Iterator[tuple[str, int]]:
    """Every module name an import statement of the file names, with its line."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, node.lineno
            for alias in node.names:
                yield f"{base}.{alias.name}", node.lineno


def import_graph() -> dict[str, dict[str, int]]:
    """Module -> the salescli modules it imports (with the first line that does)."""
    modules = source_modules()
    graph: dict[str, dict[str, int]] = {name: {} for name in modules}
    for name, path in modules.items():
        for target, line in imported_names(path, name):
            if target in modules and target != name:
                graph[name].setdefault(target, line)
    return graph


def domain(module: str) -> str:
    """The package a module belongs to for layering: a services domain
    (``salescli.services.pipeline``), else the first level below salescli."""
    parts = module.split(".")
    if parts[:2] == ["salescli", "services"] and len(parts) > 2:
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def package_graph(graph: dict[str, dict[str, int]]) -> dict[str, dict[str, str]]:
    """Package -> the packages it imports, each with one import that shows it."""
    packages: dict[str, dict[str, str]] = {}
    for module, targets in graph.items():
        edges = packages.setdefault(domain(module), {})
        for target, line in targets.items():
            if domain(target) != domain(module):
                edges.setdefault(domain(target), f"{module}:{line} imports {target}")
    return packages


def cycles(graph: Mapping[str, Mapping[str, object]]) -> list[list[str]]:
    """The strongly connected parts of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            part = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                part.append(member)
                if member == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def describe(part: list[str], graph: Mapping[str, Mapping[str, object]]) -> str:
    edges = [
        f"    {source} -> {target} ({where})"
        for source in part
        for target, where in graph[source].items()
        if target in part
    ]
    return "\n".join(["  " + ", ".join(part), *edges])


def test_no_import_circle_between_modules() -> None:
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import circles:\n" + "\n".join(describe(part, graph) for part in found)


def test_no_import_circle_between_packages() -> None:
    packages = package_graph(import_graph())
    found = cycles(packages)
    assert not found, "package circles:\n" + "\n".join(describe(part, packages) for part in found)


def test_services_never_import_the_terminal_or_the_layers_above() -> None:
    forbidden = []
    for name, path in source_modules().items():
        if not name.startswith("salescli.services"):
            continue
        for target, line in imported_names(path, name):
            top = target.split(".")[0]
            above = target.startswith(("salescli.cli", "salescli.render", "salescli.demo"))
            if top in TERMINAL or above:
                forbidden.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not forbidden, "\n".join(sorted(set(forbidden)))


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b": 1}, "b": {"c": 1}, "c": {}}, []),
        ({"a": {"b": 1}, "b": {"a": 1}}, [["a", "b"]]),
        ({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}, [["a", "b", "c"]]),
    ],
)
def test_cycles_finds_every_circle(
    graph: Mapping[str, Mapping[str, object]], expected: list[list[str]]
) -> None:
    assert cycles(graph) == expected


def test_an_import_inside_a_function_counts(tmp_path: Path) -> None:
    module = tmp_path / "mod.py"
    module.write_text("def f():\n    from salescli.services.core import session\n")
    assert ("salescli.services.core.session", 2) in set(imported_names(module, "mod"))
