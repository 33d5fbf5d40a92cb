"""The column-level model of data frames, and subscripts, attributes and operators in general.

A frame value (`kind == "frame"`) keeps its *known* columns as `fields` (read or written by name)
and, in its `taint`, what its *other* columns hold. A frame read from a file carries the engine
key `("$table", table_id, excluded)`: "any column of that table except `excluded`"; selecting,
dropping and deleting columns narrow it, and a rule decides after the fixpoint whether a column
the table is known to have (`Engine.table_columns`) is one it cares about. Positional column
selections (`iloc[:, 1:]`, `df.columns[:-1]`) make the content unknown: the table key is dropped,
so nothing is reported for what cannot be known.

`df.columns` is a column set (`ColumnSet`): comprehensions over it, `difference`, `drop`, set
subtraction and comparisons refine which names it excludes, so `[c for c in df.columns if c !=
"target"]` selects every column but the target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .values import (
    UNKNOWN,
    Step,
    Val,
    element_of,
    extend_trails,
    field_of,
    flat,
    is_literal,
    item_at,
    join,
    join_all,
    merge_taint,
    set_field,
    with_taint,
)

if TYPE_CHECKING:
    from .protocols import Evaluator as FunctionEvaluator

TABLE = "$table"
UNNAMED = "?"  # prefix of a column whose name is not known (a series joined without a name)
_SCALARS = frozenset({"num", "str", "bool", "none", "counter"})
SELECTED = "$sel"

FRAME_ATTRS = frozenset(
    {"values", "T", "loc", "iloc", "at", "iat", "array", "str", "dt", "cat", "plot", "style"}
)
METADATA_ATTRS = frozenset(
    {
        "shape",
        "dtype",
        "dtypes",
        "ndim",
        "size",
        "index",
        "name",
        "names",
        "nbytes",
        "device",
        "is_cuda",
        "requires_grad",
        "layout",
        "grad_fn",
        "classes_",
        "n_features_in_",
        "feature_names_in_",
        "empty",
        "axes",
        "itemsize",
        "strides",
        "is_unique",
        "hasnans",
        "nlevels",
    }
)
TRANSPARENT_ATTRS = frozenset({"values", "T", "array", "data", "str", "dt", "cat", "mT", "real"})


class SliceValue(NamedTuple):
    lower: Val | None
    upper: Val | None
    step: Val | None


class ColumnSet:
    """Names of a frame's columns: all but `excluded` (names, and `("contains", s)` patterns),
    exactly `only`, or an unknown subset chosen by position. (Which frame is not kept: a set of
    names selects from whatever frame it subscripts.)"""

    __slots__ = ("excluded", "only", "positional")

    def __init__(self, frame=None, excluded=frozenset(), positional=False, only=None):
        del frame
        self.excluded = frozenset(excluded)
        self.positional = positional
        self.only = only  # a tuple of names when the set is known exactly

    def signature(self):
        return ("colset", self.excluded, self.positional, self.only)

    def join(self, other: ColumnSet) -> ColumnSet:
        only = None
        if self.only is not None and other.only is not None:
            only = tuple(dict.fromkeys(self.only + other.only))
        return ColumnSet(
            None,
            self.excluded & other.excluded,
            self.positional or other.positional,
            only,
        )

    def but(self, **changes) -> ColumnSet:
        out = ColumnSet(None, self.excluded, self.positional, self.only)
        for name, value in changes.items():
            setattr(out, name, value)
        return out

    def excludes(self, name: str) -> bool:
        if name in self.excluded:
            return True
        return any(
            isinstance(item, tuple) and item[0] == "contains" and item[1] in name
            for item in self.excluded
        )


class GroupBy:
    __slots__ = ("columns", "frame", "keys")

    def __init__(self, frame: Val, keys: Val, columns: tuple | None = None):
        self.frame = frame
        self.keys = keys
        self.columns = columns

    def signature(self):
        return ("groupby", self.frame.signature(), self.keys.signature(), self.columns)

    def join(self, other: GroupBy) -> GroupBy:
        return GroupBy(join(self.frame, other.frame), join(self.keys, other.keys), self.columns)


# ----- taint helpers ----------------------------------------------------------------------------


def without_tables(taint: dict) -> dict:
    if not any(key[0] == TABLE for key in taint):
        return taint
    return {key: trail for key, trail in taint.items() if key[0] != TABLE}


def tables_excluding(taint: dict, names) -> dict:
    """Table keys narrowed: the columns `names` are no longer in the frame."""
    names = frozenset(names)
    if not names or not any(key[0] == TABLE for key in taint):
        return taint
    out = {}
    for key, trail in taint.items():
        if key[0] == TABLE:
            key = (TABLE, key[1], key[2] | names)
        out.setdefault(key, trail)
    return out


def selection(taint: dict, step: Step, engine) -> dict:
    """The keys of a mask or condition that chose elements: wrapped, invisible to policies that
    do not count a selection as a flow, until a membership test unwraps them."""
    out = {}
    for key, trail in taint.items():
        if key[0] == TABLE:
            continue
        if key[0] == SELECTED or engine.selection_is_flow(key[0]):
            out[key] = trail
        else:
            out[(SELECTED, key)] = trail
    return extend_trails(out, step) if out else out


def unselect(taint: dict) -> dict:
    if not any(key[0] == SELECTED for key in taint):
        return taint
    out: dict = {}
    for key, trail in taint.items():
        while key[0] == SELECTED:
            key = key[1]
        out.setdefault(key, trail)
    return out


def frame_of(value: Val) -> Val:
    return value if value.kind == "frame" else value.but(kind="frame")


# ----- columns ----------------------------------------------------------------------------------


def read_column(ev: FunctionEvaluator, frame: Val, name: str, span, kind="column") -> Val:
    """`df["name"]`, `df.name`, `row["name"]`: the known column, or one of the unknown ones."""
    known = field_of(frame, name)
    if known is None:  # read from the table's unknown columns: the table has that column
        tables = {key[1] for key in frame.taint if key[0] == TABLE and name not in key[2]}
        # from several files joined (`concat([train, test])`, `merge`) the column is in one of
        # them, which is not known: it counts only where a value holds all of them
        if len(tables) == 1:
            ev.engine.table_column(next(iter(tables)), name)
        elif tables:
            ev.engine.table_column_shared(frozenset(tables), name)
    added = ev.read_event(kind, name, frame, span)
    if known is not None:
        value = known
    else:
        value = Val(without_tables(frame.taint), kind="series" if frame.kind == "frame" else "")
        unnamed = _unnamed(frame)
        if unnamed:  # the column read by this name may be one whose name was not known
            value = join(value, join_all(unnamed.values()))
    if value.kind == "series" and value.meta is None:
        value = value.but(meta=name)
    return with_taint(value, added) if added else value


def select_columns(ev: FunctionEvaluator, frame: Val, names, span) -> Val:
    fields = {}
    for name in names:
        fields[name] = read_column(ev, frame, name, span)
    # the selection holds exactly these columns: nothing unknown is left
    return Val(
        {k: t for k, t in without_tables(frame.taint).items() if k[0] == SELECTED} or None,
        fields=fields,
        kind="frame",
    )


def select_by_set(ev: FunctionEvaluator, frame: Val, columns: ColumnSet, span) -> Val:
    if columns.only is not None:
        return select_columns(ev, frame, columns.only, span)
    if columns.positional:
        return positional_columns(frame)
    return drop_columns(ev, frame, columns.excluded, span, note=False)


def positional_columns(frame: Val) -> Val:
    """Columns chosen by position: which ones is unknown, so neither known columns nor the
    table's unknown columns are taken to be there (nothing is reported for them)."""
    return Val(
        {k: t for k, t in frame.taint.items() if k[0] == SELECTED}, kind=frame.kind or "frame"
    )


