"""The grid of a sweep: its axes, its cells, what one cell produced, and the spec that holds them.

A sweep is a grid of cells; every decorator adds one `Axis` and the checks that judge it (see
docs/extending.md). This module is data only: the decorator machinery that builds a `SweepSpec`
is `pytest_mlaudit.harness.decorate`, the code that runs it `pytest_mlaudit.runner`.

Kept import-light: the plugin imports it while pytest loads.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from .run import Run
from .verdict import CheckResult

# The pairing key of every sweep: cells that share a seed and differ in another axis are the same
# training under two conditions. `@seed_sweep` adds this axis; the runner seeds each cell from it.
SEED_AXIS = "seed"
# Where a decorated test function keeps its spec.
SPEC_ATTRIBUTE = "_mlaudit_sweep"
# The label of the one condition of a sweep whose only axis is the pairing axis.
ALL_CONDITIONS = "all"
# Bounds that keep a mistyped count a one-line error instead of a MemoryError: seeds per condition,
# and cells in a whole grid (each cell is a training).
MAX_SEEDS = 100_000
MAX_CELLS = 1_000_000

Cell = dict  # axis name -> value; the seed axis is the pairing key across conditions


class SweepConfigError(ValueError):
    """A decorator was given bad arguments. The message is one line naming the parameter."""


@dataclasses.dataclass(frozen=True)
class Axis:
    """One dimension of the grid.

    `name` is the keyword argument the test function receives; `values` are passed to it as is.
    `ids` are the labels used in tables, reports and resume keys (default: `str(value)`), so values
    need not be JSON-serialisable. `pairing=True` marks the axis whose value identifies the same
    unit across conditions (the seed axis): paired tests match cells on it.
    """

    name: str
    values: tuple
    ids: tuple | None = None
    pairing: bool = False
    decorator: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(self.values))
        if self.ids is not None:
            object.__setattr__(self, "ids", tuple(str(i) for i in self.ids))
            if len(self.ids) != len(self.values):
                raise SweepConfigError(
                    f"axis {self.name!r}: {len(self.ids)} ids for {len(self.values)} values"
                )

    def label(self, value: Any) -> str:
        if self.ids is not None:
            for candidate, label in zip(self.values, self.ids):
                if candidate is value or candidate == value:
                    return label
        return str(value)


@dataclasses.dataclass
class CellResult:
    """What one call of the test function produced. Every check reads a list of these.

    `metrics` holds the metrics of the run's task kind and the user's (NaN where undefined; see
    `core.metric_names`); `run` is the returned `Run` (None when the call raised, timed out or its
    worker died); `error` is the exception text; `malformed` marks an error that every run would
    repeat (a Run that fits no task kind, a registered metric that raises): the sweep stops there; `skipped` is the reason when the cell could not run on this machine (it called
    `pytest.skip`, or raised an exception class with `skips_cell = True`, such as a CUDA build
    without CUDA): neither a result nor an error. `resumed` marks results read back from the
    resume store.
    """

    cell: Cell
    run: Run | None = None
    metrics: dict[str, float] | None = None
    collapsed: bool = False
    error: str | None = None
    seconds: float = 0.0
    resumed: bool = False
    skipped: str | None = None
    malformed: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.skipped is None

    @property
    def seed(self) -> Any:
        return self.cell.get(SEED_AXIS)

    def condition(self, pairing_axis: str = SEED_AXIS) -> dict:
        """The cell without its pairing axis: the experimental condition it belongs to."""
        return {k: v for k, v in self.cell.items() if k != pairing_axis}

    def metric(self, name: str) -> float:
        return float("nan") if self.metrics is None else float(self.metrics.get(name, float("nan")))

    @property
    def task(self) -> str | None:
        """The run's task kind ("binary", "multiclass", "regression"), None without a run."""
        return None if self.run is None else getattr(self.run, "task", "binary")


class SweepCheck(Protocol):
    """What the runner asks of a check (`core.check.Check` is the base class that provides it; the
    spec names only this, so the check contract can name the spec without a cycle)."""

    @property
    def name(self) -> str: ...

    @property
    def needs(self) -> tuple[str, ...]: ...

    def validate(self, spec: SweepSpec) -> list[str]: ...

    def results(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]: ...


