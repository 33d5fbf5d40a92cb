"""Lower one libcst module to the dataflow IR of `facts.py`, in one walk.

LibCST has no dataflow provider, and its ScopeProvider, QualifiedNameProvider and PositionProvider
each cost more than the parse itself (they re-generate code for every node). The analysis needs
much less: per-function bindings, calls and returns, and the line of each statement. So this module
hand-writes one `CSTVisitor` walk that keeps its own light scopes (module, class, function) and its
own line counter, which advances by the newlines of each statement and compound-statement header.
"""

from __future__ import annotations

import libcst as cst

from ..ftypes import SUPPRESSION_RE
from .facts import ClassIR, FunctionIR, ModuleFacts
from .names import MASK_NAME_RE, MODEL_OUTPUT_RE, NON_LABEL_CALLS, is_model_callee

_CONST_TYPES = (
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.Ellipsis,
)
_LABEL_ENCODER_RE = __import__("re").compile(
    r"^(?:Label\w*|MultiLabel\w*|\w*TargetEncoder|OrdinalEncoder)$"
)
_LABEL_ARG_METHODS = {"fit": 1, "partial_fit": 1, "fit_transform": 1, "score": 1, "fit_resample": 1}
_CV_FUNCS = {
    "cross_val_score",
    "cross_val_predict",
    "cross_validate",
    "learning_curve",
    "validation_curve",
    "permutation_test_score",
}


def _dotted(node: cst.BaseExpression) -> str | None:
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


def _const_str(node) -> str | None:
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:
            return None
        return value if isinstance(value, str) else None
    return None


def _is_constant(node) -> bool:
    if isinstance(node, _CONST_TYPES):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    if isinstance(node, cst.UnaryOperation):
        return _is_constant(node.expression)
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        return all(isinstance(e, cst.Element) and _is_constant(e.value) for e in node.elements)
    if isinstance(node, cst.FormattedString):
        return all(isinstance(p, cst.FormattedStringText) for p in node.parts)
    return False


_COORDINATE_RE = __import__("re").compile(
    r"(?:^|_)(?:points?|pts|coords?|coordinates|keypoints?|kps|pixels?|positions?|pos|locs?|locations?|xys?"
    r"|vertices|vertex|corners?|cent(?:er|re)s?|landmarks?|offsets?|grid|mesh|polygon|contour|bbox(?:es)?|boxes"
    r"|xs|ys|shape)$",
    __import__("re").IGNORECASE,
)


def _is_coordinate(node) -> bool:
    """An iterable or value named like geometry: its `x, y` are coordinates."""
    if isinstance(node, cst.Name):
        return bool(_COORDINATE_RE.search(node.value))
    if isinstance(node, cst.Attribute):
        return bool(_COORDINATE_RE.search(node.attr.value))
    if isinstance(node, cst.Subscript):
        return _is_coordinate(node.value)
    return False


def _selected_by(value, conds: tuple):
    return ("sel", value, conds) if conds and value is not None else value


def _is_lag(call: cst.Call) -> bool:
    """`s.shift()`, `s.shift(7)`, `s.shift(lag)`: earlier rows; `s.shift(-h)` reads later ones."""
    period = None
    for arg in call.args:
        if arg.keyword is None or arg.keyword.value == "periods":
            period = arg.value
            break
    if period is None:
        return True
    if isinstance(period, cst.UnaryOperation) and isinstance(period.operator, cst.Minus):
        return False
    if isinstance(period, cst.Integer):
        try:
            return int(period.value, 0) > 0
        except ValueError:
            return False
    return not isinstance(period, (cst.Float, cst.SimpleString))


# Simulated data: labels drawn by a random generator or spelled as constants are the ground truth
# of a simulation, and features generated from them are the simulated world, not a leak.
_SYNTHETIC_CALLS = frozenset(
    {
        "repeat",
        "tile",
        "arange",
        "zeros",
        "ones",
        "full",
        "array",
        "asarray",
        "tensor",
        "integers",
        "randint",
        "choice",
        "binomial",
        "bernoulli",
        "random",
        "rand",
        "randn",
        "normal",
        "uniform",
        "permutation",
        "concatenate",
        "hstack",
        "astype",
        "reshape",
        "long",
        "float",
        "int",
        "multinomial",
        "random_sample",
        "standard_normal",
        "poisson",
        "shuffle",
        "ravel",
        "flatten",
    }
)
_RNG_NAME_RE = __import__("re").compile(
    r"^(?:np|numpy|torch|random|jnp|rng|\w*_rng|rng_\w*|gen|generator|prng|rs|random_state|rnd|RandomState|default_rng)$"
)
_SIZE_NAME_RE = __import__("re").compile(
    r"^(?:n|m|k|size|n_\w+|num_\w+|\w+_size|\w+_per_\w+|length)$"
)


def _is_synthetic(node, depth: int = 0) -> bool:
    if depth > 12:
        return False
    if _is_constant(node):
        return True
    if isinstance(node, cst.Name):
        return bool(_SIZE_NAME_RE.match(node.value))
    if isinstance(node, (cst.BinaryOperation, cst.Comparison, cst.UnaryOperation)):
        parts = (
            (node.left, node.right)
            if isinstance(node, cst.BinaryOperation)
            else (node.expression,)
            if isinstance(node, cst.UnaryOperation)
            else (node.left, *(c.comparator for c in node.comparisons))
        )
        return all(_is_synthetic(p, depth + 1) for p in parts)
    if isinstance(node, (cst.List, cst.Tuple)):
        return all(
            isinstance(e, cst.Element) and _is_synthetic(e.value, depth + 1) for e in node.elements
        )
    if isinstance(node, cst.Call):
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in _SYNTHETIC_CALLS:
            return False
        receiver = func.value
        dotted = _dotted(receiver)
        if dotted is not None:
            if not all(_RNG_NAME_RE.match(part) for part in dotted.split(".") if part != "random"):
                return False
        elif not _is_synthetic(receiver, depth + 1):
            return False
        return all(
            _is_synthetic(a.value, depth + 1)
            for a in node.args
            if a.keyword is None
            or a.keyword.value not in ("dtype", "device", "axis", "replace", "p")
        )
    return False


