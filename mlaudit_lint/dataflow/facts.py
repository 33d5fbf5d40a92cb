"""What the per-file pass hands to the cross-module pass: a small, picklable IR of each module.

The engine caches `ModuleFacts` on disk and builds them in worker processes, so everything here is
plain data (tuples, strings, ints, frozensets, slotted dataclasses) with no libcst nodes.

Expressions are tuples whose first item is a tag (``None`` stands for a constant):

    ("n", name)                                   variable read
    ("a", base, attr)                             attribute read
    ("s", base, str_keys, int_key, index, mask)   subscript read (str_keys: column names)
    ("c", callee, last, recv, args, stars, kwargs, drop_cols)   call
    ("o", parts)                                  operator over operands
    ("t", items) / ("l", items)                   tuple / list-or-set literal
    ("d", ((key_or_None, value), ...))            dict literal
    ("if", test, body, orelse)                    conditional expression
    ("lam", params, body)                         lambda
    ("gb", frame, keys, key_names, cols, method, args)   pandas groupby chain
    ("it", iterable)                              one element of an iterable (for-loop target)
    ("sel", value, conds)                         a comprehension whose `if` clauses select elements
    ("in", element, container)                    a membership test (`x in s`, `x not in s`)

A call's `last` is `"$lag"` for `.shift(k)` with `k >= 1` (or a variable): earlier rows only.
A binding's `nonlabel` is one flag, or a tuple of flags per element of a tuple target.

Statements are tuples too:

    ("b", target, value, ctrl, line, end, nonlabel)   binding (assignment, for, with, walrus)
    ("e", expr, ctrl, line, end)                       expression evaluated for its effects
    ("r", expr, ctrl, line, end, is_none)              return or yield

A target is ("v", name), ("a", base, attr), ("s", base, str_key, index, mask), ("u", targets),
("ca", class_qualname, attr) for class-body assignments, or None. `ctrl` is the tuple of branch
conditions the statement runs under (for implicit flows).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class FunctionIR:
    qualname: str
    name: str
    line: int
    params: tuple[str, ...] = ()
    vararg: int | None = None
    kwarg: int | None = None
    is_method: bool = False
    class_qualname: str | None = None
    parent: str | None = None
    stmts: list = field(default_factory=list)
    local_names: frozenset = frozenset()
    global_names: frozenset = frozenset()
    const_names: frozenset = frozenset()
    def_counts: dict = field(default_factory=dict)
    label_uses: list = field(default_factory=list)
    nested: dict = field(default_factory=dict)  # local def name -> qualname
    calls: list = field(default_factory=list)  # (dotted, last, has_receiver) of every call
    vocab: set = field(default_factory=set)  # names, attributes and string keys it mentions


@dataclass(slots=True)
class ClassIR:
    qualname: str
    name: str
    bases: tuple[str, ...]
    methods: dict  # method name -> function qualname


@dataclass(slots=True)
class ModuleFacts:
    """One file's summary: its functions' IR, imports and the suppression comments."""

    path: str
    module_name: str
    is_package: bool
    functions: dict  # qualname -> FunctionIR ("<module>" is the module body)
    classes: dict  # qualname -> ClassIR
    imports: dict  # alias -> (module, attribute or None, level)
    top_defs: dict  # top-level name -> function or class qualname
    suppressions: tuple  # (line, codes or None, own_line)
    statement_spans: dict = field(
        default_factory=dict
    )  # start line -> end line of multi-line statements
    statement_columns: dict = field(
        default_factory=dict
    )  # start line -> 1-based column of indented statements
    str_consts: dict = field(default_factory=dict)  # module-level NAME -> column names it holds