def _unnamed(frame: Val) -> dict:
    if not frame.fields:
        return {}
    return {n: v for n, v in frame.fields.items() if n.startswith(UNNAMED)}


def drop_columns(ev: FunctionEvaluator, frame: Val, names, span, note: bool = True) -> Val:
    names = frozenset(names)
    unnamed = _unnamed(frame)
    if unnamed and any(isinstance(n, str) and n not in frame.fields for n in names):
        # the code drops a name it never wrote: the column it joined without a name
        names = names | frozenset(unnamed)
    fields = None
    if frame.fields:
        kept = {}
        dropped_any = False
        for name, value in frame.fields.items():
            if name in names or ColumnSet(frame, names).excludes(name):
                dropped_any = True
                continue
            kept[name] = value
        if note and (dropped_any or any(isinstance(n, str) for n in names)):
            # a column that carries a key past the drop: name it in the trail
            step_names = ", ".join(sorted(str(n) for n in names if isinstance(n, str)))
            for name, value in list(kept.items()):
                if value.taint:
                    step = ev.step(f"column {name!r} kept when {step_names} dropped", span)
                    kept[name] = value.but(taint=extend_trails(value.taint, step))
        fields = kept or None
    taint = tables_excluding(frame.taint, names)
    return Val(taint, fields=fields, kind="frame", meta=frame.meta)


