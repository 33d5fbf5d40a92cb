"""What a rule hands the engine: a policy. The engine answers with flows.

A policy says which values are *sources* (its own keys attached to a value), which uses are
*sinks*, which calls *kill* (sanitise) its keys, and which extra flow steps or library models it
adds; the engine evaluates every module once, for all selected policies together, and answers
"which of your keys reach your sinks, and by which path" (`Flow`). Keys are tuples whose first
item is the policy's code; the engine never reads the rest, and a policy only ever sees, kills or
rewrites its own keys. A policy's decisions must read only its own keys and the engine's (`$...`,
e.g. `$table`, `$random`): with several rules selected every value also carries the others' keys,
and one rule's keys must never change what another rule finds. A policy may also read the IR
directly (`Program`) for structural checks.

Hooks receive small event objects. Values are `values.Val` (read-only): `val.taint` maps keys to
trails, `val.kind` says what the value is ("frame", "series", "lib:sklearn.svm.SVC", ...),
`val.const` a literal it equals, `val.items`/`val.elem`/`val.fields` its parts. `own(val, code)`
gives a policy's keys anywhere inside a value.

Events, in the order evaluation meets them (all carry `site`: module, function, span):
* `on_bind(BindEvent)`   a user-named variable or parameter is bound -> `Source` or None
* `on_read(ReadEvent)`   an attribute, a column or a constant key is read -> `Source` or None
* `on_call(CallEvent)`   any call -> `CallEffect` or None (sources, sinks, kills, custom result)
* `on_item(ItemEvent)`   a subscript that is not a column read -> `Shape` or None
* `on_op(OpEvent)`       an operator (comparison, arithmetic, boolean) -> `Shape` or None
* `on_return(ReturnEvent)` a function returns -> sinks on the returned value
After the fixpoint: `resolve_table(...)` for the engine's `$table` keys at a sink (a frame may
still hold a column of the table it was read from), then `finish(PolicyResult)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import ir
from .values import Step, Val

if TYPE_CHECKING:
    from .protocols import Program

Key = tuple  # (policy code, *payload)


def own(val: Val | None, code: str) -> dict:
    """The keys of policy `code` anywhere inside `val` (whole value), with their trails."""
    if val is None:
        return {}
    return {key: trail for key, trail in val.all_taint().items() if key[0] == code}


def own_outer(val: Val | None, code: str) -> dict:
    """The keys of policy `code` on the value itself (not inside its items, fields or elements)."""
    if val is None:
        return {}
    return {key: trail for key, trail in val.taint.items() if key[0] == code}


# ----- what hooks return ------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A value becomes a source of `key`; `description` is the trace's first step."""

    key: Key
    description: str


@dataclass(frozen=True)
class Sink:
    """An input a sink consumes.

    `position`/`keyword` pick a call argument (either may match), `receiver` the receiver of a
    method call; for `on_return` neither is set and the returned value is meant. `part` selects
    inside the value, step by step: () the whole value, ("item", 0) a tuple position,
    ("field", "x") a field, ("elem",) what any element holds (a dataset's examples).
    """

    description: str
    position: int | None = None
    keyword: str | None = None
    receiver: bool = False
    part: tuple = ()
    # a stand-in for a model's input that the rule reports only when the key reaches no other
    # sink (the output of a custom transformer, which a pipeline out of view may consume)
    weak: bool = False
    # whether a frame that may still hold a column of its table counts (`resolve_table`)
    tables: bool = True
    # the `**kwargs` argument of the call (`model(**batch)`), with `part` inside it
    double_star: bool = False
    # which of the policy's keys this sink counts (None: all); e.g. only the model's own label
    accept: Callable[[Key], bool] | None = field(default=None, compare=False)


