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

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Split:
    """One split: where it is (file, line) and how it cuts (`train_test_split`, `mask chrom==chr20`)."""

    path: str
    line: int
    how: str


@dataclass(frozen=True, slots=True)
class Part:
    split: Split
    side: str  # "0"/"1" for positional outputs, "in"/"out" for masks, "head"/"tail" for slices


@dataclass(frozen=True, slots=True)
class Dup:
    """Rows copied or synthesised from each other at this place (a resampler, a `concat`)."""

    path: str
    line: int
    how: str


@dataclass(frozen=True, slots=True)
class Origin:
    path: str
    line: int
    name: str


@dataclass(frozen=True, slots=True)
class RowPath:
    origin: Origin
    steps: tuple = ()  # of Part | Dup

    def then(self, step: Part | Dup) -> RowPath:
        return RowPath(self.origin, (*self.steps, step))

    def has_dup(self) -> bool:
        return any(isinstance(step, Dup) for step in self.steps)


def overlap(a: RowPath, b: RowPath) -> bool:
    """Can the two row sets share a row (or a copy of one)?"""
    if a.origin != b.origin:
        return False
    copied = False
    for left, right in zip(a.steps, b.steps):
        if left == right:
            copied = copied or isinstance(left, Dup)
            continue
        if (
            isinstance(left, Part)
            and isinstance(right, Part)
            and left.split == right.split
            and left.side != right.side
        ):
            return copied
        return True  # different splits of the same rows, or a copy on one side only
    return True  # one is a prefix of the other: a subset


def contains(outer: RowPath, inner: RowPath) -> bool:
    """Every row of `inner` is a row of `outer` (outer is a prefix of inner)."""
    return outer.origin == inner.origin and inner.steps[: len(outer.steps)] == outer.steps


def any_overlap(left: Iterable[RowPath], right: Iterable[RowPath]) -> bool:
    right = list(right)
    return any(overlap(a, b) for a in left for b in right)


def split_crossed(learned: RowPath, evaluated: RowPath) -> Split | None:
    """The first split that separates rows `learned` saw from the `evaluated` part of them."""
    if not contains(learned, evaluated):
        return None
    for step in evaluated.steps[len(learned.steps) :]:
        if isinstance(step, Part):
            return step.split
    return None


def copy_before_split(a: RowPath, b: RowPath) -> Dup | None:
    """The copy that puts rows on both sides of a split `a` and `b` took different sides of."""
    last_dup = None
    for left, right in zip(a.steps, b.steps):
        if left != right:
            return last_dup
        if isinstance(left, Dup):
            last_dup = left
    return None