def columns_of(frame: Val) -> Val:
    """`df.columns`: a set of names, which carries no data of its own."""
    columns = ColumnSet(frame)
    if frame.fields and not any(key[0] == TABLE for key in frame.taint) and not frame.taint:
        columns = columns.but(only=tuple(frame.fields))
    return Val(kind="columns", meta=columns, elem=Val(kind="colname", meta=columns))


def names_of(value: Val):
    """Column names a value spells: a constant name or list of names, else None."""
    if isinstance(value.const, str):
        return (value.const,)
    if isinstance(value.const, tuple) and all(isinstance(c, str) for c in value.const):
        return value.const
    if value.kind == "columns" and isinstance(value.meta, ColumnSet) and value.meta.only:
        return value.meta.only
    return None


# ----- attributes -------------------------------------------------------------------------------


def attribute(ev: FunctionEvaluator, obj: Val, name: str, span) -> Val:
    kind = obj.kind
    engine = ev.engine
    if kind.startswith("lib:"):
        return Val(obj.taint, kind=f"{kind}.{name}")
    if kind.startswith(("mod:", "obj:", "cls:")):
        return engine.program_attribute(ev, obj, name, span)
    if name in METADATA_ATTRS:
        meta = "dtypes" if name in ("dtypes", "dtype") else None
        return engine.apply_step(Val(obj.all_taint(), kind="meta", meta=meta), "metadata")
    if kind == "" and name == "columns":
        # a frame passed in (a parameter): its names are not known, only those it excludes
        columns = ColumnSet(obj)
        return Val(kind="columns", meta=columns, elem=Val(kind="colname", meta=columns))
    if kind == "frame":
        if name == "columns":
            return columns_of(obj)
        if name in ("loc", "iloc", "at", "iat"):
            return Val(kind="indexer", meta=(name, obj))
        if name in FRAME_ATTRS:
            return obj.but(kind="array" if name == "values" else "frame")
        return read_column(ev, obj, name, span)
    if kind == "series":
        if name in ("loc", "iloc", "at", "iat"):
            return Val(kind="indexer", meta=(name, obj))
        if name in TRANSPARENT_ATTRS:
            return obj if name != "values" else obj.but(kind="array")
        return Val(obj.taint)
    if kind == "groupby" and isinstance(obj.meta, GroupBy):
        return Val(kind="groupby", meta=GroupBy(obj.meta.frame, obj.meta.keys, (name,)))
    if kind == "columns" and name in ("values", "tolist", "to_list", "array"):
        return obj
    known = field_of(obj, name)
    if known is not None:
        return known
    if name in TRANSPARENT_ATTRS:
        return obj
    added = ev.read_event("attr", name, obj, span)
    out = Val(without_tables(obj.taint))
    return with_taint(out, added) if added else out


# ----- subscripts -------------------------------------------------------------------------------


def subscript(ev: FunctionEvaluator, obj: Val, index: list, expr, span) -> Val:
    kind = obj.kind
    if kind == "indexer":
        return _indexer(ev, obj.meta, index, span)
    if kind == "groupby" and isinstance(obj.meta, GroupBy) and len(index) == 1:
        names = names_of(index[0])
        return Val(kind="groupby", meta=GroupBy(obj.meta.frame, obj.meta.keys, names))
    if kind == "columns" and isinstance(obj.meta, ColumnSet):
        return _columns_item(obj, index)
    if kind.startswith("lib:") and kind.endswith((".c_", ".r_")):
        # `np.c_[X, noise]`: the parts stacked side by side, each with what it carries (a
        # selection of rows stays a selection; these are not positions looked up by value)
        parts = [part for part in index if isinstance(part, Val)]
        return Val(merge_taint(*(part.all_taint() for part in parts)), kind="array")
    if len(index) != 1:
        return _multi_index(ev, obj, index, span)
    key = index[0]
    if isinstance(key, SliceValue):
        if kind in ("array", "series", "") and any(
            bound is not None and bound.const is None for bound in key
        ):
            # `y[: i + 1]`: a window that moves with a variable; its sum is per row, not one total
            return Val(obj.all_taint(), kind="window")
        return obj  # a range of rows or elements: the same kind of content
    return item(ev, obj, key, span)