class _Scope:
    __slots__ = (
        "assigned_const",
        "assigned_nonconst",
        "bound",
        "ctrl",
        "depth",
        "globals",
        "ir",
        "versions",
    )

    def __init__(self, ir: FunctionIR):
        self.ir = ir
        # Straight-line rebinding (`y = ...` twice in the function body, outside any branch or
        # loop) starts a new version `y@1`, so later reads see only the new value: a light
        # flow-sensitivity that keeps `x, y = np.meshgrid(...)` from inheriting the label `y`.
        self.versions: dict[str, int] = {}
        self.depth = 0
        self.bound: set[str] = set()
        self.assigned_nonconst: set[str] = set()
        self.assigned_const: set[str] = set()
        self.ctrl: list = []
        self.globals: set[str] = set()


class ModuleLowering(cst.CSTVisitor):
    """Builds `ModuleFacts` while walking statements; expressions are lowered by recursion."""

    def __init__(self, module: cst.Module, path: str, module_name: str):
        super().__init__()
        self.module = module
        self.path = path
        self.module_name = module_name
        self.functions: dict[str, FunctionIR] = {}
        self.classes: dict[str, ClassIR] = {}
        self.imports: dict[str, tuple] = {}
        self.top_defs: dict[str, str] = {}
        self.suppressions: list[tuple] = []
        self.spans: dict[int, int] = {}
        self.columns: dict[int, int] = {}
        self.indent: list[int] = [0]
        self.line = 1
        self.suite_line = 0
        self.str_consts: list[dict] = [{}]
        top = FunctionIR(qualname="<module>", name="<module>", line=1)
        self.functions["<module>"] = top
        self.scopes: list[_Scope] = [_Scope(top)]
        self.class_stack: list[str] = []
        self.lambda_params: list[frozenset] = []
        self._leading_footer(module.header)

    # ----- traversal ---------------------------------------------------------------------
    # The walk descends only through statements: expressions are lowered by recursion from
    # the statement that holds them, so libcst's generic visit of every expression node (and
    # its per-attribute hooks) would be pure cost.
    _DESCEND = frozenset(
        {
            "Module",
            "FunctionDef",
            "ClassDef",
            "If",
            "Else",
            "While",
            "For",
            "With",
            "Try",
            "TryStar",
            "ExceptHandler",
            "ExceptStarHandler",
            "Finally",
            "Match",
            "MatchCase",
            "IndentedBlock",
            "SimpleStatementLine",
            "SimpleStatementSuite",
        }
    )

    def on_visit(self, node: cst.CSTNode) -> bool:
        name = type(node).__name__
        if name not in self._DESCEND:
            return False
        visit = getattr(self, f"visit_{name}", None)
        return True if visit is None else (visit(node) is not False)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        name = type(original_node).__name__
        if name in self._DESCEND:
            leave = getattr(self, f"leave_{name}", None)
            if leave is not None:
                leave(original_node)

    def on_visit_attribute(self, node, attribute) -> None:
        return None

    def on_leave_attribute(self, original_node, attribute) -> None:
        return None

    # ----- line bookkeeping -------------------------------------------------------------
    def _nl(self, node) -> int:
        if node is None or isinstance(node, cst.MaybeSentinel):
            return 0
        return self.module.code_for_node(node).count("\n")

    def _leading(self, node) -> None:
        lines = getattr(node, "leading_lines", ())
        for offset, empty in enumerate(lines):
            if empty.comment is not None:
                self._note_comment(empty.comment.value, self.line + offset, True)
        self.line += len(lines)

    def _note_comment(self, text: str, line: int, own_line: bool) -> None:
        match = SUPPRESSION_RE.search(text)
        if match:
            codes = match.group("codes")
            parsed = tuple(c.strip() for c in codes.split(",")) if codes else None
            self.suppressions.append((line, parsed, own_line))

    def _scan_text_comments(self, text: str, first_line: int) -> None:
        if "mlaudit" not in text:
            return
        for offset, raw in enumerate(text.split("\n")):
            if "#" in raw and SUPPRESSION_RE.search(raw):
                self._note_comment(
                    raw[raw.index("#") :], first_line + offset, raw.lstrip().startswith("#")
                )

    # ----- scopes --------------------------------------------------------------------------
    @property
    def scope(self) -> _Scope:
        return self.scopes[-1]

    def _ctrl(self) -> tuple:
        return tuple(self.scope.ctrl)

    def _emit(self, stmt: tuple) -> None:
        self.scope.ir.stmts.append(stmt)

    def _finish_scope(self, scope: _Scope) -> None:
        ir = scope.ir
        ir.local_names = frozenset(scope.bound - scope.globals)
        ir.global_names = frozenset(scope.globals)
        ir.const_names = frozenset(scope.assigned_const - scope.assigned_nonconst)

    # ----- compound statements -----------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self._leading(node)
        for dec in node.decorators:
            self._leading(dec)
            self.line += 1 + self._nl(dec.decorator)
        self.line += len(node.lines_after_decorators)
        def_line = self.line
        self.line += (
            self._nl(node.whitespace_before_params)
            + self._nl(node.params)
            + (self._nl(node.returns.annotation) if node.returns else 0)
        )
        self.suite_line = self.line
        outer = self.scope
        name = node.name.value
        outer.bound.add(name)
        outer.assigned_nonconst.add(name)
        cls = (
            self.class_stack[-1]
            if self.class_stack and outer.ir.qualname == self.class_stack[-1] + ".<body>"
            else None
        )
        if cls:
            qual = f"{cls}.{name}"
        elif outer.ir.qualname == "<module>":
            qual = name
        else:
            qual = f"{outer.ir.qualname}.<locals>.{name}"
        if qual in self.functions:  # redefinition (e.g. property setters): keep both bodies apart
            qual = f"{qual}@{def_line}"
        params = node.params
        names: list[str] = []
        for p in (*params.posonly_params, *params.params):
            names.append(p.name.value)
        vararg = kwarg = None
        if isinstance(params.star_arg, cst.Param):
            vararg = len(names)
            names.append(params.star_arg.name.value)
        for p in params.kwonly_params:
            names.append(p.name.value)
        if params.star_kwarg is not None:
            kwarg = len(names)
            names.append(params.star_kwarg.name.value)
        is_method = bool(cls) and bool(names) and names[0] in ("self", "cls")
        ir = FunctionIR(
            qualname=qual,
            name=name,
            line=def_line,
            params=tuple(names),
            vararg=vararg,
            kwarg=kwarg,
            is_method=is_method,
            class_qualname=cls,
            parent=None if outer.ir.qualname in ("<module>",) or cls else outer.ir.qualname,
        )
        self.functions[qual] = ir
        if cls:
            self.classes[cls].methods.setdefault(name, qual)
        elif outer.ir.qualname == "<module>":
            self.top_defs[name] = qual
        else:
            outer.ir.nested[name] = qual
        scope = _Scope(ir)
        scope.bound.update(names)
        ir.vocab.update(names)
        self.scopes.append(scope)
        self.str_consts.append({})
        return True

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._finish_scope(self.scopes.pop())
        self.str_consts.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self._leading(node)
        for dec in node.decorators:
            self._leading(dec)
            self.line += 1 + self._nl(dec.decorator)
        self.line += len(node.lines_after_decorators)
        class_line = self.line
        self.line += (
            self._nl(node.lpar)
            + sum(self._nl(a) for a in (*node.bases, *node.keywords))
            + self._nl(node.rpar)
        )
        self.suite_line = self.line
        outer = self.scope
        outer.bound.add(node.name.value)
        outer.assigned_nonconst.add(node.name.value)
        if outer.ir.qualname == "<module>":
            qual = node.name.value
            self.top_defs[qual] = qual
        elif outer.ir.qualname.endswith(".<body>"):
            qual = outer.ir.qualname[: -len(".<body>")] + "." + node.name.value
        else:
            qual = f"{outer.ir.qualname}.<locals>.{node.name.value}"
        bases = tuple(b for b in (_dotted(a.value) for a in node.bases) if b)
        self.classes[qual] = ClassIR(qualname=qual, name=node.name.value, bases=bases, methods={})
        # A class body runs once, at definition; its bindings become class attributes.
        body = FunctionIR(
            qualname=qual + ".<body>", name=node.name.value, line=class_line, class_qualname=qual
        )
        self.functions[body.qualname] = body
        self.class_stack.append(qual)
        self.scopes.append(_Scope(body))
        return True

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self._finish_scope(self.scopes.pop())
        self.class_stack.pop()

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> bool:
        width = len(node.indent if node.indent is not None else self.module.default_indent)
        self.indent.append(self.indent[-1] + width)
        if node.header.comment is not None:
            self._note_comment(node.header.comment.value, self.suite_line, False)
        self.line = self.suite_line + 1
        return True

    def leave_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.indent.pop()
        self._leading_footer(node.footer)

    def _leading_footer(self, lines) -> None:
        for offset, empty in enumerate(lines):
            if empty.comment is not None:
                self._note_comment(empty.comment.value, self.line + offset, True)
        self.line += len(lines)

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> bool:
        line = self.suite_line
        text = self.module.code_for_node(node)
        self._scan_text_comments(text, line)
        end = line + max(text.count("\n") - 1, 0)
        for small in node.body:
            self._small(small, line, end)
        self.line = line + text.count("\n")
        return False

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        text = self.module.code_for_node(node)
        n_lead = len(node.leading_lines)
        start = self.line + n_lead
        self._scan_text_comments(text, self.line)
        total = text.count("\n")
        end = self.line + total - 1
        if end > start:
            self.spans[start] = end
        if self.indent[-1]:
            self.columns[start] = self.indent[-1] + 1
        for small in node.body:
            self._small(small, start, end)
        self.line += total
        return False

    _HEADER_SPACES = (
        "whitespace_before_test",
        "whitespace_after_test",
        "whitespace_after_for",
        "whitespace_before_in",
        "whitespace_after_in",
        "whitespace_after_while",
        "whitespace_after_with",
        "whitespace_before_colon",
        "whitespace_after_if",
        "whitespace_after_except",
        "whitespace_after_match",
        "whitespace_after_case",
    )

    def _header(self, node, *parts) -> int:
        self._leading(node)
        line = self.line
        spaces = [getattr(node, name, None) for name in self._HEADER_SPACES]
        self.line += sum(self._nl(p) for p in parts) + sum(
            self._nl(w)
            for w in spaces
            if isinstance(w, (cst.SimpleWhitespace, cst.ParenthesizedWhitespace))
            and "\\" in getattr(w, "value", "\\")
        )
        self.suite_line = self.line
        return line

    def visit_If(self, node: cst.If) -> bool:
        line = self._header(node, node.test)
        self.scope.ctrl.append(self._expr(node.test, line))
        self.scope.depth += 1
        return True

    def leave_If(self, node: cst.If) -> None:
        self.scope.ctrl.pop()
        self.scope.depth -= 1

    def visit_Else(self, node: cst.Else) -> bool:
        self._header(node)
        return True

    def visit_While(self, node: cst.While) -> bool:
        self.scope.depth += 1  # the test runs again after the body
        line = self._header(node, node.test)
        self.scope.ctrl.append(self._expr(node.test, line))
        return True

    def leave_While(self, node: cst.While) -> None:
        self.scope.ctrl.pop()
        self.scope.depth -= 1

    def visit_For(self, node: cst.For) -> bool:
        line = self._header(node, node.target, node.iter)
        value = ("it", self._expr(node.iter, line))
        self._bind(
            node.target, value, line, line, nonlabel=self._iter_nonlabel(node.target, node.iter)
        )
        self.scope.depth += 1
        return True

    def leave_For(self, node: cst.For) -> None:
        self.scope.depth -= 1

    def visit_With(self, node: cst.With) -> bool:
        line = self._header(node, node.lpar, *node.items, node.rpar)
        for item in node.items:
            value = self._expr(item.item, line)
            if item.asname is not None:
                self._bind(
                    item.asname.name, value, line, line, nonlabel=self._nonlabel_value(item.item)
                )
            elif value is not None:
                self._emit(("e", value, self._ctrl(), line, line))
        self.scope.depth += 1
        return True

    def leave_With(self, node) -> None:
        self.scope.depth -= 1

    def visit_Try(self, node) -> bool:
        self._header(node)
        self.scope.depth += 1
        return True

    def leave_Try(self, node) -> None:
        self.scope.depth -= 1

    leave_TryStar = leave_Try

    visit_TryStar = visit_Try

    def visit_ExceptHandler(self, node) -> bool:
        self._header(node, node.type)
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self.scope.bound.add(node.name.name.value)
        return True

    visit_ExceptStarHandler = visit_ExceptHandler

    def visit_Finally(self, node) -> bool:
        self._header(node)
        return True

    def visit_Match(self, node) -> bool:
        line = self._header(node, node.subject)
        self.scope.depth += 1
        self.scope.ctrl.append(self._expr(node.subject, line))
        self.line = self.suite_line + 1  # cases are not in an IndentedBlock
        return True

    def leave_Match(self, node) -> None:
        self.scope.ctrl.pop()
        self.scope.depth -= 1
        self._leading_footer(getattr(node, "footer", ()))

    def visit_MatchCase(self, node) -> bool:
        self._header(node, node.pattern, node.guard)
        return True

    # ----- small statements ----------------------------------------------------------------
    def _small(self, small, line: int, end: int) -> None:
        kind = type(small)
        if kind is cst.Assign:
            self._note_str_const(small)
            self._note_callable_kind(small)
            value = self._expr(small.value, line)
            nonlabel = self._nonlabel_value(small.value)
            for target in small.targets:
                self._bind(target.target, value, line, end, nonlabel=nonlabel)
        elif kind is cst.Expr:
            value = self._expr(small.value, line)
            if value is not None:
                self._emit(("e", value, self._ctrl(), line, end))
        elif kind is cst.Return:
            value = self._expr(small.value, line) if small.value is not None else None
            is_none = small.value is None or (
                isinstance(small.value, cst.Name) and small.value.value == "None"
            )
            self._emit(("r", value, self._ctrl(), line, end, is_none))
        elif kind is cst.AugAssign:
            value = self._expr(small.value, line)
            current = self._expr(small.target, line)
            self._bind(small.target, ("o", (current, value)), line, end, nonlabel=False, aug=True)
        elif kind is cst.AnnAssign:
            if small.value is not None:
                self._bind(
                    small.target,
                    self._expr(small.value, line),
                    line,
                    end,
                    nonlabel=self._nonlabel_value(small.value),
                )
        elif kind is cst.Import:
            for alias in small.names:
                dotted = _dotted(alias.name)
                if not dotted:
                    continue
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    local = alias.asname.name.value
                    self._import(local, (dotted, None, 0))
                else:
                    self._import(dotted.split(".")[0], (dotted.split(".")[0], None, 0))
                    if "." in dotted:  # `import pkg.mod` also makes `pkg.mod.f` reachable
                        self._import(dotted, (dotted, None, 0))
        elif kind is cst.ImportFrom:
            module = _dotted(small.module) if small.module is not None else ""
            level = len(small.relative)
            if isinstance(small.names, cst.ImportStar):
                self._import("*" + (module or "") + f"@{level}", (module or "", "*", level))
                return
            for alias in small.names:
                name = _dotted(alias.name)
                if not name:
                    continue
                local = (
                    alias.asname.name.value
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name)
                    else name
                )
                self._import(local, (module or "", name, level))
        elif kind is cst.Global or kind is cst.Nonlocal:
            for item in small.names:
                self.scope.globals.add(item.name.value) if kind is cst.Global else None
        elif kind is cst.Assert:
            pass  # asserts check the label; they never feed a model
        elif kind is cst.Del or kind is cst.Raise:
            pass

    def _note_str_const(self, small: cst.Assign) -> None:
        """`LABEL = "is_var"` / `FEATURES = ["a", "b"]`: later `df[LABEL]` names the column."""
        if len(small.targets) != 1 or not isinstance(small.targets[0].target, cst.Name):
            return
        value = small.value
        text = _const_str(value)
        if text is not None:
            self.str_consts[-1][small.targets[0].target.value] = (text,)
        elif (
            isinstance(value, (cst.List, cst.Tuple))
            and value.elements
            and all(
                isinstance(e, cst.Element) and _const_str(e.value) is not None
                for e in value.elements
            )
        ):
            self.str_consts[-1][small.targets[0].target.value] = tuple(
                _const_str(e.value) for e in value.elements
            )

    def _note_callable_kind(self, small: cst.Assign) -> None:
        """`criterion = nn.BCELoss()` makes `criterion(...)` a loss; `enc = LabelEncoder()` a label encoder.

        Also `labeled = y != -1`: a name bound to a comparison is a row mask, so `X[labeled]`
        selects rows rather than computing from the label.
        """
        if len(small.targets) != 1 or not isinstance(small.targets[0].target, cst.Name):
            return
        value = small.value
        if self._is_mask(value):
            self.str_consts[-1]["$mask:" + small.targets[0].target.value] = ("mask",)
            return
        if not isinstance(value, cst.Call):
            return
        dotted = _dotted(value.func) or ""
        last = dotted.rsplit(".", 1)[-1]
        name = small.targets[0].target.value
        if "loss" in last.lower() or "criterion" in last.lower():
            self.str_consts[-1]["$loss:" + name] = (last,)
        elif _LABEL_ENCODER_RE.match(last):
            self.str_consts[-1]["$labelenc:" + name] = (last,)

    def _const_names_of(self, node):
        """Column names of `LABEL`, `FEATURES`, `NUMERIC + CATEGORICAL` when they are constants."""
        if isinstance(node, cst.Name):
            names = self._str_const(node.value)
            return names if names is not None and not node.value.startswith("$") else None
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            left = self._const_names_of(node.left)
            right = self._const_names_of(node.right)
            if left is not None and right is not None:
                return left + right
        if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
            out = []
            for element in node.elements:
                text = _const_str(element.value)
                if text is None:
                    return None
                out.append(text)
            return tuple(out)
        return None

    def _str_const(self, name: str):
        for table in reversed(self.str_consts):
            if name in table:
                return table[name]
        return None

    def _import(self, local: str, target: tuple) -> None:
        scope = self.scope
        scope.bound.add(local)
        scope.assigned_nonconst.add(local)
        if scope.ir.qualname == "<module>":
            self.imports[local] = target
        else:  # a function-level import behaves the same for resolution
            self.imports.setdefault(local, target)

    # ----- bindings ------------------------------------------------------------------------
    def _bind(
        self, target, value, line: int, end: int, *, nonlabel: bool, aug: bool = False
    ) -> None:
        lowered = self._target(target, line, value is None)
        if lowered is None:
            return
        if self.scope.ir.qualname.endswith(".<body>") and lowered[0] == "v":
            lowered = ("ca", self.scope.ir.class_qualname, lowered[1])
        self._emit(("b", lowered, value, self._ctrl(), line, end, nonlabel))

    def _target(self, node, line: int, is_const: bool):
        kind = type(node)
        scope = self.scope
        if kind is cst.Name:
            base = node.value
            scope.ir.vocab.add(base)
            counts = scope.ir.def_counts
            counts[base] = counts.get(base, 0) + 1
            name = base
            versionable = (
                scope.depth == 0
                and not self.lambda_params
                and base not in scope.globals
                and not scope.ir.qualname.endswith(".<body>")
            )
            if versionable and base in scope.bound:
                version = scope.versions.get(base, 0) + 1
                scope.versions[base] = version
                name = f"{base}@{version}"
            elif base in scope.versions:
                name = f"{base}@{scope.versions[base]}"
            scope.bound.add(base)
            scope.bound.add(name)
            # a constant chosen under a branch carries the branch condition (implicit flow)
            (scope.assigned_const if is_const and not scope.ctrl else scope.assigned_nonconst).add(
                name
            )
            return ("v", name)
        if kind is cst.Attribute:
            return ("a", self._expr(node.value, line), node.attr.value)
        if kind is cst.Subscript:
            base = self._expr(node.value, line)
            str_key, index, mask = self._slice(node.slice, line)
            return ("s", base, str_key[0] if str_key and len(str_key) == 1 else None, index, mask)
        if kind in (cst.Tuple, cst.List):
            parts = []
            for element in node.elements:
                inner = element.value
                sub = self._target(inner, line, is_const)
                parts.append(("star", sub) if isinstance(element, cst.StarredElement) else sub)
            return ("u", tuple(parts))
        if kind is cst.StarredElement:
            return self._target(node.value, line, is_const)
        return None

    def _slice(self, elements, line):
        """Split subscript elements into column keys, a value index and a row mask."""
        str_keys: list[str] = []
        index = None
        mask = None
        for element in elements:
            sl = element.slice
            if not isinstance(sl, cst.Index):
                continue  # slices select rows by position
            value = sl.value
            key = _const_str(value)
            if key is not None:
                str_keys.append(key)
                self.scope.ir.vocab.add(key)
                continue
            if (
                isinstance(value, (cst.List, cst.Tuple))
                and value.elements
                and all(
                    isinstance(e, cst.Element) and _const_str(e.value) is not None
                    for e in value.elements
                )
            ):
                str_keys.extend(_const_str(e.value) for e in value.elements)
                self.scope.ir.vocab.update(str_keys)
                continue
            if _is_constant(value):
                continue
            names = self._const_names_of(value)
            if names is not None:
                str_keys.extend(names)
                self.scope.ir.vocab.update(str_keys)
                continue
            if self._is_mask(value):
                lowered = self._expr(value, line)
                mask = lowered if mask is None else ("o", (mask, lowered))
            else:
                lowered = self._expr(value, line)
                index = lowered if index is None else ("o", (index, lowered))
        return tuple(str_keys), index, mask

    def _is_mask(self, node) -> bool:
        if isinstance(node, (cst.Comparison, cst.BooleanOperation)):
            return True
        if isinstance(node, cst.UnaryOperation) and isinstance(
            node.operator, (cst.BitInvert, cst.Not)
        ):
            return True
        if isinstance(node, cst.BinaryOperation) and isinstance(
            node.operator, (cst.BitAnd, cst.BitOr)
        ):
            return True
        if isinstance(node, cst.Call):
            func = node.func
            last = func.attr.value if isinstance(func, cst.Attribute) else (_dotted(func) or "")
            return bool(last) and last.rsplit(".", 1)[-1] in (
                "isin",
                "notna",
                "isna",
                "notnull",
                "isnull",
                "between",
                "duplicated",
                "contains",
                "startswith",
            )
        if isinstance(node, cst.Name):
            return (
                bool(MASK_NAME_RE.search(node.value))
                or self._str_const("$mask:" + node.value) is not None
            )
        return False

    def _nonlabel_value(self, node) -> bool:
        """True when a label-looking name is bound to something that cannot be the label."""
        if _is_constant(node) or isinstance(node, (cst.FormattedString, cst.Lambda)):
            return True
        if _is_synthetic(node):
            return True
        if isinstance(node, cst.IfExp) and _is_constant(node.body) and _is_constant(node.orelse):
            return True
        if isinstance(node, (cst.List, cst.Tuple, cst.Dict)) and not getattr(
            node, "elements", None
        ):
            return True
        if isinstance(node, cst.Call):
            dotted = _dotted(node.func)
            last = (
                dotted.rsplit(".", 1)[-1]
                if dotted
                else (node.func.attr.value if isinstance(node.func, cst.Attribute) else "")
            )
            if last in NON_LABEL_CALLS or last.startswith("predict"):
                return True
            if dotted and dotted.split(".")[0] in ("os", "pathlib", "tempfile", "shutil"):
                return True
            if last and is_model_callee(last) and last != "forward":
                return True
        if isinstance(node, cst.Name) and MODEL_OUTPUT_RE.match(node.value):
            return True
        if _is_coordinate(node):
            return True
        if isinstance(node, (cst.BinaryOperation, cst.Comparison)):
            for side in (getattr(node, "left", None),):
                if isinstance(side, cst.Name) and MODEL_OUTPUT_RE.match(side.value):
                    return True
            if isinstance(node, cst.BinaryOperation) and isinstance(
                node.left, (cst.SimpleString, cst.FormattedString)
            ):
                return True
        return False

    def _iter_nonlabel(self, target, node):
        """`nonlabel` for a loop target: per element for `for i, row in enumerate(...)`."""
        if (
            isinstance(node, cst.Call)
            and (_dotted(node.func) or "").rsplit(".", 1)[-1] == "enumerate"
            and isinstance(target, (cst.Tuple, cst.List))
            and len(target.elements) == 2
            and node.args
        ):
            # the counter is an index, never the label; the element is judged as usual
            return (True, _is_coordinate(node.args[0].value))
        return self._nonlabel_iter(node)

    def _nonlabel_iter(self, node) -> bool:
        """Loop targets that are indices or coordinates, not labels (`for y in range(h)`)."""
        if isinstance(node, cst.Call):
            dotted = _dotted(node.func) or ""
            last = dotted.rsplit(".", 1)[-1]
            if last == "zip":
                return bool(node.args) and all(_is_coordinate(a.value) for a in node.args)
            if last in ("enumerate", "list", "sorted", "tuple", "iter") and node.args:
                return _is_coordinate(node.args[0].value)
            return last in (
                "range",
                "arange",
                "linspace",
                "listdir",
                "glob",
                "iterdir",
                "rglob",
                "walk",
                "ndindex",
                "product",
            )
        return _is_coordinate(node)

    # ----- expressions -----------------------------------------------------------------------
    def _expr(self, node, line: int):
        if node is None:
            return None
        kind = type(node)
        if kind is cst.Name:
            value = node.value
            if value in ("True", "False", "None"):
                return None
            scope = self.scope
            scope.ir.vocab.add(value)
            version = scope.versions.get(value)
            return ("n", f"{value}@{version}") if version else ("n", value)
        if kind in _CONST_TYPES:
            return None
        if kind is cst.Attribute:
            self.scope.ir.vocab.add(node.attr.value)
            return ("a", self._expr(node.value, line), node.attr.value)
        if kind is cst.Call:
            return self._call(node, line)
        if kind is cst.Subscript:
            base = node.value
            dotted = _dotted(base)
            if dotted and dotted.rsplit(".", 1)[-1] in ("c_", "r_"):
                parts = []
                for element in node.slice:
                    if isinstance(element.slice, cst.Index):
                        value = element.slice.value
                        if isinstance(value, cst.Tuple):
                            parts.extend(self._expr(e.value, line) for e in value.elements)
                        else:
                            parts.append(self._expr(value, line))
                return ("o", tuple(parts))  # np.c_[X, y] joins columns, it is not a pair
            str_keys, index, mask = self._slice(node.slice, line)
            int_key = None
            if (
                len(node.slice) == 1
                and isinstance(node.slice[0].slice, cst.Index)
                and isinstance(node.slice[0].slice.value, cst.Integer)
            ):
                try:
                    int_key = int(node.slice[0].slice.value.value, 0)
                except ValueError:
                    int_key = None
            gb = self._groupby_column(node, line)
            if gb is not None:
                return gb
            return ("s", self._expr(base, line), str_keys or None, int_key, index, mask)
        if kind is cst.BinaryOperation:
            return self._op((node.left, node.right), line)
        if kind is cst.BooleanOperation:
            return self._op((node.left, node.right), line)
        if kind is cst.Comparison:
            if len(node.comparisons) == 1 and isinstance(
                node.comparisons[0].operator, (cst.In, cst.NotIn)
            ):
                left = self._expr(node.left, line)
                right = self._expr(node.comparisons[0].comparator, line)
                return None if left is None and right is None else ("in", left, right)
            return self._op((node.left, *(c.comparator for c in node.comparisons)), line)
        if kind is cst.UnaryOperation:
            return self._expr(node.expression, line)
        if kind is cst.Tuple:
            return ("t", tuple(self._expr(e.value, line) for e in node.elements))
        if kind is cst.List or kind is cst.Set:
            return ("l", tuple(self._expr(e.value, line) for e in node.elements))
        if kind is cst.Dict:
            items = []
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    items.append((_const_str(element.key), self._expr(element.value, line)))
                    key_expr = self._expr(element.key, line)
                    if key_expr is not None and _const_str(element.key) is None:
                        items.append((None, key_expr))
                else:
                    items.append((None, self._expr(element.value, line)))
            return ("d", tuple(items))
        if kind is cst.IfExp:
            return (
                "if",
                self._expr(node.test, line),
                self._expr(node.body, line),
                self._expr(node.orelse, line),
            )
        if kind in (cst.ListComp, cst.SetComp, cst.GeneratorExp):
            conds = self._comp_for(node.for_in, line)
            return _selected_by(("l", (self._expr(node.elt, line),)), conds)
        if kind is cst.DictComp:
            conds = self._comp_for(node.for_in, line)
            return _selected_by(
                ("d", ((None, self._expr(node.key, line)), (None, self._expr(node.value, line)))),
                conds,
            )
        if kind is cst.FormattedString:
            parts = tuple(
                self._expr(p.expression, line)
                for p in node.parts
                if isinstance(p, cst.FormattedStringExpression)
            )
            return ("o", parts) if any(p is not None for p in parts) else None
        if kind is cst.Lambda:
            params = tuple(p.name.value for p in node.params.params)
            self.scope.ir.vocab.update(params)
            return ("lam", params, self._expr(node.body, line))
        if kind is cst.Await:
            return self._expr(node.expression, line)
        if kind is cst.Yield:
            value = node.value
            if isinstance(value, cst.From):
                value = value.item
            lowered = self._expr(value, line) if value is not None else None
            self._emit(("r", lowered, self._ctrl(), line, line, value is None))
            return None
        if kind is cst.NamedExpr:
            value = self._expr(node.value, line)
            self._bind(node.target, value, line, line, nonlabel=self._nonlabel_value(node.value))
            return value
        if kind is cst.StarredElement:
            return self._expr(node.value, line)
        if kind is cst.Slice:
            return None
        return None

    def _op(self, operands, line):
        parts = tuple(self._expr(o, line) for o in operands)
        if all(p is None for p in parts):
            return None
        return ("o", parts)

    def _comp_for(self, comp: cst.CompFor, line: int) -> tuple:
        conds = []
        while comp is not None:
            value = ("it", self._expr(comp.iter, line))
            self._bind(
                comp.target, value, line, line, nonlabel=self._iter_nonlabel(comp.target, comp.iter)
            )
            # `if` clauses select elements: what they read makes the result a selection (which
            # examples exist), not a value computed from it; a later membership test undoes that.
            for clause in comp.ifs:
                lowered = self._expr(clause.test, line)
                if lowered is not None:
                    conds.append(lowered)
            comp = comp.inner_for_in
        return tuple(conds)

    def _groupby_column(self, node: cst.Subscript, line: int):
        """`frame.groupby(keys)["col"]` becomes a groupby node the call above completes."""
        base = node.value
        if (
            isinstance(base, cst.Call)
            and isinstance(base.func, cst.Attribute)
            and base.func.attr.value == "groupby"
        ):
            str_keys, _, _ = self._slice(node.slice, line)
            return self._groupby(base, str_keys, None, (), line)
        return None

    def _groupby(self, call: cst.Call, cols, method, args, line):
        frame = self._expr(call.func.value, line)
        keys = []
        key_names = []
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value != "by":
                continue
            name = _const_str(arg.value)
            if (
                name is None
                and isinstance(arg.value, cst.Name)
                and self._str_const(arg.value.value)
            ):
                key_names.extend(self._str_const(arg.value.value))
            elif name is not None:
                key_names.append(name)
            elif isinstance(arg.value, (cst.List, cst.Tuple)):
                for e in arg.value.elements:
                    n = _const_str(e.value)
                    if n is not None:
                        key_names.append(n)
                    else:
                        keys.append(self._expr(e.value, line))
            else:
                keys.append(self._expr(arg.value, line))
        self.scope.ir.vocab.update(key_names)
        self.scope.ir.vocab.update(cols)
        return ("gb", frame, tuple(keys), tuple(key_names), tuple(cols), method, tuple(args))

    def _call(self, node: cst.Call, line: int):
        func = node.func
        dotted = _dotted(func)
        if isinstance(func, cst.Attribute):
            last = func.attr.value
            if last == "shift" and _is_lag(node):
                last = "$lag"
            recv_node = func.value
            # `df.groupby(k)["col"].transform(...)` and `df.groupby(k).col.mean()`
            if (
                isinstance(recv_node, cst.Subscript)
                and isinstance(recv_node.value, cst.Call)
                and isinstance(recv_node.value.func, cst.Attribute)
                and recv_node.value.func.attr.value == "groupby"
            ):
                str_keys, _, _ = self._slice(recv_node.slice, line)
                args = tuple(self._expr(a.value, line) for a in node.args)
                return self._groupby(recv_node.value, str_keys, last, args, line)
            if (
                isinstance(recv_node, cst.Call)
                and isinstance(recv_node.func, cst.Attribute)
                and recv_node.func.attr.value == "groupby"
            ):
                args = tuple(self._expr(a.value, line) for a in node.args)
                return self._groupby(recv_node, (), last, args, line)
            recv = self._expr(recv_node, line)
        else:
            last = dotted or ""
            recv = None
            if isinstance(func, (cst.Lambda, cst.Call, cst.Subscript)):
                recv = self._expr(func, line)
        args = []
        stars = []
        kwargs = []
        for arg in node.args:
            value = self._expr(arg.value, line)
            if arg.keyword is not None:
                kwargs.append((arg.keyword.value, value))
            elif arg.star == "**":
                kwargs.append((None, value))
            else:
                args.append(value)
                stars.append(arg.star == "*")
        if isinstance(func, cst.Attribute) and last in (
            "fit_transform",
            "transform",
            "fit",
            "inverse_transform",
        ):
            recv_node = func.value
            if (
                isinstance(recv_node, cst.Name) and self._str_const("$labelenc:" + recv_node.value)
            ) or (
                isinstance(recv_node, cst.Call)
                and _LABEL_ENCODER_RE.match((_dotted(recv_node.func) or "").rsplit(".", 1)[-1])
            ):
                last = "encode_labels"  # a label encoder's input is the label, not features
        drop_cols = None
        if last == "drop":
            drop_cols = self._drop_columns(node)
        lowered = ("c", dotted, last, recv, tuple(args), tuple(stars), tuple(kwargs), drop_cols)
        self.scope.ir.calls.append((dotted, last, recv is not None))
        self._note_label_use(last, dotted, node, lowered)
        return lowered

    def _drop_columns(self, node: cst.Call):
        names: list[str] = []
        axis_columns = False
        candidates = []
        for arg in node.args:
            if arg.keyword is None:
                candidates.append(arg.value)
            elif arg.keyword.value in ("columns", "labels"):
                candidates.append(arg.value)
                axis_columns = axis_columns or arg.keyword.value == "columns"
            elif arg.keyword.value == "axis":
                axis_columns = True
        for value in candidates:
            names.extend(self._column_names(value))
        return tuple(names) if names else ()

    def _column_names(self, node) -> list[str]:
        """Column names a `drop` argument spells: literals, lists, `A + [...]`, constants.

        A name that is not a constant of this module (`from settings import LEAKY`) is kept as
        `"$NAME"` for the cross-module pass to resolve.
        """
        single = _const_str(node)
        if single is not None:
            return [single]
        if isinstance(node, (cst.List, cst.Tuple)):
            out = []
            for element in node.elements:
                out.extend(self._column_names(element.value))
            return out
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            return self._column_names(node.left) + self._column_names(node.right)
        if isinstance(node, cst.Name):
            known = self._str_const(node.value)
            return list(known) if known is not None else ["$" + node.value]
        return []

    def _note_label_use(self, last: str, dotted: str | None, node: cst.Call, lowered) -> None:
        """Remember expressions used as the label, to infer label names from use."""
        args = lowered[4]
        kwargs = dict((k, v) for k, v in lowered[6] if k)
        use = None
        if last in _LABEL_ARG_METHODS and lowered[3] is not None:
            use = args[1] if len(args) > 1 else kwargs.get("y")
        elif last in _CV_FUNCS:
            use = args[2] if len(args) > 2 else kwargs.get("y")
        elif last in ("TensorDataset",):
            use = args[1] if len(args) > 1 else None
        elif last in ("DMatrix", "Pool", "Dataset", "QuantileDMatrix"):
            use = kwargs.get("label")
        elif (
            "loss" in last.lower()
            or "criterion" in last.lower()
            or (lowered[1] and "." not in lowered[1] and self._str_const("$loss:" + lowered[1]))
        ):
            use = args[1] if len(args) > 1 else kwargs.get("target", kwargs.get("y_true"))
        if use is not None:
            self.scope.ir.label_uses.append(use)

    # ----- module end --------------------------------------------------------------------
    def leave_Module(self, node: cst.Module) -> None:
        self._leading_footer(node.footer)
        self._finish_scope(self.scopes[0])


