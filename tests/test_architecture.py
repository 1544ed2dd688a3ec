"""The house's dependency rules, read from the source with `ast` (imports inside functions too).

An area is `handlers`, `storage`, `timekeeping`, or one `bot/<package or module>`. Areas must not
import each other in a circle (a deferred import is still a dependency), handlers reach the
database only through the use cases (they may name storage's model classes as types, never call
its functions), and the leaves (`bot/text`, `bot/i18n`, `bot/botapi`, `timekeeping`) import
nothing else of the project.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage", "timekeeping")
# Layer 5 of docs/architecture.md: leaves that import nothing else of the project's (their own
# modules aside). Each names the other leaves it may use; today none uses another.
LEAVES: dict[str, frozenset[str]] = {
    "bot.text": frozenset(),
    "bot.i18n": frozenset(),
    "bot.botapi": frozenset(),
    "timekeeping": frozenset(),
}
# What handlers may import from storage: the model classes (types), not the functions.
STORAGE_TYPES_MODULES = {"storage.models"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.name
            if name.startswith("test_") or name == "conftest.py" or "alembic" in path.parts:
                continue
            yield _module_name(path), path


def _imports(module: str, path: Path) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import in the file."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                keep = len(parts) - node.level + (1 if is_package else 0)
                base = ".".join(parts[:keep] + ([base] if base else []))
            for alias in node.names:
                yield base, alias.name, node.lineno


def _area(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] not in PACKAGES:
        return None
    if parts[0] == "bot" and len(parts) > 1:
        return f"bot.{parts[1]}"
    return parts[0]


def _resolve(target: str, name: str | None, known: set[str]) -> str:
    """`from a import b` names module a.b when that is a module of ours, else a."""
    if name is not None and f"{target}.{name}" in known:
        return f"{target}.{name}"
    return target


def area_graph() -> dict[str, dict[str, list[str]]]:
    """area -> imported area -> the import sites ("module:line") that make the edge."""
    modules = dict(_sources())
    known = set(modules)
    graph: dict[str, dict[str, list[str]]] = {}
    for module, path in modules.items():
        source = _area(module)
        assert source is not None
        graph.setdefault(source, {})
        for target, name, line in _imports(module, path):
            target_area = _area(_resolve(target, name, known))
            if target_area is None or target_area == source:
                continue
            graph[source].setdefault(target_area, []).append(f"{module}:{line}")
    return graph


def strongly_connected(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of areas that reach each other (only those of 2+)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycle_between_areas() -> None:
    graph = area_graph()
    groups = strongly_connected(graph)
    lines = []
    for group in groups:
        lines.append("cycle among: " + ", ".join(group))
        for source in group:
            for target, sites in sorted(graph[source].items()):
                if target in group:
                    lines.append(f"  {source} -> {target} ({', '.join(sites[:3])})")
    assert not groups, "\n".join(lines)


def test_handlers_do_not_call_storage() -> None:
    modules = dict(_sources())
    known = set(modules)
    found = []
    for module, path in modules.items():
        if _area(module) != "handlers":
            continue
        for target, name, line in _imports(module, path):
            resolved = _resolve(target, name, known)
            if _area(resolved) != "storage" or resolved in STORAGE_TYPES_MODULES:
                continue
            if resolved == "storage" and name is not None and _is_model(name):
                continue  # `from storage import Chat`: a model class, as a type
            found.append(f"{module}:{line} imports {resolved}" + (f".{name}" if name else ""))
    assert not found, "handlers reach storage directly:\n" + "\n".join(found)


def test_leaves_import_nothing_of_the_project() -> None:
    graph = area_graph()
    found = []
    for leaf, allowed in LEAVES.items():
        assert leaf in graph, f"{leaf} is no area any more: update LEAVES and the docs"
        for target, sites in sorted(graph[leaf].items()):
            if target not in allowed:
                found.append(f"{leaf} -> {target} ({', '.join(sites[:3])})")
    assert not found, "a leaf imports the project:\n" + "\n".join(found)


def _is_model(name: str) -> bool:
    models = ast.parse((ROOT / "storage" / "models.py").read_text(encoding="utf-8"))
    return any(isinstance(n, ast.ClassDef) and n.name == name for n in models.body)


@pytest.mark.parametrize(
    ("graph", "cycles"),
    [
        ({"a": {"b": []}, "b": {"a": []}}, [["a", "b"]]),
        ({"a": {"b": []}, "b": {"c": []}, "c": {}}, []),
        ({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}, [["a", "b", "c"]]),
    ],
)
def test_cycle_finder(graph: dict[str, dict[str, list[str]]], cycles: list[list[str]]) -> None:
    assert strongly_connected(graph) == cycles