def item(ev: FunctionEvaluator, obj: Val, key: Val, span) -> Val:
    """`obj[key]` for one key: a column, a selection of columns, rows chosen by a mask, an
    element by position, or a lookup by value."""
    kind = obj.kind
    if isinstance(key.const, str) and kind not in ("array", "list", "tuple", "str"):
        return read_column(ev, obj, key.const, span, "column" if kind in ("frame", "") else "key")
    names = names_of(key) if kind in ("frame", "") else None
    if names is not None and (len(names) != 1 or key.kind in ("list", "tuple")):
        return select_columns(ev, frame_of(obj), names, span)
    if key.kind == "columns" and isinstance(key.meta, ColumnSet):
        return select_by_set(ev, frame_of(obj), key.meta, span)
    if key.kind == "colname" and isinstance(key.meta, ColumnSet):
        if key.meta.only is not None and len(key.meta.only) == 1:
            return read_column(ev, obj, key.meta.only[0], span)
        return _symbolic_column(ev, obj, key.meta, span)
    if _names_list(key) is not None:
        # `df[[c for c in df.columns if c != "target"]]`: the columns the list can hold
        # `df[[c]]` with `c` over every column takes the label in one iteration
        return select_by_set(ev, frame_of(obj), _names_list(key), span)
    if key.kind == "mask":
        return select_rows(ev, obj, key, span)
    if isinstance(key.const, int) and not isinstance(key.const, bool):
        value = item_at(obj, key.const)
        # one element by position: which column (or field) it is cannot be known
        return value.but(taint=without_tables(value.taint)) if value.taint else value
    if (
        kind == "frame"
        and key.kind in ("list", "tuple", "", "array", "columns")
        and not key.all_taint()
    ):
        # `df[cols]` with names computed elsewhere (`[x[0] for x in importances]`): which
        # columns is not known here, so none of the table's is taken to be there
        return positional_columns(obj)
    # a lookup by value (`table[label]`): what it finds depends on the key
    base = element_of(obj) if (obj.items is not None or obj.elem is not None) else Val(obj.taint)
    if obj.fields and kind == "dict":
        base = join(base, join_all(obj.fields.values()))
    if key.kind == "index":
        return with_taint(base, selection(key.taint, ev.step("rows chosen by it", span), ev.engine))
    # positions chosen by a condition stay a selection; a value used as a key is a lookup
    return with_taint(base, key.all_taint()) if key.all_taint() else base


def select_rows(ev: FunctionEvaluator, obj: Val, mask: Val, span) -> Val:
    """Rows chosen by a condition: the same columns; the condition only chose examples."""
    chosen = selection(mask.all_taint(), ev.step("rows chosen by it", span), ev.engine)
    return with_taint(obj, chosen) if chosen else obj


def _symbolic_column(ev: FunctionEvaluator, obj: Val, columns: ColumnSet, span) -> Val:
    """`df[c]` for a column name `c` from a loop over columns: any column `c` may be. Which of
    the table's unknown columns it is cannot be known, so the table keys do not come along."""
    if columns.only is not None:
        # `for c in ["a", "b"]: df[c]`: one of these columns
        picked = [read_column(ev, obj, name, span) for name in columns.only]
        out = Val(merge_taint(*(p.all_taint() for p in picked)), kind="series")
        return out.but(meta=("colvar", columns.signature()))
    parts = []
    if obj.fields:
        parts.extend(v for n, v in obj.fields.items() if not columns.excludes(n))
    if columns.positional:
        taint = without_tables(obj.taint)
    else:  # over every column but the excluded: the table's other columns, one at a time
        taint = tables_excluding(obj.taint, columns.excluded)
    out = Val(merge_taint(taint, *(p.all_taint() for p in parts)), kind="series")
    return out.but(meta=("colvar", columns.signature()))


def _columns_item(obj: Val, index: list) -> Val:
    columns: ColumnSet = obj.meta
    key = index[0] if len(index) == 1 else None
    if isinstance(key, SliceValue):
        chosen = columns.but(positional=True, only=None)
        return Val(kind="columns", meta=chosen, elem=Val(kind="colname", meta=chosen))
    if key is not None and key.kind == "mask" and isinstance(key.meta, ColumnSet):
        chosen = key.meta
        return Val(kind="columns", meta=chosen, elem=Val(kind="colname", meta=chosen))
    if key is not None and isinstance(key.const, int):
        chosen = columns.but(positional=True, only=None)
        return Val(kind="colname", meta=chosen)
    if key is not None and key.kind == "mask" and _text_dtype_mask(key.meta):
        # `df.columns[df.dtypes == "object"]`: the text columns; which ones is not known here,
        # so, as with a positional slice, the label is not assumed among them (`!= "object"`,
        # the numeric columns, keeps every column, as below)
        chosen = columns.but(positional=True, only=None)
        return Val(kind="columns", meta=chosen, elem=Val(kind="colname", meta=chosen))
    if key is not None and key.kind == "mask" and _dtype_mask(key.meta):
        # the numeric columns (`df.dtypes != "object"`): a numeric label is among them
        return Val(kind="columns", meta=columns, elem=Val(kind="colname", meta=columns))
    return Val(kind="colname", meta=columns)