@dataclass
class Shape:
    """A policy's own keys for (part of) a value it computes itself.

    `keys` maps each new key to the key of an input it derives from (its trail is continued by
    the call step), to a `Source` (a fresh origin), or to None (no trail).
    """

    keys: Mapping[Key, Any] = field(default_factory=dict)
    items: tuple[Shape, ...] | None = None
    elem: Shape | None = None
    # Rewrite the policy's keys already in the engine's value at this position, everywhere
    # inside it (fields, items, elements): `rewrite(key)` returns the new key, or None to drop
    # it; the trail is continued by the call step. When set, the policy's keys are rewritten
    # in place instead of replaced, so a frame's columns keep theirs.
    rewrite: Any = None


@dataclass
class CallEffect:
    source: Source | None = None  # the call's result is a source
    sinks: tuple[Sink, ...] = ()  # inputs consumed by a sink at this call
    kill: bool = False  # the result carries none of this policy's keys (a sanitiser)
    result: Shape | None = None  # this policy's keys of the result, instead of the default
    receiver: Shape | None = None  # this policy's keys added to the receiver (state learned)
    # the receiver's old keys of this policy are dropped first (a refit forgets what it learned)
    receiver_replace: bool = False


# ----- events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    module: ir.ModuleIR
    function: ir.FunctionIR
    span: ir.Span
    # True while a function is evaluated as an entry point (no caller in the linted files):
    # its parameters are unknown values then, rather than what a caller passed.
    entry: bool = False
    # paths of the modules whose functions called into this one (the evaluation's call chain):
    # a label a caller's module defines travels with the values it passes
    callers: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.module.path


@dataclass(frozen=True)
class BindEvent:
    site: Site
    name: str  # the user's name (`y`, `self` excluded)
    value: Val
    is_param: bool
    expr: Any = None  # the IR right-hand side (`ir.Expr`), None for parameters
    # user names the right-hand side reads, through temporaries: variables, attributes and
    # called functions (`for x, y in keypoints` reads "keypoints")
    reads: tuple[str, ...] = ()
    loop_target: bool = False  # bound by a `for` loop or a comprehension to each element


@dataclass(frozen=True)
class ReadEvent:
    site: Site
    kind: str  # "attr" (obj.name), "column" (frame["name"] / frame.name), "key" (obj["name"]),
    # "store" (a column written: frame["name"] = value; the value holds what is returned)
    name: str
    obj: Val


@dataclass(frozen=True)
class CallEvent:
    site: Site
    callee: str  # the dotted text as written (`np.column_stack`, `model.fit`), "" if none
    name: str  # the last name (`column_stack`, `fit`)
    qualified: str  # the library path through imports (`numpy.column_stack`), "" if unknown
    receiver: Val | None  # the receiver of a method call
    args: tuple[Val, ...]  # positional arguments (a `*args` argument is one element here)
    keywords: Mapping[str, Val]
    ir: Any  # the `ir.Call` or `ir.MethodCall`, to read constant arguments
    role: str  # ml_api's role of the receiver or callee: "estimator", "transformer", ...
    in_tree: str = ""  # "<module>:<qualname>" when the call resolves to a linted function
    func: Val | None = None  # the value called: a function, or an object (`model(x)`)
    receiver_column: str | None = None  # the column the receiver was read from (`df["c"].isin`)
    double_star: Val | None = None  # what a `**kwargs` argument holds (`model(**batch)`)

    @property
    def calls_object(self) -> bool:
        """The call calls an object (a model instance, a loss), not a function or a class."""
        kind = self.func.kind if self.func is not None else ""
        return kind.startswith(("obj:", "libobj:"))

    def arg(self, position: int | None, keyword: str | None = None) -> Val | None:
        if keyword is not None and keyword in self.keywords:
            return self.keywords[keyword]
        if position is not None and 0 <= position < len(self.args):
            return self.args[position]
        return None

    def const(self, position: int | None, keyword: str | None = None):
        """The literal passed at `position` or as `keyword`, or None."""
        value = self.arg(position, keyword)
        return None if value is None else value.const


