"""Abstract values: what the evaluator knows about a value, and the trail of how taint got there.

A `Val` is immutable. It holds
* `taint` — keys (opaque tuples owned by a policy, or the engine's own `$table` keys) mapped to
  the trail that brought each key here;
* `items` — the positions of a tuple (or a list of known length), each a Val;
* `elem` — what any element of a collection holds (lists, arrays by row, generators);
* `fields` — named parts: an object's attributes, a dict's string keys, a data frame's known
  columns (a frame's `taint` is then what its *other*, unknown columns hold);
* `kind` — what the value is, when known: "frame", "series", "list", "str", "lib:numpy.log",
  "fn:<module>:<qualname>", "obj:<module>:<class>", ... (see `kinds`);
* `const` — a literal it is known to equal (a column name, a list of column names, an int);
* `meta` — a kind-specific payload (a bound method's receiver, a column set's frame).

Trails are linked lists `(step, previous trail, length)` so that values share their history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

MAX_TRAIL = 24
MAX_DEPTH = 6  # structure deeper than this is folded into the taint


class Step(NamedTuple):
    """One hop of a flow, e.g. ``low_vaf (features.py:19)``."""

    description: str
    path: str
    line: int
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    # the variable was changed in place by a method (`feats.append(row)`), not bound
    in_place: bool = False


Trail = tuple  # (Step, Trail | None, length)


def trail_start(step: Step) -> Trail:
    return (step, None, 1)


def trail_extend(trail: Trail, step: Step) -> Trail:
    last = trail[0]
    if last.description == step.description and last.line == step.line and last.path == step.path:
        return trail
    if trail[2] >= MAX_TRAIL:
        return trail
    return (step, trail, trail[2] + 1)


def trail_steps(trail: Trail | None) -> tuple[Step, ...]:
    out = []
    while trail is not None:
        out.append(trail[0])
        trail = trail[1]
    return tuple(reversed(out))


EMPTY: dict = {}


class Val:
    __slots__ = ("_all", "_sig", "const", "elem", "fields", "items", "kind", "meta", "taint")

    def __init__(
        self,
        taint: Mapping | None = None,
        *,
        items: tuple[Val, ...] | None = None,
        elem: Val | None = None,
        fields: Mapping[str, Val] | None = None,
        kind: str = "",
        const=None,
        meta=None,
    ):
        self.taint = taint if taint is not None else EMPTY
        self.items = items
        self.elem = elem
        self.fields = fields
        self.kind = kind
        self.const = const
        self.meta = meta
        self._sig = None  # caches: a Val is never changed once built
        self._all = None

    # ----- construction ------------------------------------------------------------------------
    def but(self, **changes) -> Val:
        """A copy with some slots replaced."""
        out = Val(
            self.taint,
            items=self.items,
            elem=self.elem,
            fields=self.fields,
            kind=self.kind,
            const=self.const,
            meta=self.meta,
        )
        for name, value in changes.items():
            setattr(out, name, value)
        return out

    # ----- questions ---------------------------------------------------------------------------
    def is_empty(self) -> bool:
        """No taint anywhere inside."""
        if self.taint:
            return False
        if self.items and any(not item.is_empty() for item in self.items):
            return False
        if self.elem is not None and not self.elem.is_empty():
            return False
        if self.fields and any(not v.is_empty() for v in self.fields.values()):
            return False
        return not (isinstance(self.meta, Val) and not self.meta.is_empty())

    def all_taint(self) -> dict:
        """Every key the value holds anywhere, as one mapping (the whole value consumed).

        The mapping is shared (cached, a Val never changes): callers must not change it."""
        if self._all is not None:
            return self._all
        if self.items is None and self.elem is None and not self.fields:
            self._all = self.taint
            return self._all
        out = dict(self.taint)
        parts: list[Val] = []
        if self.items:
            parts.extend(self.items)
        if self.elem is not None:
            parts.append(self.elem)
        if self.fields:
            parts.extend(self.fields.values())
        for part in parts:
            for key, trail in part.all_taint().items():
                if key not in out:
                    out[key] = trail
        self._all = out
        return out

    def signature(self):
        """A hashable summary for fixpoint tests: structure and keys, never trails (cached)."""
        if self._sig is not None:
            return self._sig
        signature = (
            frozenset(self.taint),
            None if self.items is None else tuple(i.signature() for i in self.items),
            None if self.elem is None else self.elem.signature(),
            None
            if not self.fields
            else tuple(sorted((k, v.signature()) for k, v in self.fields.items())),
            self.kind,
            self.const if not isinstance(self.const, Val) else None,
            self.meta.signature() if isinstance(self.meta, Val) else _meta_sig(self.meta),
        )
        self._sig = signature
        return signature

    def __repr__(self) -> str:  # for debugging and test failures
        parts = []
        if self.kind:
            parts.append(self.kind)
        if self.const is not None:
            parts.append(f"={self.const!r}")
        if self.taint:
            parts.append("{" + ", ".join(sorted(map(str, self.taint))) + "}")
        if self.items is not None:
            parts.append(f"items={list(self.items)!r}")
        if self.elem is not None:
            parts.append(f"elem={self.elem!r}")
        if self.fields:
            parts.append(f"fields={dict(self.fields)!r}")
        return "Val(" + " ".join(parts) + ")"


def _meta_sig(meta):
    if hasattr(meta, "signature"):
        return meta.signature()
    if meta is None or isinstance(meta, (str, int, frozenset, tuple)):
        try:
            hash(meta)
            return meta
        except TypeError:
            return repr(meta)
    return repr(meta)


UNKNOWN = Val()


class Instance:
    """An object of a class of the linted files: what role its library bases give it, and where
    it was made (its allocation site), so that two datasets built by one class keep their own
    attributes. A `self` of unknown origin (a method run as an entry point) has no site."""

    __slots__ = ("role", "site")

    def __init__(self, role: str = "", site: str | None = None):
        self.role = role
        self.site = site

    def signature(self):
        return ("instance", self.role, self.site)

    def join(self, other: Instance) -> Instance:
        return Instance(
            self.role if self.role == other.role else "",
            self.site if self.site == other.site else None,
        )


def is_literal(value: Val) -> bool:
    """A value the code spells out (a number, a string, a tuple of them), not data."""
    if value.const is not None and not isinstance(value.const, tuple):
        return True
    if value.items is not None and value.items:
        return all(is_literal(item) for item in value.items)
    return value.kind in ("num", "str", "bool", "none") and not value.all_taint()


def const_val(value, kind: str) -> Val:
    return Val(kind=kind, const=value)


def with_taint(val: Val, taint: Mapping) -> Val:
    """`val` with `taint` added to its own (outermost) taint."""
    if not taint:
        return val
    if not val.taint:
        return val.but(taint=dict(taint))
    merged = dict(val.taint)
    for key, trail in taint.items():
        merged.setdefault(key, trail)
    return val.but(taint=merged)


def merge_taint(*taints: Mapping) -> dict:
    out: dict = {}
    for taint in taints:
        for key, trail in taint.items():
            if key not in out:
                out[key] = trail
    return out


def flat(val: Val | None) -> Val:
    """The value with all its parts folded into its taint (an opaque computation of it)."""
    if val is None:
        return UNKNOWN
    if val.items is None and val.elem is None and not val.fields:
        return Val(val.taint) if (val.kind or val.const is not None or val.meta) else val
    return Val(val.all_taint())


def join(a: Val | None, b: Val | None, depth: int = 0) -> Val:
    """The least value holding everything `a` or `b` may hold."""
    if a is None or a is b:
        return b if b is not None else UNKNOWN
    if b is None:
        return a
    if depth >= MAX_DEPTH:
        return Val(merge_taint(a.all_taint(), b.all_taint()))
    taint = a.taint if not b.taint else merge_taint(a.taint, b.taint)
    items = None
    elem = None
    if a.items is not None and b.items is not None:
        if not a.items or not b.items:
            # `[]` as a placeholder beside `[tag, image, label]`: the empty one has no element
            # to mix in, and can never be unpacked into the other's names
            items = a.items or b.items
        elif len(a.items) == len(b.items):
            items = tuple(join(x, y, depth + 1) for x, y in zip(a.items, b.items))
        else:
            # tuples of different lengths (`return X, y, w` or `return X, y`): the positions
            # they share line up; what follows is any element
            shared = min(len(a.items), len(b.items))
            items = tuple(join(x, y, depth + 1) for x, y in zip(a.items[:shared], b.items[:shared]))
            longer = a.items if len(a.items) > shared else b.items
            elem = join_all(longer[shared:])
    elif a.items is not None or b.items is not None:
        tupled, other = (a, b) if a.items is not None else (b, a)
        if other.elem is not None:  # a literal list that later grew by appends
            elem = _items_elem(tupled)
        else:
            items = tupled.items
    if a.elem is not None or b.elem is not None:
        elem = join(elem, join(a.elem, b.elem, depth + 1), depth + 1)
    fields = None
    if a.fields or b.fields:
        if not a.fields:
            fields = b.fields
        elif not b.fields:
            fields = a.fields
        else:
            fields = dict(a.fields)
            for name, value in b.fields.items():
                mine = fields.get(name)
                fields[name] = value if mine is None else join(mine, value, depth + 1)
    kind = _join_kind(a, b)
    const = a.const if a.const == b.const and type(a.const) is type(b.const) else None
    meta = a.meta if a.meta is b.meta else _join_meta(a.meta, b.meta, depth)
    return Val(taint, items=items, elem=elem, fields=fields, kind=kind, const=const, meta=meta)


def join_all(values: Iterable[Val | None]) -> Val:
    out: Val | None = None
    for value in values:
        if value is not None:
            out = value if out is None else join(out, value)
    return out if out is not None else UNKNOWN


def _is_none(val: Val) -> bool:
    return val.kind == "none"


_SCALAR_KINDS = frozenset({"num", "str", "bool"})


def _join_kind(a: Val, b: Val) -> str:
    """Kinds form a flat lattice: "none" (an optional's default) is below every kind, "" (not
    known) above them all, so that joins only ever climb and fixpoints end."""
    if a.kind == b.kind:
        return a.kind
    if a.kind == "none":
        return b.kind
    if b.kind == "none":
        return a.kind
    return ""


def _join_meta(a, b, depth: int):
    if a is None or b is None:
        return None  # nothing known on one side: nothing known (joins only climb)
    if isinstance(a, Val) and isinstance(b, Val):
        return join(a, b, depth + 1)
    if type(a) is type(b) and hasattr(a, "signature") and hasattr(a, "join"):
        return a.join(b)
    if a == b:
        return a
    return None


def _items_elem(val: Val) -> Val | None:
    if val.items is None:
        return val.elem
    if not val.items:
        return val.elem  # an empty literal holds nothing yet
    return join_all(val.items)


def element_of(val: Val | None) -> Val:
    """What one element of an iterable holds (a row of an array, an item of a list)."""
    if val is None:
        return UNKNOWN
    if val.elem is not None:
        return with_taint(val.elem, val.taint)
    if val.items is not None:
        return with_taint(join_all(val.items), val.taint) if val.items else Val(val.taint)
    if val.fields and val.kind in ("dict", "frame"):
        # iterating a dict yields its keys; a frame, its column names
        return Val(val.taint, kind="str")
    return Val(val.taint)


def item_at(val: Val | None, index: int) -> Val:
    """Position `index` of a tuple-like value (negative counts from the end)."""
    if val is None:
        return UNKNOWN
    if val.items is not None and -len(val.items) <= index < len(val.items):
        return with_taint(val.items[index], val.taint)
    return element_of(val)


def field_of(val: Val | None, name: str) -> Val | None:
    if val is None or not val.fields:
        return None
    return val.fields.get(name)


def set_field(val: Val, name: str, value: Val) -> Val:
    fields = dict(val.fields) if val.fields else {}
    fields[name] = value
    return val.but(fields=fields)


def drop_fields(val: Val, names: Iterable[str]) -> Val:
    if not val.fields:
        return val
    fields = {k: v for k, v in val.fields.items() if k not in set(names)}
    return val.but(fields=fields or None)


def map_taint(val: Val, function, depth: int = 0) -> Val:
    """Apply `function(taint) -> taint` to every taint inside `val` (keys renamed, dropped).

    Parts that hold no keys are shared, not copied, so that later joins see them unchanged."""
    if not val.all_taint():
        return val
    taint = function(val.taint) if val.taint else val.taint
    if depth >= MAX_DEPTH:
        return val.but(taint=taint)
    items = (
        tuple(map_taint(i, function, depth + 1) for i in val.items)
        if val.items is not None
        else None
    )
    elem = map_taint(val.elem, function, depth + 1) if val.elem is not None else None
    fields = (
        {k: map_taint(v, function, depth + 1) for k, v in val.fields.items()}
        if val.fields
        else val.fields
    )
    meta = map_taint(val.meta, function, depth + 1) if isinstance(val.meta, Val) else val.meta
    return Val(
        taint, items=items, elem=elem, fields=fields, kind=val.kind, const=val.const, meta=meta
    )


def extend_trails(taint: Mapping, step: Step) -> dict:
    return {key: trail_extend(trail, step) for key, trail in taint.items()}


def with_step(val: Val, step: Step) -> Val:
    """Every trail inside `val` extended by `step` (a named binding, a call boundary)."""
    return map_taint(val, lambda taint: extend_trails(taint, step))


def drop_owner(taint: Mapping, owners: frozenset) -> dict:
    return {key: trail for key, trail in taint.items() if key[0] not in owners}