def _dtype_mask(meta) -> bool:
    return isinstance(meta, tuple) and len(meta) == 3 and meta[0] == "dtype"


_TEXT_DTYPES = frozenset({"object", "O", "category", "string", "str", "bool"})


def _text_dtype_mask(meta) -> bool:
    if not (isinstance(meta, tuple) and len(meta) == 3 and meta[0] == "dtype"):
        return False
    _, op, dtype = meta
    return (op in ("Eq", "Is") and dtype in _TEXT_DTYPES) or (
        op in ("NotEq", "IsNot") and dtype not in _TEXT_DTYPES
    )


def _indexer(ev: FunctionEvaluator, meta, index: list, span) -> Val:
    how, frame = meta
    rows = index[0] if index else None
    cols = index[1] if len(index) > 1 else None
    out = frame
    if isinstance(rows, Val) and rows.kind == "mask":
        out = select_rows(ev, out, rows, span)
    elif isinstance(rows, Val) and how in ("loc", "at") and rows.all_taint():
        out = with_taint(out, rows.all_taint())
    if cols is None:
        if how in ("loc", "iloc") and frame.kind == "series":
            return out
        return out
    if isinstance(cols, SliceValue):
        if cols.lower is None and cols.upper is None:
            return out
        # `iloc[:, 1:]`, `loc[:, "MSSubClass":"SaleCondition"]`: a range of columns whose
        # content is not known here
        return positional_columns(out)
    if how in ("iloc", "iat"):
        if isinstance(cols.const, int):
            return Val(without_tables(out.taint), kind="series")  # one column, by position
        return positional_columns(out)
    if isinstance(cols.const, str):
        return read_column(ev, out, cols.const, span)
    names = names_of(cols)
    if names is not None:
        return select_columns(ev, out, names, span)
    if cols.kind == "columns" and isinstance(cols.meta, ColumnSet):
        return select_by_set(ev, out, cols.meta, span)
    if cols.kind == "colname" and isinstance(cols.meta, ColumnSet):
        return _symbolic_column(ev, out, cols.meta, span)
    if cols.kind == "mask" and isinstance(cols.meta, ColumnSet):
        # `df.loc[:, df.columns != "target"]`
        return select_by_set(ev, out, cols.meta, span)
    if _names_list(cols) is not None:
        return select_by_set(ev, out, _names_list(cols), span)
    return out


def _names_list(value: Val):
    """The column set a list of column names holds (`[c for c in df.columns if ...]`, `[c]`)."""
    if value.kind not in ("list", "set", "tuple"):
        return None
    if (
        value.elem is not None
        and value.elem.kind == "colname"
        and isinstance(value.elem.meta, ColumnSet)
    ):
        return value.elem.meta
    if value.items and any(item.kind == "colname" for item in value.items):
        return _column_collection(value)
    return None


def _multi_index(ev: FunctionEvaluator, obj: Val, index: list, span) -> Val:
    """`X[:, 0]`, `X[mask, 1:]`, `arr[i, j]`: numpy-style positions."""
    out = obj
    for part in index:
        if isinstance(part, SliceValue):
            continue
        if part.kind == "mask":
            out = select_rows(ev, out, part, span)
        elif part.kind == "index":
            # `X[np.flatnonzero(y == c), :]`: positions chosen by a condition pick rows, as
            # `X[idx]` does; the rows hold their own values, not the condition's
            chosen = selection(part.all_taint(), ev.step("rows chosen by it", span), ev.engine)
            out = with_taint(out, chosen) if chosen else out
        elif part.const is None and part.all_taint():
            # a value used as a position is a lookup by it; positions that came from a selection
            # (`rng.choice(np.flatnonzero(y == c), n)`) still only choose rows, as in `item`
            out = with_taint(out, part.all_taint())
    if any(_positional(p) for p in index[1:]):
        # columns chosen by position (`X[:, :-1]`, `X[:, 2]`): which ones is not known, so no
        # column's content is taken to be there; only the rows' selection is kept
        return Val({k: t for k, t in out.taint.items() if k[0] == SELECTED}, kind=out.kind)
    return out


