"""The inter-procedural fixpoint: contexts, shared cells, the worklist, and flows found.

Each function is evaluated in *contexts*: the abstract values of its arguments at a call (up to
`MAX_CONTEXTS` per function, then one merged context), or, for a function nothing in the linted
files calls (an entry point: a script's body, a library function, a framework callback), once with
unknown parameters. Shared state lives in *cells* — module globals, class and instance attributes,
closure variables, context results — and every context records the cells it read; when a cell
grows, its readers are evaluated again. Values only grow, so the loop ends; call-graph cycles
(recursion, mutual recursion across modules) simply re-evaluate until their results stop growing.

Bounds: `MAX_CALL_DEPTH` nested evaluations (deeper calls are queued, not recursed into), and
`MODULE_BUDGET` statements evaluated per module; a module that exhausts its budget keeps the
flows found so far and is reported as too complex to analyse.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

from . import ir
from .evaluate import FunctionEvaluator, Terminated
from .frames import SELECTED, TABLE, selection
from .link import BUILTIN_NAMES, Program
from .policy import CallObservation, Flow, Policy, PolicyResult, Source
from .values import (
    UNKNOWN,
    Instance,
    Step,
    Val,
    extend_trails,
    join,
    map_taint,
    trail_extend,
    trail_start,
    trail_steps,
)

MAX_CONTEXTS = 8
MAX_CALL_DEPTH = 24
MAX_ROUNDS = 3  # re-evaluations of a context in a row while it is the one running
MODULE_BUDGET = 400_000  # statements evaluated per module, over all its contexts
MAX_WORK = 4_000  # context evaluations from the worklist, per solve, per module analysed
WIDEN_AFTER = 4  # changes of one cell before its structure is folded into its keys
_OUTPUT_STEPS = frozenset({"metadata", "aggregate", "metric", "model-output"})


class Context:
    __slots__ = (
        "dirty",
        "entry",
        "evaluations",
        "function",
        "key",
        "module",
        "outs",
        "params",
        "result",
        "running",
    )

    def __init__(self, key, module, function, params, entry):
        self.key = key
        self.module: ir.ModuleIR = module
        self.function: ir.FunctionIR = function
        self.params: dict[str, Val] = params
        self.entry = entry
        self.result: Val | None = None
        self.outs: dict[str, Val] = {}
        self.running = False
        self.dirty = False
        self.evaluations = 0


def _any_key(key) -> bool:
    return True


class Engine:
    def __init__(self, program: Program, policies: Iterable[Policy]):
        self.program = program
        self.policies: list[Policy] = list(policies)
        self.cells: dict[tuple, Val] = {}
        self.readers: dict[tuple, set] = {}
        self.contexts: dict[tuple, Context] = {}
        self.by_function: dict[tuple, list[Context]] = {}
        self.stack: list[Context] = []
        self.worklist: deque = deque()
        self.flows: dict[tuple, Flow] = {}
        self.table_sinks: dict[tuple, tuple] = {}
        self.table_columns: dict[str, set[str]] = {}
        # columns read from several tables together: in one of them, which is not known
        self.shared_columns: dict[frozenset, set[str]] = {}
        self.observations: dict[str, list[CallObservation]] = {}
        self.work: dict[str, int] = {}
        self.exhausted: set[str] = set()
        self.growth: dict[tuple, int] = {}
        self.implicit_owners = frozenset(p.code for p in self.policies if p.implicit_flows)
        # a policy may let only some of its keys flow through conditions
        self.implicit_filters = {
            p.code: p.implicit_key for p in self.policies if p.implicit_flows and p.implicit_key
        }
        self.implicit_data_owners = frozenset(
            p.code for p in self.policies if p.implicit_flows and p.implicit_data
        )
        self.selection_owners = frozenset(
            p.code for p in self.policies if getattr(p, "selection_is_flow", False)
        )
        kills: dict[str, set[str]] = {}
        for policy in self.policies:
            for step in policy.kills_steps:
                kills.setdefault(step, set()).add(policy.code)
        self.kills = {step: frozenset(codes) for step, codes in kills.items()}
        self.observers = [p for p in self.policies if p.observe_calls]
        self.observed_names = frozenset().union(*(p.observe_calls for p in self.observers))
        self.item_hooks = [p for p in self.policies if type(p).on_item is not Policy.on_item]
        self.op_hooks = [p for p in self.policies if type(p).on_op is not Policy.on_op]
        self.by_code = {p.code: p for p in self.policies}

    # ----- the run -----------------------------------------------------------------------------------
    def run(self) -> None:
        """Evaluate every module body, then every function nothing evaluated yet."""
        for module in self._module_order():
            self.enter(module, module.functions[0])
            self.drain()
        # Functions nothing called yet: entry points. Those no code names as a callee first (so
        # a helper is first evaluated in the context its callers give it, not on its own).
        called = self.program.callee_names
        for _ in range(16):
            pending = [
                (module, function)
                for module in self.program.modules.values()
                for function in module.functions
                if function.kind not in (ir.FunctionKind.MODULE, ir.FunctionKind.CLASS_BODY)
                and not self.by_function.get((module.module_name, function.qualname))
            ]
            if not pending:
                break
            roots = [(m, f) for m, f in pending if f.name not in called] or pending
            for module, function in roots:
                if not self.by_function.get((module.module_name, function.qualname)):
                    self.enter(module, function)
                    self.drain()

    def _module_order(self) -> list[ir.ModuleIR]:
        """Modules after the ones they import (a cycle is broken by name order)."""
        modules = self.program.modules
        order: list[ir.ModuleIR] = []
        state: dict[str, int] = {}
        for name in sorted(modules):
            stack = [(name, iter(self._imports_of(modules[name])))]
            if state.get(name):
                continue
            state[name] = 1
            while stack:
                current, children = stack[-1]
                child = next(children, None)
                if child is None:
                    stack.pop()
                    state[current] = 2
                    order.append(modules[current])
                    continue
                if state.get(child):
                    continue
                state[child] = 1
                stack.append((child, iter(self._imports_of(modules[child]))))
        return order

    def _imports_of(self, module: ir.ModuleIR) -> list[str]:
        out = []
        for item in module.imports:
            target = self.program.find_module(module, item.module, item.level)
            if target is not None and target.module_name != module.module_name:
                out.append(target.module_name)
            if target is not None and item.name and item.name != "*":
                sub = self.program.modules.get(f"{target.module_name}.{item.name}")
                if sub is not None:
                    out.append(sub.module_name)
        return sorted(set(out))

    def enter(self, module: ir.ModuleIR, function: ir.FunctionIR) -> None:
        """Evaluate a function as an entry point: parameters unknown, `self` of its class."""
        params: dict[str, Val] = {}
        if (
            function.params
            and function.class_qualname
            and function.kind
            in (
                ir.FunctionKind.METHOD,
                ir.FunctionKind.CLASSMETHOD,
            )
        ):
            first = function.params[0].name
            prefix = "obj" if function.kind is ir.FunctionKind.METHOD else "cls"
            role = self.program.class_role(module.module_name, function.class_qualname)
            params[first] = Val(
                kind=f"{prefix}:{module.module_name}:{function.class_qualname}",
                meta=Instance(role, None),
            )
        key = (module.module_name, function.qualname, "entry")
        context = self.contexts.get(key)
        if context is None:
            context = Context(key, module, function, params, True)
            self.contexts[key] = context
            self.by_function.setdefault((module.module_name, function.qualname), []).append(context)
        self.evaluate(context)

    def drain(self) -> None:
        budget = MAX_WORK * max(1, len(self.program.modules))
        while self.worklist and budget > 0:
            context = self.worklist.popleft()
            if context.dirty and not context.running:
                budget -= 1
                self.evaluate(context)

    def evaluate(self, context: Context) -> None:
        module_name = context.module.module_name
        if module_name in self.exhausted:
            context.dirty = False
            if context.result is None:
                context.result = UNKNOWN
            return
        context.running = True
        self.stack.append(context)
        try:
            for _ in range(MAX_ROUNDS):
                context.dirty = False
                context.evaluations += 1
                evaluator = FunctionEvaluator(self, context)
                try:
                    end = evaluator.run(context.params)
                except Terminated:
                    self.exhausted.add(module_name)
                    break
                if end is not None:
                    self.note_param_outs(context, end)
                result = evaluator.returns
                if context.function.is_generator:
                    result = Val(kind="list", elem=evaluator.yields)
                elif end is not None:
                    result = (
                        join(result, Val(kind="none")) if result is not None else Val(kind="none")
                    )
                self._set_result(context, result if result is not None else Val(kind="none"))
                if not context.dirty:
                    break
        finally:
            self.stack.pop()
            context.running = False
        if context.dirty:
            self.worklist.append(context)

    def _set_result(self, context: Context, result: Val) -> None:
        old = context.result
        new = result if old is None else join(old, result)
        if old is None or new.signature() != old.signature():
            if context.evaluations > WIDEN_AFTER:
                new = widen(new)
                if old is not None and new.signature() == old.signature():
                    return
            context.result = new
            self._changed(("ctx", context.key), context)

    def tick(self, context: Context) -> None:
        name = context.module.module_name
        count = self.work.get(name, 0) + 1
        self.work[name] = count
        if count > MODULE_BUDGET:
            raise Terminated(name)

    # ----- cells ------------------------------------------------------------------------------------------
    def read_cell(self, cell: tuple) -> Val | None:
        if self.stack:
            self.readers.setdefault(cell, set()).add(self.stack[-1].key)
        return self.cells.get(cell)

    def write_cell(self, cell: tuple, value: Val) -> None:
        old = self.cells.get(cell)
        new = value if old is None else join(old, value)
        if old is None or new.signature() != old.signature():
            changes = self.growth.get(cell, 0) + 1
            self.growth[cell] = changes
            if changes > WIDEN_AFTER:
                # a cell that keeps growing (a list of lists of itself, `self.x = [self.x]`):
                # widen it to its keys, so that the fixpoint is reached
                new = widen(new)
                if old is not None and new.signature() == old.signature():
                    return
            self.cells[cell] = new
            self._changed(cell, self.stack[-1] if self.stack else None)

    def _changed(self, cell: tuple, writer: Context | None) -> None:
        for key in self.readers.get(cell, ()):
            context = self.contexts.get(key)
            if context is None or (context is writer and not context.running):
                continue
            if not context.dirty:
                context.dirty = True
                if not context.running:
                    self.worklist.append(context)

    def write_global(self, module: ir.ModuleIR, name: str, value: Val) -> None:
        self.write_cell(("g", module.module_name, name), value)

    def read_global(self, module: ir.ModuleIR, name: str) -> Val:
        value = self.read_cell(("g", module.module_name, name))
        if value is not None:
            return value
        static = self.program.top_level.get(module.module_name, {}).get(name)
        if static is not None:
            return static
        for star in self.program.star_modules(module):
            value = self.read_cell(("g", star.module_name, name))
            if value is not None:
                return value
        if name in BUILTIN_NAMES:
            return Val(kind=f"lib:builtins.{name}")
        return UNKNOWN

    def module_attribute(self, module: ir.ModuleIR, name: str) -> Val:
        sub = self.program.modules.get(f"{module.module_name}.{name}")
        if sub is not None:
            return Val(kind=f"mod:{sub.module_name}")
        return self.read_global(module, name)

    def import_value(self, module: ir.ModuleIR, value: ir.Import) -> Val:
        out = self.program.import_value(module, value)
        if out.kind.startswith("global:"):
            _, module_name, name = out.kind.split(":", 2)
            return self.read_global(self.program.modules[module_name], name)
        return out

    def write_free(self, module: ir.ModuleIR, qualname: str, name: str, value: Val) -> None:
        self.write_cell(("f", module.module_name, qualname, name), value)

    def write_free_outer(
        self, module: ir.ModuleIR, function: ir.FunctionIR, name: str, value: Val
    ) -> None:
        owner = self.program.binder_of(module.module_name, function, name)
        if owner is not None:
            self.write_free(module, owner, name, value)

    def read_free(self, module: ir.ModuleIR, function: ir.FunctionIR, name: str) -> Val:
        owner = self.program.binder_of(module.module_name, function, name)
        if owner is None:
            return self.read_global(module, name)
        value = self.read_cell(("f", module.module_name, owner, name))
        return value if value is not None else UNKNOWN

    @staticmethod
    def _class_key(kind: str) -> str:
        if kind.startswith(("cls:", "super:")):
            return "obj:" + kind.split(":", 1)[1]
        return kind

    @staticmethod
    def _site(obj: Val) -> str | None:
        meta = obj.meta
        if isinstance(meta, Instance):
            return meta.site
        if isinstance(meta, Val):  # `super()` carries the instance
            return Engine._site(meta)
        return None

    def write_field(self, obj: Val, name: str, value: Val) -> None:
        """`obj.name = value`: in the cell of the object's allocation site and in the class's
        cell of every instance (what a `self` of unknown origin may see)."""
        key = self._class_key(obj.kind)
        site = self._site(obj)
        if site is not None:
            self.write_cell(("a", key, name, site), value)
        self.write_cell(("a", key, name, "*"), value)

    def write_class_attr(self, module: ir.ModuleIR, class_qual: str, name: str, value: Val) -> None:
        self.write_cell(("a", f"obj:{module.module_name}:{class_qual}", name, "class"), value)

    def read_field(self, obj: Val, name: str) -> Val | None:
        key = self._class_key(obj.kind)
        _, module_name, qual = key.split(":", 2)
        site = self._site(obj) if not obj.kind.startswith("cls:") else None
        order, _ = self.program.mro(module_name, qual)
        out = None
        for module_key in order or [(module_name, qual)]:
            class_key = f"obj:{module_key[0]}:{module_key[1]}"
            instance_cell = "class" if obj.kind.startswith("cls:") else (site or "*")
            for cell in (("a", class_key, name, instance_cell), ("a", class_key, name, "class")):
                value = self.read_cell(cell)
                if value is not None:
                    out = value if out is None else join(out, value)
        return out

    def define_class(self, module: ir.ModuleIR, qualname: str) -> None:
        cls = self.program.classes.get((module.module_name, qualname))
        if cls is None:
            return
        body = self.program.functions.get((module.module_name, cls.body))
        if body is None:
            return
        key = (module.module_name, body.qualname, "body")
        if key in self.contexts:
            return
        context = Context(key, module, body, {}, False)
        self.contexts[key] = context
        self.by_function.setdefault((module.module_name, body.qualname), []).append(context)
        if len(self.stack) < MAX_CALL_DEPTH:
            self.evaluate(context)
        else:
            context.dirty = True
            self.worklist.append(context)

    def program_attribute(self, ev: FunctionEvaluator, obj: Val, name: str, span) -> Val:
        kind = obj.kind
        if kind.startswith("mod:"):
            module = self.program.modules.get(kind[4:])
            return self.module_attribute(module, name) if module is not None else UNKNOWN
        _, module_name, qual = kind.split(":", 2)
        found = self.program.find_method(module_name, qual, name)
        if found is not None:
            module, function = found
            if kind.startswith("obj:") and function.kind is not ir.FunctionKind.STATICMETHOD:
                return Val(kind=f"bound:{module.module_name}:{function.qualname}", meta=obj)
            return Val(kind=f"fn:{module.module_name}:{function.qualname}")
        value = self.read_field(obj, name)
        added = ev.read_event("attr", name, obj, span)
        if value is None:
            value = Val(obj.taint) if obj.taint else UNKNOWN
        if added:
            from .values import with_taint

            value = with_taint(value, added)
        return value

    # ----- calls -------------------------------------------------------------------------------------
    def call(
        self, module: ir.ModuleIR, function: ir.FunctionIR, params: dict, ev
    ) -> tuple[Val, dict]:
        """The result of `function` called with `params`, and the final values of its parameters."""
        if module.module_name in self.exhausted:
            return _flat_args(params), {}
        base = (module.module_name, function.qualname)
        signature = tuple(sorted((name, value.signature()) for name, value in params.items()))
        # the modules of the call chain are part of the context: a rule may read their facts
        callers = frozenset(c.module.path for c in self.stack if c.module.path != module.path)
        key = (*base, signature, callers)
        context = self.contexts.get(key)
        if context is None:
            existing = self.by_function.setdefault(base, [])
            if sum(1 for c in existing if not c.entry) >= MAX_CONTEXTS:
                key = (*base, "merged")
                context = self.contexts.get(key)
                if context is None:
                    context = Context(key, module, function, dict(params), False)
                    self.contexts[key] = context
                    existing.append(context)
                else:
                    merged = {n: join(context.params.get(n), v) for n, v in params.items()}
                    if any(
                        merged[n].signature() != (context.params.get(n) or UNKNOWN).signature()
                        for n in merged
                    ):
                        context.params = merged
                        context.dirty = True
            else:
                context = Context(key, module, function, params, False)
                self.contexts[key] = context
                existing.append(context)
        if self.stack:
            self.readers.setdefault(("ctx", context.key), set()).add(self.stack[-1].key)
        if context.running:
            # recursion: what the call returns so far (nothing yet on the first pass); the
            # caller is registered as a reader and runs again when the result grows
            result = context.result
            return (result if result is not None else UNKNOWN), dict(context.outs)
        if context.result is None or context.dirty:
            if len(self.stack) >= MAX_CALL_DEPTH:
                context.dirty = True
                self.worklist.append(context)
                return (context.result or UNKNOWN), dict(context.outs)
            self.evaluate(context)
        result = context.result if context.result is not None else UNKNOWN
        return result, dict(context.outs)

    def note_param_outs(self, context: Context, env: dict) -> None:
        rebound = self.program.rebound.get(
            (context.module.module_name, context.function.qualname), ()
        )
        for param in context.function.params:
            name = param.name
            if name in rebound or name not in env or name not in context.params:
                continue
            value = env[name]
            if value is context.params[name]:
                continue
            old = context.outs.get(name)
            context.outs[name] = value if old is None else join(old, value)

    def call_value(self, ev: FunctionEvaluator, function: Val, args: list[Val], span) -> Val:
        """Call a function value (a callback given to `map`, `apply`) with positional `args`."""
        from .arguments import Arguments
        from .calls import call_function

        callee = self.program.resolve_call(ev, function, "")
        if callee.kind == "function" and callee.function is not None:
            arguments = Arguments(positional=list(args), operands=[None] * len(args))
            return call_function(ev, callee, arguments, span, {})
        out = UNKNOWN
        for value in args:
            out = join(out, Val(value.all_taint()))
        return out

    def dataset_item(self, ev: FunctionEvaluator, dataset: Val, span) -> Val:
        """What one batch of a DataLoader over `dataset` holds."""
        if dataset.kind.startswith("obj:"):
            _, module_name, qual = dataset.kind.split(":", 2)
            found = self.program.find_method(module_name, qual, "__getitem__")
            if found is not None:
                from .arguments import Arguments, Callee
                from .calls import call_function

                module, function = found
                callee = Callee(
                    "function", "__getitem__", module=module, function=function, receiver=dataset
                )
                return call_function(
                    ev, callee, Arguments(positional=[Val(kind="num")], operands=[None]), span, {}
                )
        from .values import element_of

        return element_of(dataset)

    # ----- taint steps ----------------------------------------------------------------------------------
    def apply_step(self, value: Val, kind: str) -> Val:
        owners = self.kills.get(kind, frozenset())
        drop_tables = kind in _OUTPUT_STEPS
        if not owners and not drop_tables:
            return value

        def keep(taint):
            return {
                k: t
                for k, t in taint.items()
                if not (
                    k[0] in owners
                    or (drop_tables and k[0] == TABLE)
                    or (k[0] == SELECTED and _owner(k) in owners)
                )
            }

        return map_taint(value, keep)

    def drop_keys(self, value: Val, owners: frozenset) -> Val:
        return map_taint(
            value,
            lambda taint: {
                k: t for k, t in taint.items() if k[0] not in owners and _owner(k) not in owners
            },
        )

    def implicit_taint(self, test: Val, step: Step, selecting: bool = False) -> dict:
        if not self.implicit_owners:
            return {}
        # a selection's keys stay out: branching on the content of rows that a condition chose
        # (`if row.hour > 4` over rows kept by `df[df.target > -10]`) is not a branch on it
        taint = test.all_taint()
        taint = {
            k: t
            for k, t in taint.items()
            if k[0] in self.implicit_owners and self.implicit_filters.get(k[0], _any_key)(k)
        }
        if not taint:
            return {}
        if selecting:
            return selection(taint, step, self)
        return extend_trails(taint, step)

    def selection_is_flow(self, owner: str) -> bool:
        return owner in self.selection_owners

    def new_table(self, ev: FunctionEvaluator, span, description: str) -> Val:
        table_id = f"{ev.path}:{span.line}:{span.column}"
        step = ev.step(description, span)
        return Val({(TABLE, table_id, frozenset()): trail_start(step)}, kind="frame")

    def table_column(self, table_id: str, name: str) -> None:
        self.table_columns.setdefault(table_id, set()).add(name)

    def table_column_shared(self, table_ids: frozenset, name: str) -> None:
        self.shared_columns.setdefault(table_ids, set()).add(name)

    def apply_item_hooks(self, ev, event, value: Val, span) -> Val:
        from .arguments import Arguments
        from .calls import _apply_shape, _rewrites

        for policy in self.item_hooks:
            shape = policy.on_item(event)
            if shape is not None:
                if not _rewrites(shape):
                    value = self.drop_keys(value, frozenset({policy.code}))
                value = _apply_shape(
                    ev,
                    policy,
                    shape,
                    value,
                    event.obj,
                    Arguments(positional=list(event.index)),
                    span,
                )
        return value

    def apply_op_hooks(self, ev, event, value: Val, span) -> Val:
        from .arguments import Arguments
        from .calls import _apply_shape

        for policy in self.op_hooks:
            shape = policy.on_op(event)
            if shape is not None:
                value = _apply_shape(
                    ev, policy, shape, value, None, Arguments(positional=list(event.operands)), span
                )
        return value

    # ----- flows ----------------------------------------------------------------------------------------
    def sink(self, ev: FunctionEvaluator, policy: Policy, sink, value: Val, span) -> None:
        part = value
        for step in sink.part:
            if step[0] == "elem":
                part = part.elem if part.elem is not None else part
            elif (
                step[0] == "item"
                and part.items is not None
                and -len(part.items) <= step[1] < len(part.items)
            ):
                part = part.items[step[1]]
            elif step[0] == "field" and part.fields and step[1] in part.fields:
                part = part.fields[step[1]]
            else:
                break
        sink_step = ev.step(sink.description, span)
        # a table key counts where it stands for the value's own unknown columns (its outer
        # keys), not where it was carried into one column or a scalar
        outer_tables = {k for k in part.taint if k[0] == TABLE}
        for key, trail in part.all_taint().items():
            if key[0] == TABLE and key not in outer_tables:
                continue
            if key[0] == policy.code and (sink.accept is None or sink.accept(key)):
                flow_key = (policy.code, key, ev.path, span.line, span.column, sink.description)
                if flow_key not in self.flows:
                    steps = trail_steps(trail_extend(trail, sink_step))
                    self.flows[flow_key] = Flow(
                        policy.code, key, sink, ev.path, span, steps, ev.function.qualname
                    )
            elif key[0] == TABLE and sink.tables:
                table_key = (policy.code, key, ev.path, span.line, span.column, sink.description)
                if table_key not in self.table_sinks:
                    self.table_sinks[table_key] = (
                        policy,
                        key,
                        trail,
                        sink,
                        ev.path,
                        span,
                        sink_step,
                        ev.function.qualname,
                        {k[1]: k[2] for k in outer_tables},
                    )

    def observe(self, event, ev, receiver, args) -> None:
        for policy in self.observers:
            if event.name in policy.observe_calls:
                order = (ev.path, event.site.span.line, event.site.span.column)
                self.observations.setdefault(policy.code, []).append(CallObservation(event, order))

    def collect(self, results: dict[str, PolicyResult]) -> None:
        """Add this run's flows, observations and exhausted modules to `results`."""
        for flow in self.flows.values():
            results[flow.code].flows.append(flow)
        for (code, key, *_rest), entry in self.table_sinks.items():
            policy, key, trail, sink, path, span, sink_step, function, held = entry
            columns = frozenset(
                {
                    *self.table_columns.get(key[1], ()),
                    *(
                        name
                        for tables, names in self.shared_columns.items()
                        if key[1] in tables and tables <= held.keys()
                        for name in names
                        # the value holds every table the column may be in, none without it
                        if not any(name in held[table] for table in tables)
                    ),
                }
            )
            source = policy.resolve_table(key, columns, sink_path=path)
            if source is None or (sink.accept is not None and not sink.accept(source.key)):
                continue
            steps = trail_steps(trail_extend(trail, sink_step))
            first = steps[0]
            origin = Step(
                source.description,
                first.path,
                first.line,
                first.column,
                first.end_line,
                first.end_column,
            )
            flow_key = (code, source.key, path, span.line, span.column, sink.description)
            if flow_key in self.flows:
                continue
            flow = Flow(code, source.key, sink, path, span, (origin, *steps[1:]), function)
            self.flows[flow_key] = flow
            results[code].flows.append(flow)
        for code, observations in self.observations.items():
            results[code].observations.extend(observations)
        too_complex = sorted(
            self.program.modules[name].path
            for name in self.exhausted
            if name in self.program.modules
        )
        for result in results.values():
            result.too_complex = sorted({*result.too_complex, *too_complex})