@dataclasses.dataclass
class SweepSpec:
    """Everything the decorators said about one test function."""

    function: Callable[..., Any]
    axes: list[Axis] = dataclasses.field(default_factory=list)
    checks: list[SweepCheck] = dataclasses.field(default_factory=list)
    settings: dict[str, Any] = dataclasses.field(default_factory=dict)
    # (decorator name, its parameters), for the resume key, the report and messages
    decorators: list[tuple[str, dict[str, Any]]] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)  # deferred one-line config errors

    # -- axes ------------------------------------------------------------------------------------
    def axis(self, name: str) -> Axis | None:
        return next((a for a in self.axes if a.name == name), None)

    @property
    def pairing_axis(self) -> str:
        axis = next((a for a in self.axes if a.pairing), None)
        return axis.name if axis is not None else SEED_AXIS

    def ordered_axes(self) -> list[Axis]:
        """Condition axes sorted by name, pairing axis last: the grid does not depend on the order
        in which decorators were stacked, and seeds run innermost."""
        conditions = sorted((a for a in self.axes if not a.pairing), key=lambda a: a.name)
        return conditions + [a for a in self.axes if a.pairing]

    def size(self) -> int:
        """How many cells the grid has (without listing them)."""
        return math.prod(len(a.values) for a in self.axes)

    def cells(self) -> list[Cell]:
        axes = self.ordered_axes()
        return [
            dict(zip((a.name for a in axes), combo))
            for combo in itertools.product(*(a.values for a in axes))
        ]

    def with_axis_values(
        self, name: str, values: Sequence[Any], ids: Sequence[str] | None = None
    ) -> SweepSpec:
        """A copy with one axis's values replaced (e.g. --mlaudit-seeds N)."""
        axes = [
            dataclasses.replace(a, values=tuple(values), ids=None if ids is None else tuple(ids))
            if a.name == name
            else a
            for a in self.axes
        ]
        return dataclasses.replace(self, axes=axes)

    def decorator_params(self, name: str) -> dict[str, Any] | None:
        """The parameters the decorator `name` recorded (the first, if it was applied twice)."""
        return next((params for decorator, params in self.decorators if decorator == name), None)

    # -- labels and keys -------------------------------------------------------------------------
    def label_cell(self, cell: Mapping[str, Any]) -> dict[str, str]:
        return {a.name: a.label(cell[a.name]) for a in self.ordered_axes() if a.name in cell}

    def label_except(self, cell: Mapping[str, Any], excluded: Iterable[str]) -> str:
        """'loss=focal, precision=bf16': the cell's labels in grid order without the `excluded`
        axes ('' when nothing is left)."""
        skip = set(excluded)
        return ", ".join(f"{k}={v}" for k, v in self.label_cell(cell).items() if k not in skip)

    def condition_label(self, cell: Mapping[str, Any]) -> str:
        """'precision=bf16, loss=focal' (or 'all' when the pairing axis is the only one)."""
        return self.label_except(cell, (self.pairing_axis,)) or ALL_CONDITIONS

    def cell_key(self, cell: Mapping[str, Any]) -> str:
        return json.dumps(self.label_cell(cell), sort_keys=True)

    def parameters(self) -> dict[str, Any]:
        """Everything that changes what a sweep computes, for the resume key and the report."""
        return {
            "axes": {a.name: [a.label(v) for v in a.values] for a in self.ordered_axes()},
            "decorators": sorted(
                ([name, params] for name, params in self.decorators),
                key=lambda d: json.dumps(d, sort_keys=True, default=str),
            ),
            "settings": {k: self.settings[k] for k in sorted(self.settings)},
        }

    # -- grouping for checks and the terminal table ----------------------------------------------
    def group_by_except(
        self,
        results: Iterable[CellResult],
        excluded: Iterable[str],
        *,
        empty: str | None = None,
    ) -> dict[str | None, list[CellResult]]:
        """Results grouped by every axis but the `excluded` ones, in grid order: label -> results.

        The label is `label_except(cell, excluded)`, or `empty` when no other axis is left. This is
        the loop every check that compares the values of its own axis within "everything else held
        fixed" needs (precision within a loss, builds within a seed, ...).
        """
        excluded = tuple(excluded)
        groups: dict[str | None, list[CellResult]] = {}
        for result in results:
            label = self.label_except(result.cell, excluded) or empty
            groups.setdefault(label, []).append(result)
        return groups

    def group_by_condition(self, results: Iterable[CellResult]) -> dict[str, list[CellResult]]:
        """condition label -> results, in grid order."""
        groups: dict[str, list[CellResult]] = {}
        for result in results:
            groups.setdefault(self.condition_label(result.cell), []).append(result)
        return groups

    def setting(self, name: str, default: Any = None) -> Any:
        value = self.settings.get(name)
        return default if value is None else value


def sweep_of(obj: Any) -> SweepSpec | None:
    """The sweep spec of a decorated test (function or bound method), or None."""
    return getattr(obj, SPEC_ATTRIBUTE, None)
