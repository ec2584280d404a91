"""Imports run one way: app_pages -> personas -> analysis; libraries never import streamlit."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "code",
    [
        "import analysis.nlp, analysis.features, analysis.cluster, analysis.vectorize, sys; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('personas', 'streamlit')]; assert not bad, bad",
        "import personas.cli, personas.build, personas.ingest, personas.export, personas.people, sys; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('streamlit', 'app_pages')]; assert not bad, bad",
    ],
)
def test_architecture_import_direction(code: str) -> None:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("package", ["analysis", "personas"])
def test_architecture_no_streamlit_in_library_sources(package: str) -> None:
    offenders = [p.name for p in (ROOT / package).rglob("*.py") if "import streamlit" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_architecture_analysis_never_imports_personas() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "analysis").rglob("*.py")
                 if "from personas" in p.read_text(encoding="utf-8") or "import personas" in p.read_text(encoding="utf-8")]
    assert offenders == []


# --- Issue 18: no function over 60 lines outside tests; no import cycle among our modules ---------------

MAX_FUNCTION_LINES = 60
SOURCE_DIRS = ("analysis", "personas", "app_pages", "benchmarks", "scripts")

# Functions allowed over MAX_FUNCTION_LINES, "module:qualname" -> why it stays long. Keep this small: each
# entry must still exist and still be long (the test below fails on a stale entry, so remove it when split).
KEPT: dict[str, str] = {}


def _our_modules() -> dict[str, Path]:
    """Every module of ours outside tests, by dotted name (a package by its own name, not ``.__init__``)."""
    files = [p for d in SOURCE_DIRS for p in sorted((ROOT / d).rglob("*.py"))] + [ROOT / "app.py"]
    modules = {}
    for path in files:
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _function_lengths(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, int]]:
    """(qualname, def line to last line) of every function and method, nested ones as ``outer.<locals>.inner``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node.end_lineno - node.lineno + 1
            yield from _function_lengths(node, f"{prefix}{node.name}.<locals>.")
        elif isinstance(node, ast.ClassDef):
            yield from _function_lengths(node, f"{prefix}{node.name}.")
        else:
            yield from _function_lengths(node, prefix)


def _long_functions() -> dict[str, int]:
    return {f"{module}:{name}": length
            for module, path in _our_modules().items()
            for name, length in _function_lengths(ast.parse(path.read_text(encoding="utf-8")))
            if length > MAX_FUNCTION_LINES}


def test_architecture_no_function_over_60_lines() -> None:
    long = _long_functions()
    new = {name: length for name, length in long.items() if name not in KEPT}
    assert not new, (f"functions over {MAX_FUNCTION_LINES} lines (def to last line): {new}; split them into named "
                     "helpers, or add them to KEPT in tests/repo/test_architecture.py with the reason they stay long")
    stale = sorted(set(KEPT) - set(long))
    assert not stale, f"KEPT entries no longer over {MAX_FUNCTION_LINES} lines or gone: {stale}; remove them from KEPT"


def test_architecture_kept_long_functions_stay_few() -> None:
    assert len(KEPT) <= 20, f"KEPT has {len(KEPT)} entries: split functions rather than keep them"


def _import_targets(module: str, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]) -> Iterator[str]:
    """Our modules an import statement names: ``from a import b`` is the submodule a.b when it exists, else a."""
    def ours(name: str) -> str:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name
    if isinstance(node, ast.Import):
        yield from filter(None, (ours(alias.name) for alias in node.names))
        return
    base = node.module or ""
    if node.level:
        package = module.split(".")
        if modules[module].name != "__init__.py":
            package = package[:-1]
        package = package[:len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    for alias in node.names:
        target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else ours(base)
        if target:
            yield target


def _imports_of(module: str, tree: ast.AST, modules: dict[str, Path], *, lazy: bool) -> set[str]:
    """Our modules ``module`` imports. Module level only unless ``lazy``; ``if TYPE_CHECKING:`` never runs."""
    def visit(node: ast.AST, in_function: bool) -> Iterator[str]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                if lazy or not in_function:
                    yield from _import_targets(module, child, modules)
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                yield from visit(ast.Module(body=child.orelse, type_ignores=[]), in_function)
            else:
                yield from visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))
    return set(visit(tree, False)) - {module}


def _import_cycles(*, lazy: bool) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's strongly connected components)."""
    modules = _our_modules()
    graph = {m: _imports_of(m, ast.parse(p.read_text(encoding="utf-8")), modules, lazy=lazy) for m, p in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while (w := stack.pop()) != v:
                group.append(w)
            if group:
                cycles.append(sorted([v, *group]))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return cycles


def test_architecture_no_import_cycle() -> None:
    """Module-level imports only: an import inside a function runs late, once both modules are loaded."""
    assert _import_cycles(lazy=False) == []


@pytest.mark.parametrize("source, expected", [
    ("import personas.people\n", {"personas.people"}),
    ("from personas import people\n", {"personas.people"}),
    ("from personas.people import resolve_people\n", {"personas.people"}),
    ("from . import cards\n", {"personas.cards"}),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import personas.cards\n", set()),
    ("def f():\n    import personas.cards\n", set()),
])
def test_architecture_import_graph_reads_imports(source: str, expected: set[str]) -> None:
    assert _imports_of("personas.build", ast.parse(source), _our_modules(), lazy=False) == expected