def widen(value: Val) -> Val:
    """`value` with its parts folded into its keys; what it is (its kind) is kept."""
    if value.items is None and value.elem is None and not value.fields:
        return value
    return Val(
        value.all_taint(),
        kind=value.kind,
        meta=value.meta if not isinstance(value.meta, Val) else None,
    )


def _owner(key: tuple) -> str:
    while key and key[0] == SELECTED:
        key = key[1]
    return key[0] if key else ""


def _flat_args(params: Mapping[str, Val]) -> Val:
    out = UNKNOWN
    for value in params.values():
        taint = value.all_taint()
        if taint:
            out = join(out, Val(taint))
    return out


def solve(modules, policies: Iterable[Policy]) -> dict[str, PolicyResult]:
    """Link `modules` (ModuleIR values) and answer every policy: its flows and observations.

    Every policy prepares once on the whole program and finishes once with the whole result;
    the evaluation runs per group of modules that import one another (`Program.components`),
    so a file's flows never depend on unrelated files solved in the same call.
    """
    program = modules if isinstance(modules, Program) else Program(modules)
    policies = list(policies)
    for policy in policies:
        policy.prepare(program)
    results = {p.code: PolicyResult(program=program) for p in policies}
    components = program.components()
    for component in components:
        part = program if len(components) == 1 else Program(component)
        engine = Engine(part, policies)
        engine.run()
        engine.collect(results)
    for policy in policies:
        policy.finish(results[policy.code])
    return results


__all__ = ["Engine", "Source", "solve"]