def _positional(part) -> bool:
    if isinstance(part, SliceValue):
        return any(bound is not None for bound in part)
    return isinstance(part.const, int) or (
        isinstance(part.const, tuple) and all(isinstance(c, int) for c in part.const)
    )


# ----- stores and deletes -------------------------------------------------------------------------


def store_item(ev: FunctionEvaluator, obj: Val, index: list, value: Val, stmt):
    """The new value of `obj` after `obj[index] = value`, or None when nothing is known."""
    kind = obj.kind
    span = stmt.span
    if kind == "indexer":
        how, frame = obj.meta
        rows = index[0] if index else None
        cols = index[1] if len(index) > 1 else None
        extra = {}
        if isinstance(rows, Val):
            # a value written only where a condition holds is a function of that condition
            extra = {k: t for k, t in rows.all_taint().items() if k[0] != SELECTED}
        written = with_taint(value, extra) if extra else value
        if cols is not None and isinstance(cols, Val) and isinstance(cols.const, str):
            old = field_of(frame, cols.const)
            new = written if old is None or not extra else join(old, written)
            if old is not None and not extra and isinstance(rows, Val) and rows.kind == "mask":
                new = join(old, written)
            return _set_column(ev, frame, cols.const, new, span)
        return with_taint(frame, written.all_taint())
    if len(index) == 1 and isinstance(index[0], Val):
        key = index[0]
        if isinstance(key.const, str) and kind not in ("array", "list", "tuple"):
            return _set_column(ev, obj, key.const, value, span)
        names = names_of(key)
        if names is not None and kind in ("frame", ""):
            out = obj
            for name in names:
                out = _set_column(ev, out, name, value, span)
            return out
        if key.kind == "colname" and isinstance(key.meta, ColumnSet):
            # `for c in cols: df[c] = f(df[c])` keeps columns apart; only new data mixes in
            own = obj.all_taint()
            new = {k: t for k, t in value.all_taint().items() if k not in own}
            return with_taint(obj, new) if new else obj
        if key.kind == "mask":
            # written where a condition holds: a function of the condition (but not of how
            # the frame's rows were chosen before)
            condition = {k: t for k, t in key.all_taint().items() if k[0] != SELECTED}
            return with_taint(obj, merge_taint(value.all_taint(), condition))
    # an element written by position or by a computed key: the container now holds it
    taint = value.all_taint()
    chosen_by: dict = {}
    for part in index:
        if (
            isinstance(part, Val)
            and part.const is None
            and part.kind not in ("num", "index", "counter")
        ):
            chosen_by = merge_taint(chosen_by, unselect(part.all_taint()))
    taint = merge_taint(taint, chosen_by) if chosen_by else taint
    if obj.items is not None or obj.elem is not None:
        if not taint:
            return obj
        # the element keeps its shape (`done[i] = (rows, data)`: a later unpacking still
        # tells the rows from the data), as `append` keeps it
        stored = with_taint(value, chosen_by) if chosen_by else value
        elem = join(obj.elem, join_all(obj.items)) if obj.items else obj.elem
        return obj.but(elem=join(elem, stored), items=None)
    return with_taint(obj, taint) if taint else obj


def _set_column(ev: FunctionEvaluator, obj: Val, name: str, value: Val, span) -> Val:
    if obj.kind == "frame" or value.kind in ("series", "array", "mask"):
        value = value.but(kind="series", meta=name)
    if obj.kind == "frame" and not is_literal(value):
        # a column written under a name a policy reads as a source (the label computed into
        # the frame, `df["expensive"] = df["cost"] > 100`) holds that source from here on
        added = ev.read_event("store", name, obj, span)
        if added:
            value = with_taint(value, added)
    return set_field(obj, name, value)


def rename_all(frame: Val, names: Val) -> Val:
    """`df.columns = [...]`: the known columns, in order, get the new names."""
    spelled = names_of(names)
    if spelled is None or not frame.fields or len(spelled) != len(frame.fields):
        return frame
    fields = {
        new: value.but(meta=new) if value.kind == "series" else value
        for new, value in zip(spelled, frame.fields.values())
    }
    return frame.but(fields=fields)


def delete_item(ev: FunctionEvaluator, obj: Val, index: list, span):
    if len(index) == 1 and isinstance(index[0], Val):
        names = names_of(index[0])
        if names is not None:
            return drop_columns(ev, obj, names, span)
    return None


