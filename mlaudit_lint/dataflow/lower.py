"""Lower a Python syntax tree to the IR of `ir.py`: statements, scopes, functions and classes.

Statements are lowered by recursion, which Python bounds (100 levels of indentation);
expressions by `lower_expr.ExpressionLowering`, which keeps its own stack. Name resolution
follows Python's rules (see `scopes.py`); comprehensions become loops in the enclosing function
with their variables renamed apart (`x` -> `x$c12`), lambdas and defs become functions of their
own, class bodies become functions that run once.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field

from . import ir
from .lower_expr import ExpressionLowering
from .parse import DEEP_RECURSION_LIMIT, AnalysisError, parse, run_on_deep_stack
from .scopes import scope_of

MAX_FUNCTION_NESTING = 100


@dataclass
class FunctionContext:
    """The function being lowered: its blocks, temporaries and name resolution."""

    qualname: str
    kind: ir.FunctionKind
    bound: set[str]
    globals: set[str]
    nonlocals: set[str]
    parent: FunctionContext | None
    class_qualname: str | None = None
    blocks: list[list] = field(default_factory=lambda: [[]])
    temps: int = 0
    renames: list[dict[str, str]] = field(default_factory=list)  # comprehension variables
    depth: int = 0

    def resolve(self, name: str) -> ir.Var:
        for renames in reversed(self.renames):
            if name in renames:
                return ir.Var(renames[name], ir.Scope.LOCAL)
        if self.kind is ir.FunctionKind.MODULE:
            return ir.Var(name, ir.Scope.GLOBAL)
        if name in self.globals:
            return ir.Var(name, ir.Scope.GLOBAL)
        if name in self.nonlocals:
            return ir.Var(name, ir.Scope.FREE)
        if name in self.bound:
            return ir.Var(name, ir.Scope.LOCAL)
        outer = self.parent
        while outer is not None:
            if outer.kind is ir.FunctionKind.MODULE:
                break
            # class bodies are not enclosing scopes for the functions defined in them
            if outer.kind is not ir.FunctionKind.CLASS_BODY and name in outer.bound:
                return ir.Var(name, ir.Scope.FREE)
            outer = outer.parent
        return ir.Var(name, ir.Scope.GLOBAL)


class ModuleLowering:
    def __init__(self, text: str, path: str, module_name: str):
        self.path = path
        self.module_name = module_name
        self.lines = text.splitlines()
        # UTF-8 bytes of the lines whose byte offsets differ from character offsets
        self.non_ascii = {
            number: line.encode("utf-8")
            for number, line in enumerate(self.lines, 1)
            if not line.isascii()
        }
        self.functions: list[ir.FunctionIR] = []
        self.classes: list[ir.ClassIR] = []
        self.imports: list[ir.ImportIR] = []
        self.ctx: FunctionContext | None = None
        # expressions bind names only through a walrus, and make generators only by `yield`
        self.scan_expressions = ":=" in text or "yield" in text
        self.comprehensions = 0
        self.exprs = ExpressionLowering(self)

    # ----- positions -------------------------------------------------------------------------
    def _column(self, line: int, byte_offset: int) -> int:
        """ast counts columns in UTF-8 bytes; findings count characters, from 1."""
        if line in self.non_ascii:
            encoded = self.non_ascii[line]
            return len(encoded[:byte_offset].decode("utf-8", "ignore")) + 1
        return byte_offset + 1

    def span(self, node: ast.AST) -> ir.Span:
        line = getattr(node, "lineno", 0)
        if not line:
            return ir.NO_SPAN
        end_line = getattr(node, "end_lineno", None) or line
        end_col = getattr(node, "end_col_offset", None)
        return ir.Span(
            line,
            self._column(line, node.col_offset),
            end_line,
            self._column(end_line, end_col) if end_col is not None else 0,
        )

    # ----- emission ----------------------------------------------------------------------------
    def emit(self, stmt) -> None:
        self.ctx.blocks[-1].append(stmt)

    def temp(self) -> ir.Var:
        self.ctx.temps += 1
        return ir.Var(f"${self.ctx.temps}", ir.Scope.LOCAL)

    def block(self, statements: list[ast.stmt]) -> tuple:
        self.ctx.blocks.append([])
        for statement in statements:
            self.statement(statement)
        return tuple(self.ctx.blocks.pop())

    def nested_block(self, build) -> tuple:
        """Collect what `build()` emits into a block of its own."""
        self.ctx.blocks.append([])
        build()
        return tuple(self.ctx.blocks.pop())

    # ----- module and functions ------------------------------------------------------------
    def module(self, tree: ast.Module) -> ir.ModuleIR:
        info = scope_of(tree.body, scan_expressions=self.scan_expressions)
        self.ctx = FunctionContext(
            "<module>", ir.FunctionKind.MODULE, info.bound, set(), set(), None
        )
        body = self.block(tree.body)
        top = ir.FunctionIR(
            qualname="<module>",
            name="<module>",
            kind=ir.FunctionKind.MODULE,
            span=ir.Span(1, 1, max(len(self.lines), 1), 1),
            body=body,
            local_names=frozenset(info.bound),
        )
        return ir.ModuleIR(
            path=self.path,
            module_name=self.module_name,
            is_package=self.path.replace("\\", "/").endswith("__init__.py"),
            functions=(top, *self.functions),
            classes=tuple(self.classes),
            imports=tuple(self.imports),
            line_count=len(self.lines),
        )

    def _qualname(self, name: str) -> str:
        ctx = self.ctx
        if ctx.kind is ir.FunctionKind.MODULE:
            qual = name
        elif ctx.kind is ir.FunctionKind.CLASS_BODY:
            qual = f"{ctx.class_qualname}.{name}"
        else:
            qual = f"{ctx.qualname}.<locals>.{name}"
        taken = {f.qualname for f in self.functions} | {c.qualname for c in self.classes}
        if qual in taken:  # a redefinition (property setters, notebook cells): keep both apart
            number = 2
            while f"{qual}@{number}" in taken:
                number += 1
            qual = f"{qual}@{number}"
        return qual

    def _params(self, args: ast.arguments) -> tuple[ir.Param, ...]:
        params: list[ir.Param] = []
        positional = [*args.posonlyargs, *args.args]
        defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        for arg, default in zip(positional, defaults):
            params.append(
                ir.Param(arg.arg, ir.ParamKind.POSITIONAL, default is not None, _const(default))
            )
        if args.vararg is not None:
            params.append(ir.Param(args.vararg.arg, ir.ParamKind.VARARG))
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            params.append(
                ir.Param(arg.arg, ir.ParamKind.KEYWORD, default is not None, _const(default))
            )
        if args.kwarg is not None:
            params.append(ir.Param(args.kwarg.arg, ir.ParamKind.VARKW))
        return tuple(params)

    def function(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
        qualname: str,
        kind: ir.FunctionKind,
        *,
        class_qualname: str | None = None,
    ) -> ir.FunctionIR:
        outer = self.ctx
        if outer.depth >= MAX_FUNCTION_NESTING:
            raise AnalysisError(
                node.lineno,
                node.col_offset + 1,
                f"too complex to analyse (functions nested deeper than {MAX_FUNCTION_NESTING})",
                too_complex=True,
            )
        params = self._params(node.args)
        names = tuple(p.name for p in params)
        body_nodes = [ast.Return(node.body)] if isinstance(node, ast.Lambda) else node.body
        if isinstance(node, ast.Lambda):
            ast.copy_location(body_nodes[0], node.body)
        info = scope_of(body_nodes, names, scan_expressions=self.scan_expressions)
        decorators = (
            ()
            if isinstance(node, ast.Lambda)
            else tuple(
                _dotted(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list
            )
        )
        self.ctx = FunctionContext(
            qualname,
            kind,
            info.bound,
            info.globals,
            info.nonlocals,
            outer,
            class_qualname,
            depth=outer.depth + 1,
        )
        try:
            body = self.block(body_nodes)
        finally:
            self.ctx = outer
        parent = None
        walk = outer
        while walk is not None and walk.kind is ir.FunctionKind.CLASS_BODY:
            walk = walk.parent
        if walk is not None and walk.kind is not ir.FunctionKind.MODULE:
            parent = walk.qualname
        function = ir.FunctionIR(
            qualname=qualname,
            name=getattr(node, "name", "<lambda>"),
            kind=kind,
            span=self.span(node),
            params=params,
            body=body,
            class_qualname=class_qualname,
            parent=parent,
            decorators=decorators,
            is_generator=info.is_generator,
            local_names=frozenset(n for n in info.bound if not n.startswith("$")),
        )
        self.functions.append(function)
        return function

    def lambda_value(self, node: ast.Lambda) -> ir.FunctionRef:
        span = self.span(node)
        qualname = self._qualname(f"<lambda@{span.line}:{span.column}>")
        self.function(node, qualname, ir.FunctionKind.LAMBDA)
        return ir.FunctionRef(qualname)

    # ----- statements --------------------------------------------------------------------------
    def statement(self, node: ast.stmt) -> None:
        handler = getattr(self, "_" + type(node).__name__, None)
        if handler is not None:
            handler(node)

    def _FunctionDef(self, node) -> None:
        for decorator in node.decorator_list:
            self.exprs.operand(decorator)
        ctx = self.ctx
        kind = ir.FunctionKind.FUNCTION
        class_qualname = None
        if ctx.kind is ir.FunctionKind.CLASS_BODY:
            class_qualname = ctx.class_qualname
            names = {_dotted(d) for d in node.decorator_list}
            if "staticmethod" in names:
                kind = ir.FunctionKind.STATICMETHOD
            elif "classmethod" in names:
                kind = ir.FunctionKind.CLASSMETHOD
            else:
                kind = ir.FunctionKind.METHOD
        qualname = self._qualname(node.name)
        self.function(node, qualname, kind, class_qualname=class_qualname)
        self.emit(
            ir.Assign(ctx.resolve(node.name), ir.FunctionRef(qualname), self.span(node), node.name)
        )

    _AsyncFunctionDef = _FunctionDef

    def _ClassDef(self, node: ast.ClassDef) -> None:
        for expression in (*node.decorator_list, *node.bases, *(k.value for k in node.keywords)):
            self.exprs.operand(expression)
        outer = self.ctx
        qualname = self._qualname(node.name)
        info = scope_of(node.body, scan_expressions=self.scan_expressions)
        body_qualname = f"{qualname}.<body>"
        self.ctx = FunctionContext(
            body_qualname,
            ir.FunctionKind.CLASS_BODY,
            info.bound,
            info.globals,
            info.nonlocals,
            outer,
            qualname,
            depth=outer.depth + 1,
        )
        first_method = len(self.functions)
        try:
            body = self.block(node.body)
        finally:
            self.ctx = outer
        methods = tuple(
            (f.name, f.qualname)
            for f in self.functions[first_method:]
            if f.class_qualname == qualname  # set only on defs directly in the class body
        )
        self.functions.append(
            ir.FunctionIR(
                qualname=body_qualname,
                name=node.name,
                kind=ir.FunctionKind.CLASS_BODY,
                span=self.span(node),
                body=body,
                class_qualname=qualname,
                local_names=frozenset(info.bound),
            )
        )
        self.classes.append(
            ir.ClassIR(
                qualname=qualname,
                name=node.name,
                span=self.span(node),
                bases=tuple(_dotted(b) for b in node.bases),
                methods=methods,
                body=body_qualname,
                decorators=tuple(_dotted(d) for d in node.decorator_list),
            )
        )
        self.emit(
            ir.Assign(outer.resolve(node.name), ir.ClassRef(qualname), self.span(node), node.name)
        )

    def _Return(self, node: ast.Return) -> None:
        value = self.exprs.operand(node.value) if node.value is not None else None
        self.emit(ir.Return(value, self.span(node.value if node.value is not None else node)))

    def _Assign(self, node: ast.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target = node.targets[0]
            value = self.exprs.expr(node.value)
            self.emit(
                ir.Assign(self.ctx.resolve(target.id), value, self.span(node.value), target.id)
            )
            return
        value = self.exprs.operand(node.value)
        for target in node.targets:
            self.store(target, value, self.span(node.value))

    def _AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is None:
            return
        if isinstance(node.target, ast.Name):
            value = self.exprs.expr(node.value)
            self.emit(
                ir.Assign(
                    self.ctx.resolve(node.target.id), value, self.span(node.value), node.target.id
                )
            )
            return
        self.store(node.target, self.exprs.operand(node.value), self.span(node.value))

    def _AugAssign(self, node: ast.AugAssign) -> None:
        current = self.exprs.operand(_as_load(node.target))
        value = self.exprs.operand(node.value)
        op = ir.BinOp(type(node.op).__name__, current, value)
        if isinstance(node.target, ast.Name):
            self.emit(
                ir.Assign(self.ctx.resolve(node.target.id), op, self.span(node), node.target.id)
            )
            return
        result = self.temp()
        self.emit(ir.Assign(result, op, self.span(node)))
        self.store(node.target, result, self.span(node))

    def store(self, target: ast.AST, value: ir.Operand, span: ir.Span) -> None:
        """Bind `value` to an assignment target (names, attributes, subscripts, unpacking)."""
        if isinstance(target, ast.Name):
            self.emit(ir.Assign(self.ctx.resolve(target.id), ir.Copy(value), span, target.id))
        elif isinstance(target, ast.Attribute):
            obj = self.exprs.operand(target.value)
            self.emit(ir.SetAttr(obj, target.attr, value, self.span(target)))
        elif isinstance(target, ast.Subscript):
            obj = self.exprs.operand(target.value)
            index, is_tuple = self.exprs.index(target.slice)
            self.emit(ir.SetItem(obj, index, value, self.span(target), is_tuple))
        elif isinstance(target, (ast.Tuple, ast.List)):
            count = len(target.elts)
            star = next((i for i, e in enumerate(target.elts) if isinstance(e, ast.Starred)), -1)
            for index, element in enumerate(target.elts):
                if isinstance(element, ast.Starred):
                    element = element.value
                if isinstance(element, ast.Name):
                    self.emit(
                        ir.Assign(
                            self.ctx.resolve(element.id),
                            ir.Unpack(value, index, count, star),
                            self.span(element),
                            element.id,
                        )
                    )
                    continue
                part = self.temp()
                self.emit(ir.Assign(part, ir.Unpack(value, index, count, star), span))
                self.store(element, part, span)
        elif isinstance(target, ast.Starred):
            self.store(target.value, value, span)

    def _Expr(self, node: ast.Expr) -> None:
        value = node.value
        if isinstance(value, ast.Constant):
            return  # docstrings and bare literals
        expression = self.exprs.expr(value)
        if not isinstance(expression, ir.Copy):
            self.emit(ir.Assign(self.temp(), expression, self.span(value)))

    def _If(self, node: ast.If) -> None:
        guard = _guard(node.test)
        test = self.exprs.operand(node.test)
        body = self.block(node.body)
        orelse = self.block(node.orelse)
        self.emit(ir.If(test, body, orelse, self.span(node.test), guard))

    def _For(self, node: ast.For) -> None:
        iterable = self.exprs.operand(node.iter)
        span = self.span(node.target)

        def head() -> None:
            element = self.temp()
            self.emit(ir.Assign(element, ir.Element(iterable), span))
            self.store(node.target, element, span)

        self.emit(
            ir.Loop(
                self.nested_block(head),
                self.block(node.body),
                self.block(node.orelse),
                self.span(node.iter),
            )
        )

    _AsyncFor = _For

    def _While(self, node: ast.While) -> None:
        holder: list = []
        head = self.nested_block(lambda: holder.append(self.exprs.operand(node.test)))
        test = holder[0]
        if _is_true(node.test):
            test = None
        self.emit(
            ir.Loop(
                head, self.block(node.body), self.block(node.orelse), self.span(node.test), test
            )
        )

    def _With(self, node: ast.With) -> None:
        for item in node.items:
            value = self.exprs.operand(item.context_expr)
            if item.optional_vars is not None:
                self.store(item.optional_vars, value, self.span(item.context_expr))
        for statement in node.body:
            self.statement(statement)

    _AsyncWith = _With

    def _Try(self, node) -> None:
        body = self.block(node.body)
        handlers = []
        for handler in node.handlers:
            if handler.type is not None:
                self.exprs.operand(handler.type)
            name = self.ctx.resolve(handler.name) if handler.name else None
            handlers.append(ir.Handler(name, self.block(handler.body), self.span(handler)))
        self.emit(
            ir.Try(
                body,
                tuple(handlers),
                self.block(node.orelse),
                self.block(node.finalbody),
                self.span(node),
            )
        )

    _TryStar = _Try

    def _Raise(self, node: ast.Raise) -> None:
        value = self.exprs.operand(node.exc) if node.exc is not None else None
        self.emit(ir.Raise(value, self.span(node)))

    def _Break(self, node) -> None:
        self.emit(ir.Break(self.span(node)))

    def _Continue(self, node) -> None:
        self.emit(ir.Continue(self.span(node)))

    def _Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            span = self.span(target)
            if isinstance(target, ast.Name):
                self.emit(ir.DelName(self.ctx.resolve(target.id), span))
            elif isinstance(target, ast.Subscript):
                obj = self.exprs.operand(target.value)
                index, is_tuple = self.exprs.index(target.slice)
                self.emit(ir.DelItem(obj, index, span, is_tuple))
            elif isinstance(target, ast.Attribute):
                self.emit(ir.DelAttr(self.exprs.operand(target.value), target.attr, span))

    def _Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                local, value = alias.asname, ir.Import(alias.name)
            else:
                local = alias.name.split(".")[0]
                value = ir.Import(local)
                if local != alias.name:
                    # `import pkg.sub` binds `pkg` but loads `pkg.sub` too: a dotted alias
                    # (never a name the code reads) records it for linking
                    self.imports.append(ir.ImportIR(alias.name, alias.name, None, 0))
            self._bind_import(local, value, node)

    def _ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        for alias in node.names:
            if alias.name == "*":
                self.imports.append(ir.ImportIR("*", module, "*", node.level))
                continue
            self._bind_import(
                alias.asname or alias.name, ir.Import(module, alias.name, node.level), node
            )

    def _bind_import(self, local: str, value: ir.Import, node: ast.stmt) -> None:
        self.imports.append(ir.ImportIR(local, value.module, value.name, value.level))
        self.emit(ir.Assign(self.ctx.resolve(local), value, self.span(node), local))

    def _Match(self, node) -> None:
        subject = self.exprs.operand(node.subject)
        span = self.span(node.subject)
        orelse: tuple = ()
        for case in reversed(node.cases):
            captured = sorted(_captures(case.pattern))
            inner = orelse

            def body(case=case, captured=captured) -> None:
                for name in captured:
                    self.emit(ir.Assign(self.ctx.resolve(name), ir.Copy(subject), span, name))
                if case.guard is not None:
                    self.exprs.operand(case.guard)
                for statement in case.body:
                    self.statement(statement)

            orelse = (ir.If(subject, self.nested_block(body), inner, span),)
        for statement in orelse:
            self.emit(statement)

    def _Assert(self, node) -> None:
        return None  # asserts check values; nothing flows out of them

    # Global, Nonlocal, Pass: resolved by `scopes.py` or empty


def _captures(pattern) -> set[str]:
    names = set()
    for node in ast.walk(pattern):
        if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            names.add(node.rest)
    return names


def _as_load(node: ast.AST) -> ast.AST:
    """The target of `x += v` read as a value (ast marks it Store)."""
    if isinstance(node, ast.Name):
        return ast.copy_location(ast.Name(node.id, ast.Load()), node)
    if isinstance(node, ast.Attribute):
        return ast.copy_location(ast.Attribute(node.value, node.attr, ast.Load()), node)
    if isinstance(node, ast.Subscript):
        return ast.copy_location(ast.Subscript(node.value, node.slice, ast.Load()), node)
    return node


def _guard(test: ast.expr) -> ir.Guard:
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        sides = {
            _dotted(test.left) or _literal(test.left),
            _dotted(test.comparators[0]) or _literal(test.comparators[0]),
        }
        if sides == {"__name__", "__main__"}:
            return ir.Guard.MAIN
    if _dotted(test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
        return ir.Guard.TYPE_CHECKING
    return ir.Guard.PLAIN


def _literal(node: ast.AST) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def _is_true(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and bool(node.value) is True


def _const(node: ast.AST | None) -> ir.Const | None:
    if isinstance(node, ast.Constant):
        return ir.const_of(node.value)
    return None


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


dotted_name = _dotted


def lower_module(tree: ast.Module, text: str, *, path: str, module_name: str) -> ir.ModuleIR:
    return ModuleLowering(text, path, module_name).module(tree)


def summarize_source(text: str, *, path: str, module_name: str) -> ir.ModuleIR:
    """Parse and lower one file. Raises `AnalysisError` for syntax errors and bounded input.

    Statement lowering recurses once per nesting level, which Python bounds (100 levels of
    indentation, 200 of brackets) and `MAX_FUNCTION_NESTING` bounds for lambdas; code near those
    bounds is lowered on a deep stack rather than refused.
    """
    tree = parse(text, path)
    try:
        return lower_module(tree, text, path=path, module_name=module_name)
    except RecursionError:
        pass
    outcome: dict = {}

    def deep() -> None:
        previous = sys.getrecursionlimit()
        sys.setrecursionlimit(max(previous, DEEP_RECURSION_LIMIT))
        try:
            outcome["module"] = lower_module(tree, text, path=path, module_name=module_name)
        except BaseException as error:  # carried back to the calling thread
            outcome["error"] = error
        finally:
            sys.setrecursionlimit(previous)

    run_on_deep_stack(deep)
    error = outcome.get("error")
    if isinstance(error, (RecursionError, MemoryError)):
        raise AnalysisError(0, 0, "too complex to analyse (nesting too deep)", too_complex=True)
    if error is not None:
        raise error
    return outcome["module"]
