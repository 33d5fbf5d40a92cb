"""The import graph of a package, read from its source with `ast` (nothing is imported or run).

Every `import` and `from ... import` statement becomes an edge from the module that holds it to the
project module it names, tagged by when it runs:

- "module":   at import time (module level, class bodies, `try` blocks ...);
- "function": inside a function body: a lazy import, run only when the function is called;
- "typing":   under `if TYPE_CHECKING:`, never run (annotations only).

`from package import name` is an edge to `package.name` when that is a module, else to `package`
(its `__init__`). Importing a module also runs its parents' `__init__`s; those implicit edges are
not drawn (as other import-graph tools do): a package `__init__` here holds names and a table of
lazy exports, no imports of its children. Strings handed to importlib (the lazy-export tables) are
not imports either; they name a package's own children.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterable
from pathlib import Path

KINDS = ("module", "function", "typing")


@dataclasses.dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    kind: str

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} (line {self.line}, {self.kind} level)"


def modules(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """module name -> (file, is a package) for every .py file under `root/package`."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterable[tuple[ast.Import | ast.ImportFrom, str]]:
    """Every import statement with its kind."""

    def walk(node: ast.AST, kind: str) -> Iterable[tuple[ast.Import | ast.ImportFrom, str]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, kind
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                yield from walk(child, "typing" if kind == "typing" else "function")
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    yield from walk(ast.Module(body=[statement], type_ignores=[]), "typing")
                for statement in child.orelse:
                    yield from walk(ast.Module(body=[statement], type_ignores=[]), kind)
            else:
                yield from walk(child, kind)

    return walk(tree, "module")


def _resolve_from(name: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    anchor = name.split(".") if is_package else name.split(".")[:-1]
    base = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
    return ".".join(base + ([node.module] if node.module else []))


def edges(root: Path, packages: Iterable[str]) -> list[Edge]:
    """Every import edge between modules of `packages` (folders under `root`)."""
    known: dict[str, tuple[Path, bool]] = {}
    for package in packages:
        known.update(modules(root, package))
    found: dict[Edge, None] = {}  # one edge per statement and target, in reading order
    for name, (path, is_package) in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, kind in _imports(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = _resolve_from(name, is_package, node)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                    for alias in node.names
                ]
            for target in targets:
                # `import a.b.c` names a.b.c; keep the longest prefix that is a project module
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    found[Edge(name, target, node.lineno, kind)] = None
    return list(found)


def cycles(graph_edges: Iterable[Edge]) -> list[list[Edge]]:
    """The strongly connected components with more than one module (Tarjan), each as the edges
    inside it, sorted: empty when the graph has no cycle."""
    graph: dict[str, list[Edge]] = {}
    for edge in graph_edges:
        graph.setdefault(edge.source, []).append(edge)
        graph.setdefault(edge.target, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        # iterative Tarjan: a deep package must not hit the recursion limit
        work = [(node, iter(graph[node]))]
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        while work:
            current, children = work[-1]
            edge = next(children, None)
            if edge is not None:
                child = edge.target
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[current] = min(low[current], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[current])
            if low[current] == index[current]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == current:
                        break
                if len(component) > 1:
                    components.append(component)

    for node in list(graph):
        if node not in index:
            visit(node)
    return [
        sorted(
            (e for n in component for e in graph[n] if e.target in component),
            key=lambda e: (e.source, e.line),
        )
        for component in components
    ]


def describe(found: list[list[Edge]]) -> str:
    return "\n".join(
        f"cycle of {len({e.source for e in component})} modules:\n"
        + "\n".join(f"    {e}" for e in component)
        for component in found
    )