# ----- operators ----------------------------------------------------------------------------------


def _column_collection(value: Val) -> ColumnSet | None:
    """The column names a value lists: a column set, a column name, a list of either."""
    if value.kind in ("columns", "colname") and isinstance(value.meta, ColumnSet):
        return value.meta
    if isinstance(value.const, tuple) and all(isinstance(c, str) for c in value.const):
        return ColumnSet(only=value.const)
    if value.kind in ("list", "tuple", "set"):
        if value.elem is not None:
            return _column_collection(value.elem)
        if value.items:
            parts = [_column_collection(item) for item in value.items]
            if all(part is not None for part in parts):
                out = parts[0]
                for part in parts[1:]:
                    out = _concat_columns(out, part)
                return out
    return None


def _concat_columns(a: ColumnSet, b: ColumnSet) -> ColumnSet:
    if a.positional or b.positional:
        return ColumnSet(positional=True)
    if a.only is not None and b.only is not None:
        return ColumnSet(only=tuple(dict.fromkeys(a.only + b.only)))
    return ColumnSet(excluded=a.excluded & b.excluded)


def binary(ev: FunctionEvaluator, op: str, left: Val, right: Val, span) -> Val:
    lk, rk = left.kind, right.kind
    if op == "Add" and (lk in ("columns", "colname") or rk in ("columns", "colname")):
        a, b = _column_collection(left), _column_collection(right)
        if a is not None and b is not None:
            # `[df.columns[1]] + df.columns[3:].tolist()`: a list of column names
            joined = _concat_columns(a, b)
            return Val(kind="list", elem=Val(kind="colname", meta=joined))
    if op == "Add" and (
        (lk in ("list", "tuple") and left.elem is not None and left.elem.kind == "colname")
        or (rk in ("list", "tuple") and right.elem is not None and right.elem.kind == "colname")
    ):
        a, b = _column_collection(left), _column_collection(right)
        if a is not None and b is not None:
            return Val(kind="list", elem=Val(kind="colname", meta=_concat_columns(a, b)))
    if op == "Add":
        if isinstance(left.const, str) and isinstance(right.const, str):
            return Val(kind="str", const=left.const + right.const)
        if isinstance(left.const, tuple) and isinstance(right.const, tuple):
            return Val(
                kind="list",
                items=(left.items or ()) + (right.items or ()),
                const=left.const + right.const,
            )
        if lk in ("list", "tuple") and rk in ("list", "tuple"):
            if left.items is not None and right.items is not None:
                return Val(kind=lk, items=left.items + right.items)
            return Val(kind=lk, elem=join(element_of(left), element_of(right)))
    if op == "Sub" and lk in ("columns", "set") and isinstance(left.meta, ColumnSet):
        names = names_of(right) or (
            right.elem.const
            if right.elem is not None and isinstance(right.elem.const, str)
            else None
        )
        if isinstance(names, str):
            names = (names,)
        if names:
            columns = left.meta.but(excluded=left.meta.excluded | frozenset(names))
            return Val(kind="columns", meta=columns, elem=Val(kind="colname", meta=columns))
    if op in ("BitAnd", "BitOr") and ("mask" in (lk, rk)):
        return Val(merge_taint(left.all_taint(), right.all_taint()), kind="mask")
    if op == "Mod" and lk == "str":
        return Val(merge_taint(left.all_taint(), right.all_taint()), kind="str")
    frame_like = {"frame", "series", "array"}
    # a frame with a scalar or a series (`df - df.min()`: pandas aligns a series on the
    # columns) is computed column by column: each column stays where it was
    if lk == "frame" and rk not in ("frame", "array") and left.fields:
        extra = right.all_taint()
        fields = {n: with_taint(v, extra) for n, v in left.fields.items()}
        return Val(merge_taint(left.taint, extra), fields=fields, kind="frame")
    if rk == "frame" and lk not in ("frame", "array", "series") and right.fields:
        extra = left.all_taint()
        fields = {n: with_taint(v, extra) for n, v in right.fields.items()}
        return Val(merge_taint(right.taint, extra), fields=fields, kind="frame")
    if lk == "frame" and rk == "frame" and left.fields and right.fields:
        # two frames: aligned by column name
        fields = dict(left.fields)
        for name, value in right.fields.items():
            fields[name] = join(fields[name], value) if name in fields else value
        return Val(merge_taint(left.taint, right.taint), fields=fields, kind="frame")
    kind = lk if lk in frame_like else rk if rk in frame_like else ""
    if not kind and (lk == "num" or rk == "num") and (lk in ("num", "") and rk in ("num", "")):
        kind = "num" if lk == rk else ""
    taint = merge_taint(left.all_taint(), right.all_taint())
    return Val(taint, kind=kind)


