"""Which names a function binds: the facts name resolution needs before a body is lowered.

Python decides at compile time whether a name is local (bound anywhere in the function), global
(`global x`, or bound nowhere in an enclosing function) or free (bound in an enclosing function).
This walk collects, per scope, the names bound there without entering nested functions, classes
or comprehensions (whose bodies are scopes of their own), except that a walrus inside a
comprehension binds in the enclosing function, as Python specifies.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass
class ScopeInfo:
    bound: set[str] = field(default_factory=set)
    globals: set[str] = field(default_factory=set)
    nonlocals: set[str] = field(default_factory=set)
    is_generator: bool = False


def _target_names(target: ast.AST, into: set[str]) -> None:
    stack = [target]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            into.add(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            stack.extend(node.elts)
        elif isinstance(node, ast.Starred):
            stack.append(node.value)


def scope_of(
    body: list[ast.AST], params: tuple[str, ...] = (), *, scan_expressions: bool = True
) -> ScopeInfo:
    """The names bound by the statements `body` (a function, class or module body).

    Only statements bind names, except a walrus (`:=`) and `yield` (which makes a generator);
    with `scan_expressions` False (the file has neither), expressions are not walked at all.
    """
    info = ScopeInfo(bound=set(params))
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            info.bound.add(node.name)
            if scan_expressions:  # decorators, defaults and bases run in this scope
                stack.extend(node.decorator_list)
                if kind is ast.ClassDef:
                    stack.extend(node.bases)
                else:
                    stack.extend(d for d in node.args.defaults if d is not None)
                    stack.extend(d for d in node.args.kw_defaults if d is not None)
            continue
        if kind is ast.Global:
            info.globals.update(node.names)
            continue
        if kind is ast.Nonlocal:
            info.nonlocals.update(node.names)
            continue
        if kind in _STATEMENT_TARGETS:
            for target in _STATEMENT_TARGETS[kind](node):
                _target_names(target, info.bound)
        elif kind in (ast.Import, ast.ImportFrom):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                if name != "*":
                    info.bound.add(name)
        elif kind is ast.ExceptHandler or kind.__name__ == "ExceptStarHandler":
            if node.name:
                info.bound.add(node.name)
        elif kind is ast.match_case:
            for inner in ast.walk(node.pattern):
                if isinstance(inner, (ast.MatchAs, ast.MatchStar)) and inner.name:
                    info.bound.add(inner.name)
                elif isinstance(inner, ast.MatchMapping) and inner.rest:
                    info.bound.add(inner.rest)
        if isinstance(node, ast.expr):
            _scan_expression(node, info)
            continue
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                if scan_expressions:
                    stack.append(child)
            else:
                stack.append(child)
    info.bound -= info.globals | info.nonlocals
    return info


def _scan_expression(root: ast.expr, info: ScopeInfo) -> None:
    """Walrus targets and `yield` in one expression (not inside lambdas or comprehensions'
    own scopes, except that a walrus in a comprehension binds here)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Lambda):
            stack.extend(node.args.defaults)
            continue
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            info.is_generator = True
        elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            info.bound.add(node.target.id)
        stack.extend(ast.iter_child_nodes(node))


_STATEMENT_TARGETS = {
    ast.Assign: lambda node: node.targets,
    ast.AugAssign: lambda node: (node.target,),
    ast.AnnAssign: lambda node: (node.target,),
    ast.For: lambda node: (node.target,),
    ast.AsyncFor: lambda node: (node.target,),
    ast.With: lambda node: [i.optional_vars for i in node.items if i.optional_vars is not None],
    ast.AsyncWith: lambda node: [
        i.optional_vars for i in node.items if i.optional_vars is not None
    ],
    ast.Delete: lambda node: node.targets,
}
