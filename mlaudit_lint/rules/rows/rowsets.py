"""Which rows a value holds: a row set is a data origin refined by the splits it went through.

A *row path* names a set of rows: the origin (where the rows were read or made: a file's
`read_csv`, a function's parameter) and the parts taken since, in order. A part is one side of one
split (`Part`): `train_test_split` at line 12 has sides 0 (train) and 1 (test); a `KFold` loop's
index arrays, a positional slice `[:n]` / `[n:]`, a mask `df[df.chrom == "chr20"]` /
`df[df.chrom != "chr20"]` are splits too. A `Dup` element records that rows were copied or
synthesised from each other (oversampling, augmentation, `concat` of overlapping parts): after it,
the two sides of a split are no longer disjoint.

Two row paths of one origin overlap unless, after a common prefix without a `Dup`, they take
different sides of the same split. Sides of two *different* splits of the same rows overlap (two
random splits share rows). A value holds a set of row paths (`concat` of a train and a test part
holds both).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

MAX_STEPS = 8


def hashed_once(cls):
    """Keys are hashed and compared at every join of the fixpoint, millions of times on a large
    program: intern them (apply below `@dataclass(frozen=True)`). Equal values are one object,
    so hashing and comparing are the interpreter's identity operations, with no Python call
    per key (a hash written in Python was a third of the link's time on a large program)."""
    names = tuple(cls.__annotations__)
    defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
    table: dict = {}

    def __new__(klass, *args, **kwargs):
        values = args + tuple(
            kwargs[name] if name in kwargs else defaults[name] for name in names[len(args) :]
        )
        found = table.get(values)
        if found is None:
            found = object.__new__(klass)
            table[values] = found
        return found

    def __reduce__(self):
        return (type(self), tuple(getattr(self, name) for name in names))

    cls.__new__ = __new__
    cls.__hash__ = object.__hash__
    cls.__eq__ = object.__eq__
    cls.__reduce__ = __reduce__
    return cls


@dataclass(frozen=True)
@hashed_once
class Split:
    """One split: where it is (file, line) and how it cuts (`train_test_split`, `mask chrom==chr20`)."""

    path: str
    line: int
    how: str


@dataclass(frozen=True)
@hashed_once
class Part:
    split: Split
    side: str  # "0"/"1" for positional outputs, "in"/"out" for masks, "head"/"tail" for slices


@dataclass(frozen=True)
@hashed_once
class Dup:
    """Rows copied or synthesised from each other at this place (a resampler, a `concat`)."""

    path: str
    line: int
    how: str


@dataclass(frozen=True)
@hashed_once
class Origin:
    path: str
    line: int
    name: str


@dataclass(frozen=True)
@hashed_once
class RowPath:
    origin: Origin
    steps: tuple = ()  # of Part | Dup

    def then(self, step: Part | Dup) -> RowPath:
        # idempotent: a loop that re-applies the same split or copy does not grow the path
        # (keys must stay finite for the fixpoint to end), and paths are bounded
        if step in self.steps or len(self.steps) >= MAX_STEPS:
            return self
        if isinstance(step, Part):
            # parts taken after the last copy commute (their rows are the intersection of the
            # sides, in any order): keep them in place order, so that masks applied in different
            # orders name one row set, not one per order (numeric code masks arrays many times)
            cut = max((i + 1 for i, s in enumerate(self.steps) if isinstance(s, Dup)), default=0)
            tail = tuple(sorted((*self.steps[cut:], step), key=_part_order))
            return RowPath(self.origin, (*self.steps[:cut], *tail))
        return RowPath(self.origin, (*self.steps, step))

    def has_dup(self) -> bool:
        return any(isinstance(step, Dup) for step in self.steps)


def _part_order(part: Part) -> tuple:
    return (part.split.path, part.split.line, part.split.how, part.side)


def overlap(a: RowPath, b: RowPath) -> bool:
    """Can the two row sets share a row (or a copy of one)?

    A row path is a set of constraints (a side of each split it went through): two paths of one
    origin are disjoint when they take disjoint sides of a split both went through — unless rows
    were copied before that split (then copies sit on both sides)."""
    if a.origin != b.origin:
        return False
    return _separating(a, b) is None


def _separating(a: RowPath, b: RowPath):
    """The first split both paths went through on disjoint sides, with no copy before it."""
    sides_b = {
        step.split: (index, step.side)
        for index, step in enumerate(b.steps)
        if isinstance(step, Part)
    }
    for index, step in enumerate(a.steps):
        if not isinstance(step, Part) or step.split not in sides_b:
            continue
        other_index, other_side = sides_b[step.split]
        if not disjoint_sides(step.side, other_side):
            continue
        if _copied_before(a, index) or _copied_before(b, other_index):
            continue
        return step.split
    return None


def _copied_before(path: RowPath, index: int) -> Dup | None:
    copies = [step for step in path.steps[:index] if isinstance(step, Dup)]
    return copies[-1] if copies else None


COMPLEMENT = "not:"


def complement(side: str) -> str:
    """The side holding every row of the split's input that `side` does not."""
    return side[len(COMPLEMENT) :] if side.startswith(COMPLEMENT) else COMPLEMENT + side


def disjoint_sides(a: str, b: str) -> bool:
    """Two sides of one split share no row: positions `0`/`1`, `head`/`tail`, and mask sides
    `=v`/`!=v`, `=v`/`=w`, `<v`/`>=v`, `<=v`/`>v`, `in:L`/`notin:L` (a mask on one column)."""
    if a == b:
        return False
    if a.startswith(COMPLEMENT) or b.startswith(COMPLEMENT):
        # `df[~df.index.isin(part.index)]`, `df.drop(part.index)`: every row but the part's
        return a == complement(b) or b == complement(a)
    if a.startswith("pos:") and b.startswith("pos:"):
        return _intervals_disjoint(a, b)
    values_a, values_b = _value_set(a), _value_set(b)
    if values_a is not None and values_b is not None:
        (kept_a, set_a), (kept_b, set_b) = values_a, values_b
        if kept_a and kept_b:  # `== v` / `isin(L)` on both sides: no value in common
            return not (set_a & set_b)
        if kept_a != kept_b:  # `isin(L)` against `~isin(M)` / `!= v`: L within what M excludes
            return set_a <= set_b if kept_a else set_b <= set_a
        return False
    mask = ("=", "!=", "<", ">=", "<=", ">", "in:", "notin:")
    if not (a.startswith(mask) and b.startswith(mask)):
        return True  # positional outputs, index pairs, head and tail
    pairs = (("!=", "="), (">=", "<"), (">", "<="), ("notin:", "in:"))
    for negative, positive in pairs:
        for x, y in ((a, b), (b, a)):
            if x.startswith(negative) and y.startswith(positive) and not y.startswith(negative):
                return x[len(negative) :] == y[len(positive) :]
    if a.startswith("=") and b.startswith("="):
        return True  # two different values of one column
    return False


def _value_set(side: str) -> tuple[bool, frozenset] | None:
    """A mask side on one column's values as (kept, values): `=v` keeps {v}, `!=v` drops {v},
    `in:L` keeps L, `notin:L` drops L; None when the values are not literals."""
    for prefix, kept in (("notin:", False), ("in:", True), ("!=", False), ("=", True)):
        if side.startswith(prefix):
            try:
                value = ast.literal_eval(side[len(prefix) :])
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                return None
            if prefix.endswith(":"):
                if not isinstance(value, (tuple, list, set, frozenset)):
                    return None
                try:
                    return kept, frozenset(value)
                except TypeError:
                    return None
            try:
                return kept, frozenset((value,))
            except TypeError:
                return None
    return None


def _intervals_disjoint(a: str, b: str) -> bool:
    """Two literal slices `pos:L:U` (an empty bound is open) share no position."""
    (low_a, high_a), (low_b, high_b) = (_interval(a), _interval(b))
    return (high_a is not None and low_b is not None and high_a <= low_b) or (
        high_b is not None and low_a is not None and high_b <= low_a
    )


def _interval(side: str) -> tuple[int | None, int | None]:
    low, high = side[len("pos:") :].split(":")
    return (int(low) if low else 0, int(high) if high else None)


def contains(outer: RowPath, inner: RowPath) -> bool:
    """Every row of `inner` is a row of `outer`: same origin, and inner keeps every constraint
    (split side, copy) outer has."""
    return outer.origin == inner.origin and set(outer.steps) <= set(inner.steps)


def any_overlap(left: Iterable[RowPath], right: Iterable[RowPath]) -> bool:
    right = list(right)
    return any(overlap(a, b) for a in left for b in right)


def split_crossed(learned: RowPath, evaluated: RowPath) -> Split | None:
    """The split that holds the `evaluated` part of the rows `learned` saw: the last split the
    evaluated rows went through and the learned rows did not."""
    if not contains(learned, evaluated):
        return None
    parts = [s for s in evaluated.steps if isinstance(s, Part) and s not in learned.steps]
    return parts[-1].split if parts else None


def copy_before_split(a: RowPath, b: RowPath) -> Dup | None:
    """The copy that puts rows on both sides of a split `a` and `b` took different sides of."""
    if a.origin != b.origin:
        return None
    sides_b = {
        step.split: (index, step.side)
        for index, step in enumerate(b.steps)
        if isinstance(step, Part)
    }
    for index, step in enumerate(a.steps):
        if not isinstance(step, Part) or step.split not in sides_b:
            continue
        other_index, other_side = sides_b[step.split]
        if disjoint_sides(step.side, other_side):
            copy = _copied_before(a, index) or _copied_before(b, other_index)
            if copy is not None:
                return copy
    return None