@dataclass(frozen=True)
class ItemEvent:
    site: Site
    obj: Val
    index: tuple[Val, ...]  # the index values that are not slices (`X[:, cols]` gives cols)
    ir: Any  # the `ir.GetItem`
    bounds: tuple[Val, ...] = ()  # the computed bounds of its slices (`X[:, :k]` gives k)


@dataclass(frozen=True)
class OpEvent:
    """An operator: a comparison (`op` is the first of `ir.Compare.ops`), `BinOp`, `UnaryOp` or
    `BoolOp`. `columns[i]` names the column operand i was read from (`df["chrom"]`, `df.chrom`)."""

    site: Site
    op: str
    operands: tuple[Val, ...]
    columns: tuple[str | None, ...]
    ir: Any


@dataclass(frozen=True)
class ReturnEvent:
    site: Site
    value: Val
    # the user names returned: ("X",) for `return X`, ("X", "y") for `return X, y`
    names: tuple[str, ...] = ()


# ----- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    """A key of the policy reached a sink: `steps` runs from the source to the sink, in order."""

    code: str
    key: Key
    sink: Sink
    path: str  # the file of the sink
    span: ir.Span  # the sink's position (the consuming call or the returned expression)
    steps: tuple[Step, ...]
    function: str = ""  # qualname of the function holding the sink


@dataclass(frozen=True)
class CallObservation:
    """A call a policy asked to observe (`Policy.observe_calls`), with its final values."""

    event: CallEvent
    order: tuple  # (path, line, column): execution order within a module


@dataclass
class PolicyResult:
    flows: list[Flow] = field(default_factory=list)
    observations: list[CallObservation] = field(default_factory=list)
    program: Program | None = None
    too_complex: list[str] = field(default_factory=list)  # modules whose budget ran out


class Policy:
    """Base class: every hook answers "nothing" unless a rule overrides it."""

    code: str = ""
    # bindings under `if cond:` (and `a if cond else b`) also carry cond's keys
    implicit_flows: bool = False
    # with implicit_flows: only the keys this says yes to flow through a condition (None: all)
    implicit_key = None
    # with implicit_flows: computed values (not only literals) bound under a branch carry its
    # keys (`if score > best: best_model = m` — the choice rides on the condition)
    implicit_data: bool = False
    # engine step kinds that drop this policy's keys: "model-output" (what a fitted model
    # predicts from the data it learned), "metadata" (shapes, lengths, dtypes)
    kills_steps: frozenset[str] = frozenset({"metadata"})
    # call names (last names) whose every evaluation is recorded for `finish`
    observe_calls: frozenset[str] = frozenset()

    def prefilter(self, text: str) -> bool:
        """Whether a file's text may matter to this policy (a cheap, sound textual test)."""
        return True

    def prepare(self, program: Program) -> None:
        """Called once before evaluation: read the IR (e.g. infer what the label is)."""

    def on_bind(self, event: BindEvent) -> Source | None:
        return None

    def on_read(self, event: ReadEvent) -> Source | None:
        return None

    def on_call(self, event: CallEvent) -> CallEffect | None:
        return None

    def on_item(self, event: ItemEvent) -> Shape | None:
        return None

    def on_op(self, event: OpEvent) -> Shape | None:
        return None

    def on_return(self, event: ReturnEvent) -> tuple[Sink, ...]:
        return ()

    def resolve_table(
        self, table: tuple, columns: frozenset[str], sink_path: str = ""
    ) -> Source | None:
        """A `("$table", table_id, excluded)` key reached one of this policy's sinks (in the
        module at `sink_path`): the frame may hold any column of that table not in `excluded`;
        `columns` are the names the program is known to read from that table. Return a Source
        to report it."""
        return None

    def finish(self, result: PolicyResult) -> None:
        """Called once after the fixpoint with this policy's flows and observations."""
