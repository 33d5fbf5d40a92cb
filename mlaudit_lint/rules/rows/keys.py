"""The row policy's keys: what a value holds, what it learned, what trained it.

Every key is a tuple whose first item is the policy's code (`ROWS`), so the engine can tell whose
it is; the engine never reads the rest. The kinds:

* `("ROWS", "rows", RowPath)` — the value holds (some of) these rows;
* `("ROWS", "index", Part)` — an index array that selects one side of a split (a `KFold` pair);
* `("ROWS", "order", Split)` — a shuffled order of positions (`np.random.permutation(n)`): its
  slices are the sides of a split (`X[order[:800]]`, `X[order[800:]]`);
* `("ROWS", "mask", MaskRef, side)` — a boolean mask, one side of a mask split;
* `("ROWS", "learned", Place, RowPath)` — a statistic learned at `Place` from these rows (a
  fitted scaler, a column mean) shapes the value;
* `("ROWS", "trained", Place, RowPath)` — the value is a model trained at `Place` on these rows;
* `("ROWS", "pred", Place)` — the value holds predictions made at `Place`;
* `("ROWS", "class", name)` — the value is an object of the library class `name`
  (`StandardScaler`), or a composite (`"pipeline:stateful"`, `"pipeline:model"`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .rowsets import Part, RowPath, Split, hashed_once

CODE = "ROWS"


@dataclass(frozen=True)
@hashed_once
class Place:
    """Where something happened, and what it was (`StandardScaler.fit_transform`)."""

    path: str
    line: int
    column: int
    what: str


@dataclass(frozen=True)
@hashed_once
class MaskRef:
    """A boolean condition on a column: `df["chrom"] == "chr20"` is (chrom, eq, chr20)."""

    path: str
    column: str
    kind: str  # "eq", "lt", "le", "isin", "other"
    constant: str


def rows_key(path: RowPath) -> tuple:
    return (CODE, "rows", path)


def index_key(part: Part) -> tuple:
    return (CODE, "index", part)


def order_key(split: Split) -> tuple:
    return (CODE, "order", split)


def learned_key(place: Place, path: RowPath) -> tuple:
    return (CODE, "learned", place, path)


def trained_key(place: Place, path: RowPath) -> tuple:
    return (CODE, "trained", place, path)


def pred_key(place: Place) -> tuple:
    return (CODE, "pred", place)


def class_key(name: str) -> tuple:
    return (CODE, "class", name)


def mask_key(mask: MaskRef, side: str) -> tuple:
    return (CODE, "mask", mask, side)


def of_kind(keys: Iterable[tuple], kind: str) -> list[tuple]:
    return [key for key in keys if len(key) > 1 and key[0] == CODE and key[1] == kind]


def row_paths(keys: Iterable[tuple]) -> set[RowPath]:
    return {key[2] for key in of_kind(keys, "rows")}


def classes(keys: Iterable[tuple]) -> set[str]:
    return {key[2] for key in of_kind(keys, "class")}


def keep(taint: Mapping, *kinds: str) -> dict:
    """`{key: key}` for the keys of `taint` of the given kinds (pass them on unchanged)."""
    return {key: key for key in taint if key[0] == CODE and key[1] in kinds}
