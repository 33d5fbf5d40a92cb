"""Lower expressions to three-address instructions, with an explicit stack (never recursion per level).

`operand(node)` emits the instructions that compute `node` and returns the operand holding its
value; `expr(node)` returns the top-level operation without emitting it, so `x = f(a)` becomes
one `Assign(x, Call(...))` rather than a temporary and a copy. Operator, attribute, call and
subscript chains of any length cost a loop iteration per link. The only recursion left is into
comprehensions and lambdas, which Python itself bounds (brackets nest at most 200 deep) or which
`lower.MAX_FUNCTION_NESTING` bounds.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from . import ir

if TYPE_CHECKING:
    from .protocols import Lowering as ModuleLowering

_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_NONE = ir.Const(None, "none")


class ExpressionLowering:
    def __init__(self, owner: ModuleLowering):
        self.owner = owner

    # ----- entry points ----------------------------------------------------------------------
    def operand(self, node: ast.expr | None) -> ir.Operand:
        if node is None:
            return _NONE
        leaf = self._leaf(node)
        if leaf is not None:
            return leaf
        return self._materialize(self.expr(node), node)

    def expr(self, root: ast.expr) -> ir.Expr:
        leaf = self._leaf(root)
        if leaf is not None:
            return ir.Copy(leaf)
        special = self._special(root)
        if special is not None:
            return special
        stack: list[tuple[ast.AST, list | None]] = [(root, None)]
        values: list = []
        while stack:
            node, children = stack.pop()
            if children is None:
                leaf = self._leaf(node)
                if leaf is not None:
                    values.append(leaf)
                    continue
                special = self._special(node)
                if special is not None:
                    values.append(
                        special
                        if isinstance(special, ir.Slice)
                        else self._materialize(special, node)
                    )
                    continue
                children = self._children(node)
                stack.append((node, children))
                stack.extend((child, None) for child in reversed(children))
                continue
            count = len(children)
            operands = values[len(values) - count :] if count else []
            if count:
                del values[len(values) - count :]
            built = self._build(node, operands)
            if not stack:
                return built
            values.append(built if isinstance(built, ir.Slice) else self._materialize(built, node))
        raise AssertionError("unreachable: the root is built last")

    def index(self, node: ast.expr) -> tuple[tuple[ir.IndexPart, ...], bool]:
        """A subscript's parts, for stores and deletes (`df["a"] = v`, `del df["a"]`)."""
        if isinstance(node, ast.Tuple):
            return tuple(self._index_part(e) for e in node.elts), True
        return (self._index_part(node),), False

    # ----- helpers ---------------------------------------------------------------------------
    def _index_part(self, node: ast.expr) -> ir.IndexPart:
        if isinstance(node, ast.Slice):
            return self._slice(node)
        return self.operand(node)

    def _slice(self, node: ast.Slice) -> ir.Slice:
        return ir.Slice(
            self.operand(node.lower) if node.lower is not None else None,
            self.operand(node.upper) if node.upper is not None else None,
            self.operand(node.step) if node.step is not None else None,
        )

    def _materialize(self, expr: ir.Expr, node: ast.AST) -> ir.Operand:
        if isinstance(expr, ir.Copy):
            return expr.source
        target = self.owner.temp()
        self.owner.emit(ir.Assign(target, expr, self.owner.span(node)))
        return target

    def _leaf(self, node: ast.AST) -> ir.Operand | None:
        if isinstance(node, ast.Name):
            return self.owner.ctx.resolve(node.id)
        if isinstance(node, ast.Constant):
            return ir.const_of(node.value)
        return None

    def _special(self, node: ast.AST):
        """Nodes lowered as a whole: lambdas, comprehensions, slices with constant bounds."""
        if isinstance(node, ast.Lambda):
            for default in (*node.args.defaults, *(d for d in node.args.kw_defaults if d)):
                self.operand(default)
            return self.owner.lambda_value(node)
        if isinstance(node, _COMPREHENSIONS):
            return ir.Copy(self._comprehension(node))
        return None

    def _children(self, node: ast.AST) -> list:
        kind = type(node)
        if kind is ast.Attribute:
            return [node.value]
        if kind is ast.Subscript:
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return [node.value, *parts]
        if kind is ast.Call:
            head = node.func.value if isinstance(node.func, ast.Attribute) else node.func
            args = [a.value if isinstance(a, ast.Starred) else a for a in node.args]
            return [head, *args, *(k.value for k in node.keywords)]
        if kind is ast.BinOp:
            return [node.left, node.right]
        if kind is ast.UnaryOp:
            return [node.operand]
        if kind is ast.BoolOp:
            return list(node.values)
        if kind is ast.Compare:
            return [node.left, *node.comparators]
        if kind in (ast.List, ast.Tuple, ast.Set):
            return [e.value if isinstance(e, ast.Starred) else e for e in node.elts]
        if kind is ast.Dict:
            out = []
            for key, value in zip(node.keys, node.values):
                if key is not None:
                    out.append(key)
                out.append(value)
            return out
        if kind is ast.JoinedStr:
            return [p.value for p in node.values if isinstance(p, ast.FormattedValue)]
        if kind is ast.FormattedValue:
            return [node.value]
        if kind is ast.IfExp:
            return [node.test, node.body, node.orelse]
        if kind in (ast.Await, ast.Starred, ast.NamedExpr):
            return [node.value]
        if kind in (ast.Yield, ast.YieldFrom):
            return [node.value] if node.value is not None else []
        if kind is ast.Slice:
            return [part for part in (node.lower, node.upper, node.step) if part is not None]
        return []

    def _build(self, node: ast.AST, ops: list):
        kind = type(node)
        if kind is ast.Attribute:
            return ir.GetAttr(ops[0], node.attr)
        if kind is ast.Subscript:
            return ir.GetItem(ops[0], tuple(ops[1:]), isinstance(node.slice, ast.Tuple))
        if kind is ast.Call:
            args = []
            position = 1
            for arg in node.args:
                args.append(ir.Arg(ops[position], None, 1 if isinstance(arg, ast.Starred) else 0))
                position += 1
            for keyword in node.keywords:
                args.append(ir.Arg(ops[position], keyword.arg, 0 if keyword.arg is not None else 2))
                position += 1
            callee = _dotted(node.func)
            if isinstance(node.func, ast.Attribute):
                return ir.MethodCall(ops[0], node.func.attr, tuple(args), callee)
            return ir.Call(ops[0], tuple(args), callee)
        if kind is ast.BinOp:
            return ir.BinOp(type(node.op).__name__, ops[0], ops[1])
        if kind is ast.UnaryOp:
            return ir.UnaryOp(type(node.op).__name__, ops[0])
        if kind is ast.BoolOp:
            return ir.BoolOp(type(node.op).__name__, tuple(ops))
        if kind is ast.Compare:
            return ir.Compare(tuple(type(op).__name__ for op in node.ops), tuple(ops))
        if kind in (ast.List, ast.Tuple, ast.Set):
            name = {ast.List: "list", ast.Tuple: "tuple", ast.Set: "set"}[kind]
            starred = tuple(isinstance(e, ast.Starred) for e in node.elts)
            return ir.Build(name, tuple(ops), starred)
        if kind is ast.Dict:
            keys: list = []
            values: list = []
            position = 0
            for key in node.keys:
                if key is None:
                    keys.append(None)
                else:
                    keys.append(ops[position])
                    position += 1
                values.append(ops[position])
                position += 1
            return ir.BuildDict(tuple(keys), tuple(values))
        if kind is ast.JoinedStr:
            return ir.FormatString(tuple(ops))
        if kind is ast.FormattedValue:
            return ir.FormatString(tuple(ops))
        if kind is ast.IfExp:
            return ir.Ternary(ops[0], ops[1], ops[2])
        if kind in (ast.Await, ast.Starred):
            return ir.Copy(ops[0])
        if kind is ast.NamedExpr:
            target = self.owner.ctx.resolve(node.target.id)
            self.owner.emit(
                ir.Assign(target, ir.Copy(ops[0]), self.owner.span(node), node.target.id)
            )
            return ir.Copy(target)
        if kind in (ast.Yield, ast.YieldFrom):
            value = ops[0] if ops else None
            if kind is ast.YieldFrom and value is not None:
                element = self.owner.temp()
                self.owner.emit(ir.Assign(element, ir.Element(value), self.owner.span(node)))
                value = element
            self.owner.emit(ir.Yield(value, self.owner.span(node)))
            return ir.Copy(_NONE)
        if kind is ast.Slice:
            parts = iter(ops)
            return ir.Slice(
                next(parts) if node.lower is not None else None,
                next(parts) if node.upper is not None else None,
                next(parts) if node.step is not None else None,
            )
        return ir.Copy(_NONE)  # anything else carries nothing the analysis reads

    # ----- comprehensions ----------------------------------------------------------------------
    def _comprehension(self, node) -> ir.Operand:
        """`[elt for x in xs if c]` becomes a loop appending to a fresh list (dicts: a store)."""
        owner = self.owner
        ctx = owner.ctx
        owner.comprehensions += 1
        number = owner.comprehensions
        span = owner.span(node)
        result = owner.temp()
        if isinstance(node, ast.DictComp):
            owner.emit(ir.Assign(result, ir.BuildDict((), ()), span))
        else:
            kind = "set" if isinstance(node, ast.SetComp) else "list"
            owner.emit(ir.Assign(result, ir.Build(kind, (), ()), span))
        first = self.operand(node.generators[0].iter)
        renames: dict[str, str] = {}
        for generator in node.generators:
            for target in ast.walk(generator.target):
                if isinstance(target, ast.Name):
                    renames[target.id] = f"{target.id}$c{number}"
        ctx.renames.append(renames)
        try:
            owner.emit(self._generator(node, 0, first, result, span))
        finally:
            ctx.renames.pop()
        return result

    def _generator(self, node, position: int, iterable: ir.Operand, result, span) -> ir.Loop:
        owner = self.owner
        generator = node.generators[position]
        target_span = owner.span(generator.target)

        def head() -> None:
            element = owner.temp()
            owner.emit(ir.Assign(element, ir.Element(iterable), target_span))
            owner.store(generator.target, element, target_span)

        def body() -> None:
            self._conditions(node, position, list(generator.ifs), result, span)

        return ir.Loop(
            owner.nested_block(head),
            owner.nested_block(body),
            (),
            owner.span(generator.iter),
            None,
            True,
        )

    def _conditions(self, node, position: int, conditions: list, result, span) -> None:
        owner = self.owner
        if conditions:
            test = self.operand(conditions[0])
            inner = owner.nested_block(
                lambda: self._conditions(node, position, conditions[1:], result, span)
            )
            owner.emit(ir.If(test, inner, (), owner.span(conditions[0])))
            return
        if position + 1 < len(node.generators):
            iterable = self.operand(node.generators[position + 1].iter)
            owner.emit(self._generator(node, position + 1, iterable, result, span))
            return
        if isinstance(node, ast.DictComp):
            key = self.operand(node.key)
            value = self.operand(node.value)
            owner.emit(ir.SetItem(result, (key,), value, owner.span(node.value)))
            return
        element = self.operand(node.elt)
        owner.emit(
            ir.Assign(
                owner.temp(),
                ir.MethodCall(result, "append", (ir.Arg(element),), ""),
                owner.span(node.elt),
            )
        )


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""