def compare(ev: FunctionEvaluator, expr, values: list[Val], span) -> Val:
    ops = expr.ops
    engine = ev.engine
    if all(op in ("Is", "IsNot") for op in ops) and any(v.kind == "none" for v in values):
        return Val(kind="bool")  # `x is None` says nothing about the data
    if len(values) == 2 and ops[0] in ("In", "NotIn"):
        element, container = values
        if container.kind in ("columns", "colname") or element.kind == "colname":
            return Val(kind="bool")  # a question about column names, not about data
        taint = merge_taint(element.all_taint(), unselect(container.all_taint()))
        return Val(taint, kind="bool")
    if any(v.kind == "colname" for v in values) or any(v.kind == "columns" for v in values):
        out = Val(kind="bool")
        if any(v.kind == "columns" for v in values):
            # `df.columns != "target"`: a mask over the column names
            columns = next(v.meta for v in values if v.kind == "columns")
            others = [v for v in values if v.kind != "columns"]
            names = names_of(others[0]) if others else None
            if names and ops[0] in ("NotEq", "NotIn"):
                columns = _without(columns, names)
            elif names and ops[0] in ("Eq", "In"):
                columns = _only(columns, names)
            return Val(kind="mask", meta=columns)
        return out
    if len(values) == 2 and any(v.kind == "meta" and v.meta == "dtypes" for v in values):
        # `df.dtypes != "object"`: a mask over the columns by their type
        other = next((v for v in values if not (v.kind == "meta" and v.meta == "dtypes")), None)
        if other is not None and isinstance(other.const, str):
            return Val(kind="mask", meta=("dtype", ops[0], other.const))
    taint = merge_taint(*(v.all_taint() for v in values))
    del engine
    if all(v.kind in _SCALARS or v.const is not None for v in values):
        return Val(taint, kind="bool")
    # a comparison of data (arrays, series, values of unknown kind) can select rows
    return Val(taint, kind="mask")


__all__ = [
    "UNKNOWN",
    "ColumnSet",
    "GroupBy",
    "SliceValue",
    "attribute",
    "binary",
    "compare",
    "delete_item",
    "drop_columns",
    "flat",
    "read_column",
    "select_columns",
    "store_item",
    "subscript",
]


def refine(columns: ColumnSet, op: str, other: Val, name_on_left: bool) -> tuple:
    """What `c OP other` tells about a column name `c` of `columns`: the sets in which the test
    is true and false (None where nothing is learned)."""
    names = names_of(other)
    if name_on_left and names and op in ("Eq", "NotEq", "In", "NotIn"):
        chosen = _only(columns, names)
        rest = _without(columns, names)
        if op in ("Eq", "In"):
            return chosen, rest
        return rest, chosen
    if not name_on_left and isinstance(other.const, str) and op in ("In", "NotIn"):
        # `"Price" in c`: a substring of the name
        pattern = ("contains", other.const)
        if columns.only is not None:
            having = tuple(n for n in columns.only if other.const in n)
            lacking = tuple(n for n in columns.only if other.const not in n)
            chosen, rest = columns.but(only=having), columns.but(only=lacking)
        else:
            chosen, rest = columns, columns.but(excluded=columns.excluded | {pattern})
        if op == "In":
            return chosen, rest
        return rest, chosen
    return None, None


def meet(first: ColumnSet, second: ColumnSet) -> ColumnSet:
    """The names in both sets (two refinements of the same column name, as by an `and`)."""
    if first.only is not None and second.only is not None:
        only = tuple(n for n in first.only if n in second.only)
    elif first.only is not None:
        only = tuple(n for n in first.only if not second.excludes(n))
    elif second.only is not None:
        only = tuple(n for n in second.only if not first.excludes(n))
    else:
        only = None
    return ColumnSet(
        None, first.excluded | second.excluded, first.positional or second.positional, only
    )


def _only(columns: ColumnSet, names) -> ColumnSet:
    if columns.only is not None:
        return columns.but(only=tuple(n for n in columns.only if n in names))
    return columns.but(only=tuple(names), positional=False)


def _without(columns: ColumnSet, names) -> ColumnSet:
    if columns.only is not None:
        return columns.but(only=tuple(n for n in columns.only if n not in names))
    return columns.but(excluded=columns.excluded | frozenset(names))