def lower_module(module: cst.Module, *, path: str, module_name: str) -> ModuleFacts:
    try:
        lowering = _lower(module, path, module_name)
    except RecursionError:
        # Very deep trees (pydoc_data/topics.py concatenates hundreds of string literals) exceed
        # the default limit in libcst's own code generation; pure-Python recursion is cheap in
        # CPython 3.11+, so retry once with a higher limit, and give up on the file's facts
        # (never the whole lint) if even that is not enough.
        import sys

        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 20000))
        try:
            lowering = _lower(module, path, module_name)
        except RecursionError:
            lowering = ModuleLowering(cst.Module(body=[]), path, module_name)
        finally:
            sys.setrecursionlimit(old)
    return ModuleFacts(
        path=path,
        module_name=module_name,
        is_package=path.replace("\\", "/").endswith("__init__.py"),
        functions=lowering.functions,
        classes=lowering.classes,
        imports=lowering.imports,
        top_defs=lowering.top_defs,
        suppressions=tuple(lowering.suppressions),
        statement_spans=lowering.spans,
        statement_columns=lowering.columns,
        str_consts={k: v for k, v in lowering.str_consts[0].items() if not k.startswith("$")},
    )


def _lower(module: cst.Module, path: str, module_name: str) -> ModuleLowering:
    lowering = ModuleLowering(module, path, module_name)
    module.visit(lowering)
    return lowering
