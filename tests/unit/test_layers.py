"""Imports run one way: CLI -> app factory (bot/app) -> handlers/ -> the domain in bot/ ->
storage/. Read from the source with `ast`, so a violation fails here, whatever runs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "storage")
# The entry layers of bot/: the only modules that may import handlers/ or the app.
ENTRY = ("bot.cli", "bot.cli_polls", "bot.__main__", "bot.app")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, at any level (type-checking imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


MODULES = {
    module_name(path): imports_of(path)
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
    if "migrations" not in path.parts
}


def _in(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def layer(name: str) -> int:
    """0 storage, 1 domain, 2 handlers, 3 the app and the CLI."""
    if _in(name, ("storage",)):
        return 0
    if _in(name, ("handlers",)):
        return 2
    if _in(name, ENTRY):
        return 3
    return 1


def ours(imported: str) -> str | None:
    """The project module an import names (the longest that exists), or None."""
    parts = imported.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in MODULES:
            return candidate
    return None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_a_layer_above_its_own(name: str) -> None:
    upward = [
        target
        for imported in MODULES[name]
        if (target := ours(imported)) is not None and layer(target) > layer(name)
    ]
    assert upward == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if layer(n) <= 1))
def test_the_domain_and_storage_know_nothing_of_bolt(name: str) -> None:
    assert not [i for i in MODULES[name] if _in(i, ("slack_bolt",))]


@pytest.mark.parametrize("name", sorted(n for n in MODULES if layer(n) == 0))
def test_storage_imports_neither_bot_nor_handlers(name: str) -> None:
    assert not [i for i in MODULES[name] if _in(i, ("bot", "handlers"))]


def test_there_are_no_import_cycles() -> None:
    graph = {
        name: {t for i in imports if (t := ours(i)) is not None and t != name}
        for name, imports in MODULES.items()
    }
    # A package's __init__ naming its own submodules is registration, not a cycle.
    for name, targets in graph.items():
        graph[name] = {t for t in targets if not t.startswith(name + ".")}
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> None:
        if node in path:
            raise AssertionError("import cycle: " + " -> ".join([*path[path.index(node) :], node]))
        if node in done:
            return
        path.append(node)
        for target in sorted(graph[node]):
            visit(target)
        path.pop()
        done.add(node)

    for name in sorted(graph):
        visit(name)
