"""Evaluate one function body in one context: statements in execution order, flow-sensitively.

A rebinding replaces the old value (a strong update) in straight-line code; after a branch a
variable holds what either branch may leave in it; a loop runs until its state stops growing.
`if __name__ == "__main__":` runs as the program does (always), `if TYPE_CHECKING:` never.
Each statement of the three-address IR is one step: nothing here recurses per expression level.
Calls are handed to `calls.py`; library models to `ml_api.py`; frames to `frames.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import frames, ir, ml_api
from .calls import evaluate_call
from .policy import BindEvent, ItemEvent, OpEvent, ReadEvent, ReturnEvent, Site
from .values import (
    UNKNOWN,
    Step,
    Val,
    element_of,
    field_of,
    flat,
    is_literal,
    item_at,
    join,
    join_all,
    map_taint,
    merge_taint,
    set_field,
    trail_extend,
    trail_start,
    with_step,
    with_taint,
)

if TYPE_CHECKING:
    from typing import Any as Context
    from typing import Any as Engine

MAX_LOOP_ROUNDS = 4
MAX_UNROLL = 8  # loops over tuples up to this length run once per item

_CONST_KIND = {"str": "str", "int": "num", "float": "num", "bool": "bool", "none": "none"}


class Terminated(Exception):
    """The analysis budget of a module ran out while evaluating it."""


class LoopState:
    __slots__ = ("breaks", "continues")

    def __init__(self):
        self.breaks: list[dict] = []
        self.continues: list[dict] = []


def join_env(a: dict | None, b: dict | None) -> dict | None:
    if a is None:
        return None if b is None else dict(b)
    if b is None:
        return dict(a)
    out = dict(a)
    for name, value in b.items():
        mine = out.get(name)
        out[name] = value if mine is None or mine is value else join(mine, value)
    return out


def same_env(a: dict, b: dict) -> bool:
    if a.keys() != b.keys():
        return False
    return all(a[name] is b[name] or a[name].signature() == b[name].signature() for name in a)


class FunctionEvaluator:
    def __init__(self, engine: Engine, context: Context):
        self.engine = engine
        self.context = context
        self.module = context.module
        self.function = context.function
        self.path = context.module.path
        self.entry = context.entry
        self.returns: Val | None = None
        self.yields: Val | None = None
        self.ctrl: list[dict] = []  # taint of the branch conditions around the statement
        self.comprehension: list[bool] = []  # per enclosing loop: is it a comprehension
        self.loops: list[LoopState] = []
        self.exact = 0  # > 0 while a loop runs once per item (appends keep their positions)
        self.in_head = 0  # > 0 while a loop's head binds its target
        self.aliases: dict[str, tuple] = {}  # temp -> (variable, path) it was read from
        self.reads: dict[str, tuple] = {}  # temp -> user names its computation read
        self.builds: dict[str, ir.Build] = {}  # temp -> the tuple or list display it holds
        self.refinements: dict[str, tuple] = {}  # temp test -> what it tells of a column name
        self.captured = engine.program.captured.get(
            (self.module.module_name, self.function.qualname), frozenset()
        )
        self.is_module = self.function.kind is ir.FunctionKind.MODULE
        self.globals_written: dict[str, Val] = {}
        own = self.module.path
        self.callers = tuple(
            dict.fromkeys(c.module.path for c in engine.stack if c.module.path != own)
        )

    # ----- entry ---------------------------------------------------------------------------------
    def run(self, params: dict[str, Val]) -> dict | None:
        env: dict[str, Val] = {}
        span = self.function.span
        for param in self.function.params:
            value = params.get(param.name, UNKNOWN)
            if param.name not in ("self", "cls") and not (
                value.kind.startswith(("obj:", "cls:")) and param is self.function.params[0]
            ):
                value = self._bind_sources(param.name, value, span, True, None)
            env[param.name] = value
            if param.name in self.captured:
                self.engine.write_free(self.module, self.function.qualname, param.name, value)
        end = self.block(self.function.body, env)
        for name, value in self.globals_written.items():
            self.engine.write_global(self.module, name, value)
        return end

    def site(self, span: ir.Span) -> Site:
        return Site(self.module, self.function, span, self.entry, self.callers)

    def step(self, description: str, span: ir.Span) -> Step:
        return Step(description, self.path, span.line, span.column, span.end_line, span.end_column)

    # ----- statements ----------------------------------------------------------------------------
    def block(self, stmts: tuple, env: dict | None) -> dict | None:
        for stmt in stmts:
            if env is None:
                return None
            env = self.statement(stmt, env)
        return env

    def statement(self, stmt, env: dict) -> dict | None:
        self.engine.tick(self.context)
        kind = type(stmt)
        if kind is ir.Assign:
            self.assign(stmt, env)
            return env
        if kind is ir.If:
            return self.branch(stmt, env)
        if kind is ir.Loop:
            return self.loop(stmt, env)
        if kind is ir.Return:
            value = self.operand(stmt.value, env) if stmt.value is not None else Val(kind="none")
            value = self.with_ctrl(value)
            names = self._returned_names(stmt.value)
            for policy in self.engine.policies:
                sinks = policy.on_return(ReturnEvent(self.site(stmt.span), value, names))
                for sink in sinks:
                    self.engine.sink(self, policy, sink, value, stmt.span)
            self.returns = join(self.returns, value)
            self._note_param_outs(env)
            return None
        if kind is ir.SetItem:
            self.set_item(stmt, env)
            return env
        if kind is ir.SetAttr:
            self.set_attr(stmt, env)
            return env
        if kind is ir.Try:
            return self.try_(stmt, env)
        if kind is ir.Yield:
            value = self.operand(stmt.value, env) if stmt.value is not None else UNKNOWN
            self.yields = join(self.yields, self.with_ctrl(value))
            return env
        if kind is ir.Raise:
            if stmt.value is not None:
                self.operand(stmt.value, env)
            return None
        if kind is ir.Break:
            if self.loops:
                self.loops[-1].breaks.append(env)
            return None
        if kind is ir.Continue:
            if self.loops:
                self.loops[-1].continues.append(env)
            return None
        if kind is ir.DelItem:
            self.del_item(stmt, env)
            return env
        if kind is ir.DelName:
            env.pop(stmt.target.name, None)
            return env
        return env  # DelAttr and anything the analysis does not model

    def _note_refinement(self, target: str, expr: ir.Compare, values: list[Val]) -> None:
        """`c != "target"` with `c` a column name: remember what each branch learns about `c`."""
        for position in (0, 1):
            operand = expr.operands[position]
            value = values[position]
            if (
                type(operand) is ir.Var
                and value.kind == "colname"
                and isinstance(value.meta, frames.ColumnSet)
            ):
                other = values[1 - position]
                true, false = frames.refine(value.meta, expr.ops[0], other, position == 0)
                if true is not None or false is not None:
                    self.refinements[target] = (operand, value, true, false)
                return

    def _note_compound_refinement(self, target: str, expr: ir.BoolOp) -> None:
        """`"price" not in c and c != "vin"`: each test narrows the same column name, so the
        names passing an `and` pass both (those failing an `or` fail both); the other branch
        learns only what either test would."""
        found = [self.refinements.get(o.name) if type(o) is ir.Var else None for o in expr.operands]
        if not found or any(f is None for f in found):
            return
        if len({f[0].name for f in found}) != 1:
            return
        both, either = (2, 3) if expr.op == "And" else (3, 2)
        narrowed = [f[both] for f in found]
        widened = [f[either] for f in found]
        if any(c is None for c in narrowed):
            return
        meet = narrowed[0]
        for columns in narrowed[1:]:
            meet = frames.meet(meet, columns)
        join_ = None if any(c is None for c in widened) else widened[0]
        for columns in widened[1:]:
            if join_ is not None:
                join_ = join_.join(columns)
        operand, value = found[0][0], found[0][1]
        if expr.op == "And":
            self.refinements[target] = (operand, value, meet, join_)
        else:
            self.refinements[target] = (operand, value, join_, meet)

    def _refined(self, env: dict, test, branch: bool) -> dict:
        found = self.refinements.get(test.name) if type(test) is ir.Var else None
        if found is None:
            return env
        operand, value, true, false = found
        columns = true if branch else false
        if columns is None:
            return env
        env[operand.name] = value.but(meta=columns)
        return env

    def branch(self, stmt: ir.If, env: dict) -> dict | None:
        if stmt.guard is ir.Guard.MAIN:
            return self.block(stmt.body, env)
        if stmt.guard is ir.Guard.TYPE_CHECKING:
            return self.block(stmt.orelse, env)
        test = self.operand(stmt.test, env)
        if test.kind in ("bool", "none") and (test.const is not None or test.kind == "none"):
            # a test of a known literal (`if self.train:` with `train=False` passed): only
            # the branch it takes runs
            taken = bool(test.const) if test.kind == "bool" else False
            return self.block(stmt.body if taken else stmt.orelse, env)
        # an `if` of a comprehension chooses which elements exist: a selection, not a value
        selecting = bool(self.comprehension) and self.comprehension[-1]
        ctrl = self.engine.implicit_taint(
            test, self.step("selected by it" if selecting else "branch on it", stmt.span), selecting
        )
        self.ctrl.append(ctrl)
        body_env = self._refined(dict(env), stmt.test, True)
        if selecting and not (type(stmt.test) is ir.Var and stmt.test.name in self.refinements):
            # `[c for c in df.columns if df[c].dtype == object]`: which names pass is not known
            body_env = _unknown_subset(body_env)
        try:
            body = self.block(stmt.body, body_env)
            orelse_env = self._refined(dict(env), stmt.test, False)
            orelse = self.block(stmt.orelse, orelse_env) if stmt.orelse else orelse_env
        finally:
            self.ctrl.pop()
        return join_env(body, orelse)

    def _unrolled(self, stmt: ir.Loop, env: dict):
        """A loop over a tuple of known length (`for t in tensors:` with `*tensors` bound at a
        call, `for m in [LR(), RF()]:`) runs once per item, so each keeps its own value and a
        list built by appends keeps its positions. Returns NotImplemented for other loops."""
        if stmt.test is not None or not stmt.head:
            return NotImplemented
        first = stmt.head[0]
        if type(first) is not ir.Assign or type(first.value) is not ir.Element:
            return NotImplemented
        iterable = self.operand(first.value.iterable, env)
        if iterable.items is None or not 0 < len(iterable.items) <= MAX_UNROLL:
            return NotImplemented
        state = LoopState()
        current: dict | None = env
        self.exact += 1
        try:
            for item in iterable.items:
                if current is None:
                    break
                current = dict(current)
                current[first.target.name] = with_taint(item, iterable.taint)
                self.in_head += 1
                try:
                    current = self.block(stmt.head[1:], current)
                finally:
                    self.in_head -= 1
                if current is None:
                    break
                self.loops.append(state)
                self.comprehension.append(stmt.is_comprehension)
                try:
                    out = self.block(stmt.body, current)
                finally:
                    self.loops.pop()
                    self.comprehension.pop()
                for extra in state.continues:
                    out = join_env(out, extra)
                state.continues.clear()
                if state.breaks:
                    current = None
                    break
                current = out
        finally:
            self.exact -= 1
        after = current
        if stmt.orelse and after is not None:
            after = self.block(stmt.orelse, after)
        for extra in state.breaks:
            after = join_env(after, extra)
        return after

    def loop(self, stmt: ir.Loop, env: dict) -> dict | None:
        unrolled = self._unrolled(stmt, env)
        if unrolled is not NotImplemented:
            return unrolled
        head_env = dict(env)
        state = LoopState()
        exit_env: dict | None = None
        for _ in range(MAX_LOOP_ROUNDS):
            self.in_head += 1
            try:
                current = self.block(stmt.head, dict(head_env))
            finally:
                self.in_head -= 1
            if current is None:
                break
            exit_env = join_env(exit_env, current)
            ctrl = None
            if stmt.test is not None:
                test = self.operand(stmt.test, current)
                ctrl = self.engine.implicit_taint(test, self.step("loop while it", stmt.span))
                self.ctrl.append(ctrl)
            self.loops.append(state)
            self.comprehension.append(stmt.is_comprehension)
            try:
                out = self.block(stmt.body, dict(current))
            finally:
                self.loops.pop()
                self.comprehension.pop()
                if ctrl is not None:
                    self.ctrl.pop()
            grown = join_env(head_env, out)
            for extra in state.continues:
                grown = join_env(grown, extra)
            state.continues.clear()
            if grown is None or same_env(grown, head_env):
                break
            head_env = grown
        after = join_env(exit_env if exit_env is not None else head_env, head_env)
        if stmt.orelse:
            after = self.block(stmt.orelse, after) if after is not None else None
        for extra in state.breaks:
            after = join_env(after, extra)
        return after

    def try_(self, stmt: ir.Try, env: dict) -> dict | None:
        body = self.block(stmt.body, dict(env))
        handler_start = join_env(env, body)
        outs = []
        if body is not None:
            outs.append(self.block(stmt.orelse, body) if stmt.orelse else body)
        for handler in stmt.handlers:
            start = dict(handler_start) if handler_start is not None else {}
            if handler.name is not None:
                start[handler.name.name] = UNKNOWN
            outs.append(self.block(handler.body, start))
        result = None
        for out in outs:
            result = join_env(result, out)
        if stmt.final:
            if result is None:
                self.block(stmt.final, dict(handler_start or env))
                return None
            result = self.block(stmt.final, result)
        return result

    # ----- bindings --------------------------------------------------------------------------------
    def assign(self, stmt: ir.Assign, env: dict) -> None:
        target = stmt.target
        value = self.expr(stmt.value, env, stmt.span, target.name)
        if target.name.startswith("$"):
            self.reads[target.name] = _names_read(stmt.value, self.reads)
            if type(stmt.value) is ir.Build:
                self.builds[target.name] = stmt.value
        if stmt.user_name:
            value = self.with_ctrl(value)
            value = self._bind_sources(
                stmt.user_name,
                value,
                stmt.span,
                False,
                stmt.value,
                _names_read(stmt.value, self.reads),
            )
            if not value.is_empty():
                value = with_step(value, self.step(stmt.user_name, stmt.span))
        self.store_var(target, value, env)

    def store_var(self, target: ir.Var, value: Val, env: dict) -> None:
        name = target.name
        if target.scope is ir.Scope.GLOBAL:
            if self.is_module:
                # the module body reads its own globals from `env` (in order); what functions
                # and other modules see is the join of every binding, written once at the end
                env[name] = value
                if value.kind.startswith(("lib:", "fn:", "cls:", "mod:")):
                    # imports, defs and classes: visible to the functions this body calls
                    self.engine.write_global(self.module, name, value)
                    return
                old = self.globals_written.get(name)
                self.globals_written[name] = value if old is None else join(old, value)
                return
            self.engine.write_global(self.module, name, value)
            return
        if target.scope is ir.Scope.FREE:
            self.engine.write_free_outer(self.module, self.function, name, value)
            return
        env[name] = value
        if name in self.captured:
            self.engine.write_free(self.module, self.function.qualname, name, value)
        if self.function.kind is ir.FunctionKind.CLASS_BODY and not name.startswith("$"):
            self.engine.write_class_attr(self.module, self.function.class_qualname, name, value)

    def _bind_sources(self, name: str, value: Val, span, is_param: bool, expr, reads=()) -> Val:
        added: dict = {}
        event = None
        for policy in self.engine.policies:
            if event is None:
                event = BindEvent(
                    self.site(span), name, value, is_param, expr, reads, self.in_head > 0
                )
            source = policy.on_bind(event)
            if source is not None:
                added[source.key] = trail_start(self.step(source.description, span))
        return with_taint(value, added) if added else value

    def _returned_names(self, operand) -> tuple[str, ...]:
        if type(operand) is not ir.Var:
            return ()
        if not operand.name.startswith("$"):
            return (operand.name,)
        built = self.builds.get(operand.name)
        if built is None:
            return ()
        return tuple(
            item.name if type(item) is ir.Var and not item.name.startswith("$") else ""
            for item in built.items
        )

    def with_ctrl(self, value: Val, selecting: bool = False) -> Val:
        """`value` as bound under the enclosing branches. A literal chosen by a branch on the
        label is a function of the label (`flag = 1.0` under `if label:`); data computed under
        such a branch is data (which computation ran is not a feature's value)."""
        if not self.ctrl:
            return value
        if not selecting and not is_literal(value):
            owners = self.engine.implicit_data_owners
            if not owners:
                return value
            taint = {k: t for k, t in merge_taint(*self.ctrl).items() if k[0] in owners}
            return with_taint(value, taint) if taint else value
        taint = merge_taint(*self.ctrl)
        if selecting and taint:
            taint = frames.selection(
                taint, self.step("chosen by it", self.function.span), self.engine
            )
        return with_taint(value, taint) if taint else value

    def _note_param_outs(self, env: dict) -> None:
        self.engine.note_param_outs(self.context, env)

    # ----- stores into objects -----------------------------------------------------------------
    def set_attr(self, stmt: ir.SetAttr, env: dict) -> None:
        obj = self.operand(stmt.obj, env)
        value = self.with_ctrl(self.operand(stmt.value, env))
        if not value.is_empty():
            value = with_step(value, self.step(_describe_attr(stmt.obj, stmt.name), stmt.span))
        kind = obj.kind
        if kind.startswith("obj:") or kind.startswith("cls:"):
            self.engine.write_field(obj, stmt.name, value)
            return
        if kind.startswith("mod:"):
            module = self.engine.program.modules.get(kind[4:])
            if module is not None:
                self.engine.write_global(module, stmt.name, value)
            return
        if stmt.name == "columns" and kind in ("frame", ""):
            self.update_origin(stmt.obj, env, lambda old: frames.rename_all(old, value))
            return
        self.update_origin(stmt.obj, env, lambda old: set_field(old, stmt.name, value))

    def set_item(self, stmt: ir.SetItem, env: dict) -> None:
        obj = self.operand(stmt.obj, env)
        value = self.with_ctrl(self.operand(stmt.value, env))
        index = [self.index_part(part, env) for part in stmt.index]
        updated = frames.store_item(self, obj, index, value, stmt)
        if updated is not None:
            self.update_origin(stmt.obj, env, lambda old: updated, stmt.span)

    def del_item(self, stmt: ir.DelItem, env: dict) -> None:
        obj = self.operand(stmt.obj, env)
        index = [self.index_part(part, env) for part in stmt.index]
        updated = frames.delete_item(self, obj, index, stmt.span)
        if updated is not None:
            self.update_origin(stmt.obj, env, lambda old: updated)

    def update_origin(
        self, operand, env: dict, change, span: ir.Span | None = None, in_place: bool = False
    ) -> None:
        """Apply `change` to the variable (or object field) that `operand` was read from.

        `df["c"] = v` changes `df`; `self.rows.append(x)` changes the field `rows` of the class;
        `df.loc[mask, "c"] = v` changes `df` through the indexer it was read from. `in_place`:
        a method changed it (`feats.append(row)`), which the trail's step says.
        """
        if not isinstance(operand, ir.Var):
            return
        path: list[tuple] = []
        name = operand.name
        seen = 0
        while name in self.aliases and seen < 8:
            base, step = self.aliases[name]
            path.append(step)
            name = base
            seen += 1
        root_var = ir.Var(name, _scope_of(self, name, operand))
        if not path:
            old = env.get(name)
            if old is None:
                old = self.read_var(root_var, env)
            new = change(old)
            if not name.startswith("$") and span is not None:
                step = self.step(name, span)
                new = _step_new_keys(old, new, step._replace(in_place=True) if in_place else step)
            self.store_var(root_var, new, env)
            return
        # a change several levels down: rebuild the chain from the root
        root = env.get(name)
        if root is None:
            root = self.read_var(root_var, env)
        chain = [root]
        for step in reversed(path):
            chain.append(self._follow(chain[-1], step))
        new = change(chain[-1])
        for step, parent in zip(path, reversed(chain[:-1])):
            if parent.kind.startswith("obj:") and step[0] == "attr":
                # `self.rows.append(x)`, `self.est.fit(X)`: an object is changed in place; its
                # field lives in the class's table, and what holds the object stays as it is
                self.engine.write_field(parent, step[1], new)
                return
            new = self._rebuild(parent, step, new)
            if new is None:
                return
        self.store_var(root_var, new, env)

    def _follow(self, value: Val, step: tuple) -> Val:
        kind, name = step
        if kind in ("indexer", "rows"):
            return value
        if value.kind.startswith("obj:") and kind == "attr":
            return self.engine.read_field(value, name) or UNKNOWN
        return field_of(value, name) or Val(value.taint)

    def _rebuild(self, parent: Val, step: tuple, new: Val) -> Val | None:
        kind, name = step
        if kind in ("indexer", "rows"):
            return new
        return set_field(parent, name, new)

    # ----- expressions -------------------------------------------------------------------------
    def operand(self, op, env: dict) -> Val:
        if type(op) is ir.Var:
            return self.read_var(op, env)
        if op is None:
            return UNKNOWN
        return Val(kind=_CONST_KIND.get(op.kind, "other"), const=op.value)

    def index_part(self, part, env: dict):
        if type(part) is ir.Slice:
            return frames.SliceValue(
                self.operand(part.lower, env) if part.lower is not None else None,
                self.operand(part.upper, env) if part.upper is not None else None,
                self.operand(part.step, env) if part.step is not None else None,
            )
        return self.operand(part, env)

    def read_var(self, var: ir.Var, env: dict) -> Val:
        name = var.name
        if var.scope is ir.Scope.LOCAL:
            value = env.get(name)
            if value is not None:
                return value
            if self.function.kind is ir.FunctionKind.CLASS_BODY:
                return self.engine.read_global(self.module, name)
            return UNKNOWN
        if var.scope is ir.Scope.GLOBAL:
            if self.is_module:
                value = env.get(name)
                if value is not None:
                    return value
            return self.engine.read_global(self.module, name)
        return self.engine.read_free(self.module, self.function, name)

    def expr(self, expr, env: dict, span: ir.Span, target: str = "") -> Val:
        kind = type(expr)
        if kind is ir.Copy:
            return self.operand(expr.source, env)
        if kind is ir.MethodCall or kind is ir.Call:
            return evaluate_call(self, expr, env, span, target)
        if kind is ir.GetAttr:
            return self.get_attr(expr, env, span, target)
        if kind is ir.GetItem:
            return self.get_item(expr, env, span, target)
        if kind is ir.BinOp or kind is ir.Compare or kind is ir.BoolOp or kind is ir.UnaryOp:
            value = self.operator(expr, env, span, target)
            if self.engine.op_hooks:
                operands = (
                    (expr.left, expr.right)
                    if kind is ir.BinOp
                    else (expr.operand,)
                    if kind is ir.UnaryOp
                    else expr.operands
                )
                event = OpEvent(
                    self.site(span),
                    expr.ops[0] if kind is ir.Compare else expr.op,
                    tuple(self.operand(o, env) for o in operands),
                    tuple(self.column_of(o) for o in operands),
                    expr,
                )
                value = self.engine.apply_op_hooks(self, event, value, span)
            return value
        if kind is ir.Build:
            return self.build(expr, env)
        if kind is ir.BuildDict:
            return self.build_dict(expr, env)
        if kind is ir.FormatString:
            parts = [self.operand(p, env) for p in expr.parts]
            return Val(merge_taint(*(p.all_taint() for p in parts)), kind="str")
        if kind is ir.Ternary:
            test = self.operand(expr.test, env)
            out = join(self.operand(expr.body, env), self.operand(expr.orelse, env))
            if not is_literal(out):
                return out  # data chosen by a condition is still that data
            ctrl = self.engine.implicit_taint(test, self.step("chosen by it", span))
            return with_taint(out, ctrl) if ctrl else out
        if kind is ir.Element:
            iterable = self.operand(expr.iterable, env)
            if iterable.kind == "frame":  # iterating a frame yields its column names
                return frames.columns_of(iterable).elem
            if (
                isinstance(iterable.const, tuple)
                and iterable.const
                and all(isinstance(n, str) for n in iterable.const)
            ):
                names = frames.ColumnSet(UNKNOWN, only=iterable.const)
                return Val(kind="colname", meta=names)
            return element_of(iterable)
        if kind is ir.Unpack:
            return _unpack(self.operand(expr.value, env), expr)
        if kind is ir.FunctionRef:
            return Val(kind=f"fn:{self.module.module_name}:{expr.qualname}")
        if kind is ir.ClassRef:
            self.engine.define_class(self.module, expr.qualname)
            return Val(kind=f"cls:{self.module.module_name}:{expr.qualname}")
        if kind is ir.Import:
            return self.engine.import_value(self.module, expr)
        return UNKNOWN

    def operator(self, expr, env: dict, span: ir.Span, target: str) -> Val:
        kind = type(expr)
        if kind is ir.BinOp:
            return frames.binary(
                self, expr.op, self.operand(expr.left, env), self.operand(expr.right, env), span
            )
        if kind is ir.Compare:
            values = [self.operand(o, env) for o in expr.operands]
            if target.startswith("$") and len(values) == 2:
                self._note_refinement(target, expr, values)
            return frames.compare(self, expr, values, span)
        if kind is ir.BoolOp:
            values = [self.operand(o, env) for o in expr.operands]
            if target.startswith("$"):
                self._note_compound_refinement(target, expr)
            out = join_all(values)
            if any(v.kind in ("mask", "series", "array") for v in values):
                out = out.but(kind="mask")
            return out
        value = self.operand(expr.operand, env)
        if expr.op == "Not":
            found = (
                self.refinements.get(expr.operand.name) if type(expr.operand) is ir.Var else None
            )
            if found is not None and target.startswith("$"):
                # `not (c == "price" or c == "id")`: the branches learn the opposite
                self.refinements[target] = (found[0], found[1], found[3], found[2])
            return Val(value.all_taint(), kind="bool")
        if expr.op == "Invert" and value.kind == "mask":
            return value
        if expr.op == "USub" and isinstance(value.const, (int, float)):
            return Val(value.taint, kind="num", const=-value.const)
        return value.but(const=None) if value.const is not None else value

    def column_of(self, operand) -> str | None:
        """The column a temporary was read from (`df["chrom"]`, `df.chrom`), if it was."""
        if type(operand) is not ir.Var:
            return None
        alias = self.aliases.get(operand.name)
        if alias is None:
            return None
        step = alias[1]
        if step[0] in ("item", "attr") and isinstance(step[1], str):
            return step[1]
        return None

    def build(self, expr: ir.Build, env: dict) -> Val:
        values = [self.operand(item, env) for item in expr.items]
        kind = expr.kind
        if any(expr.starred):
            parts = [element_of(v) if star else v for v, star in zip(values, expr.starred)]
            consts = (
                _const_strings(values)
                if all(not s or isinstance(v.const, tuple) for v, s in zip(values, expr.starred))
                else None
            )
            return Val(kind=kind, elem=join_all(parts) if parts else None, const=consts)
        if kind == "set":
            return Val(
                kind="set", elem=join_all(values) if values else None, const=_const_strings(values)
            )
        return Val(kind=kind, items=tuple(values), const=_const_strings(values))

    def build_dict(self, expr: ir.BuildDict, env: dict) -> Val:
        fields: dict[str, Val] = {}
        others: list[Val] = []
        key_taint: list[dict] = []
        for key, value_op in zip(expr.keys, expr.values):
            value = self.operand(value_op, env)
            if key is None:  # `**other`
                if value.fields:
                    fields.update(value.fields)
                else:
                    others.append(value)
                continue
            key_value = self.operand(key, env)
            if isinstance(key_value.const, str):
                fields[key_value.const] = value
            else:
                others.append(value)
                if key_value.taint:
                    key_taint.append(key_value.taint)
        return Val(
            merge_taint(*key_taint) if key_taint else None,
            fields=fields or None,
            elem=join_all(others) if others else None,
            kind="dict",
        )

    def get_attr(self, expr: ir.GetAttr, env: dict, span: ir.Span, target: str) -> Val:
        obj = self.operand(expr.obj, env)
        if type(expr.obj) is ir.Var and target.startswith("$"):
            self.aliases[target] = (
                expr.obj.name,
                ("attr", expr.name)
                if expr.name not in ("loc", "iloc", "at", "iat")
                else ("indexer", expr.name),
            )
        if obj.kind.startswith("libobj:"):
            return ml_api.instance_attribute(self, obj, expr.name, span)
        return frames.attribute(self, obj, expr.name, span)

    def get_item(self, expr: ir.GetItem, env: dict, span: ir.Span, target: str) -> Val:
        obj = self.operand(expr.obj, env)
        index = [self.index_part(part, env) for part in expr.index]
        if (
            type(expr.obj) is ir.Var
            and target.startswith("$")
            and len(index) == 1
            and isinstance(getattr(index[0], "const", None), str)
        ):
            # `df.loc["train"]`: rows of the frame, not a column named "train"
            step = "rows" if obj.kind == "indexer" else "item"
            self.aliases[target] = (expr.obj.name, (step, index[0].const))
        value = frames.subscript(self, obj, index, expr, span)
        if self.engine.item_hooks:
            event = ItemEvent(
                self.site(span),
                obj,
                tuple(i for i in index if isinstance(i, Val)),
                expr,
                tuple(
                    bound
                    for i in index
                    if isinstance(i, frames.SliceValue)
                    for bound in i
                    if isinstance(bound, Val)
                ),
            )
            value = self.engine.apply_item_hooks(self, event, value, span)
        return value

    # ----- helpers for models --------------------------------------------------------------------
    def read_event(self, kind: str, name: str, obj: Val, span: ir.Span) -> dict:
        """Ask every policy whether reading `name` from `obj` is a source; the new taint."""
        added: dict = {}
        event = None
        for policy in self.engine.policies:
            if event is None:
                event = ReadEvent(self.site(span), kind, name, obj)
            source = policy.on_read(event)
            if source is not None:
                added[source.key] = trail_start(self.step(source.description, span))
        return added


def _scope_of(evaluator: FunctionEvaluator, name: str, operand: ir.Var) -> ir.Scope:
    if name == operand.name:
        return operand.scope
    if name.startswith("$"):
        return ir.Scope.LOCAL
    if evaluator.is_module:
        return ir.Scope.GLOBAL
    return (
        ir.Scope.LOCAL
        if name in evaluator.function.local_names
        or any(p.name == name for p in evaluator.function.params)
        else ir.Scope.GLOBAL
    )


def _unknown_subset(env: dict) -> dict:
    for name, value in env.items():
        if "$c" in name and value.kind == "colname" and isinstance(value.meta, frames.ColumnSet):
            env[name] = value.but(meta=value.meta.but(positional=True, only=None))
    return env


def _step_new_keys(old: Val, new: Val, step: Step) -> Val:
    """A mutation (`feats.update(...)`, `df["c"] = v`) names the variable in the trail of the
    keys it brought in, not of those the variable already held."""
    before = old.all_taint()
    if not new.all_taint().keys() - before.keys():
        return new

    def extend(taint: dict) -> dict:
        return {k: (t if k in before else trail_extend(t, step)) for k, t in taint.items()}

    return map_taint(new, extend)


def _names_read(expr, reads: dict) -> tuple:
    """User names an expression reads (variables, attributes, callees), through temporaries."""
    out: list[str] = []
    for name in ("source", "obj", "func", "left", "right", "operand", "iterable", "value"):
        op = getattr(expr, name, None)
        if type(op) is ir.Var:
            out.extend(
                reads.get(op.name, ()) if op.name.startswith("$") else (op.name.split("$")[0],)
            )
    for name in ("args",):
        for arg in getattr(expr, name, ()) or ():
            op = arg.value
            if type(op) is ir.Var:
                out.extend(
                    reads.get(op.name, ()) if op.name.startswith("$") else (op.name.split("$")[0],)
                )
    if type(expr) is ir.Build:
        # `x, y, z = df["q_X"].tolist(), df["q_Y"].tolist(), ...`: each part's reads
        for op in expr.items:
            if type(op) is ir.Var:
                out.extend(
                    reads.get(op.name, ()) if op.name.startswith("$") else (op.name.split("$")[0],)
                )
    if type(expr) is ir.GetItem:
        # a column read by its literal name (`df["orientation_Y"]`) reads that name
        out.extend(p.value for p in expr.index if type(p) is ir.Const and type(p.value) is str)
    if type(expr) in (ir.GetAttr, ir.MethodCall):
        out.append(expr.name)
    if type(expr) is ir.Call and expr.callee:
        out.append(expr.callee.rsplit(".", 1)[-1])
    return tuple(dict.fromkeys(out))[:16]


def _unpack(value: Val, expr: ir.Unpack) -> Val:
    if value.meta == ml_api.BY_POSITION and (
        expr.star >= 0 or value.items is None or expr.count != len(value.items)
    ):
        # an opaque call's guessed positions hold only when the names match its arguments
        return Val(value.all_taint())
    if expr.star < 0 or expr.index < expr.star:
        return item_at(value, expr.index)
    if expr.index == expr.star:
        return Val(kind="list", elem=element_of(value))
    return item_at(value, expr.index - expr.count)


def _const_strings(values: list[Val]):
    """The column names a literal list spells: `["a", "b"]`, or None."""
    out: list[str] = []
    for value in values:
        if isinstance(value.const, str):
            out.append(value.const)
        elif isinstance(value.const, tuple):
            out.extend(value.const)
        else:
            return None
    return tuple(out)


def _describe_attr(obj, name: str) -> str:
    if isinstance(obj, ir.Var) and not obj.name.startswith("$"):
        return f"{obj.name}.{name}"
    return name


__all__ = ["FunctionEvaluator", "Terminated", "flat", "join_env"]
