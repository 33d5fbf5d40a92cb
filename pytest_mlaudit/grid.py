"""A sweep is a grid of cells; every decorator adds one axis and the checks that judge it.

This module is the stacking contract shared by every mlaudit decorator (`seed_sweep`,
`cross_precision`, `synthetic_real_consistency`, ...). A decorator builds an `Axis` and some
`Check`s and calls `extend_sweep`; the wrapper, the pytest marker, the signature rewrite and the
deferred one-line configuration errors are handled here once. See docs/extending.md.

Kept import-light: the plugin imports it while pytest loads.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .api import Run
    from .checks.base import Check

SEED_AXIS = "seed"
SPEC_ATTRIBUTE = "_mlaudit_sweep"

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

    `metrics` holds f1, auroc, auprc, brier, ece, positive_rate (NaN where undefined); `run` is the
    returned `Run` (None when the call raised, timed out or its worker died); `error` is the
    exception text; `skipped` is the reason when the cell could not run on this machine (it called
    `pytest.skip`, or raised an exception class with `skips_cell = True`, such as a CUDA build
    without CUDA): neither a result nor an error. `resumed` marks results read back from the
    resume store.
    """

    cell: Cell
    run: Run | None = None
    metrics: dict | None = None
    collapsed: bool = False
    error: str | None = None
    seconds: float = 0.0
    resumed: bool = False
    skipped: str | None = None

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


@dataclasses.dataclass
class SweepSpec:
    """Everything the decorators said about one test function."""

    function: Callable
    axes: list = dataclasses.field(default_factory=list)
    checks: list = dataclasses.field(default_factory=list)
    settings: dict = dataclasses.field(default_factory=dict)
    decorators: list = dataclasses.field(
        default_factory=list
    )  # (name, params) for keys and messages
    errors: list = dataclasses.field(default_factory=list)  # deferred one-line config errors

    # -- axes ------------------------------------------------------------------------------------
    def axis(self, name: str) -> Axis | None:
        return next((a for a in self.axes if a.name == name), None)

    @property
    def pairing_axis(self) -> str:
        axis = next((a for a in self.axes if a.pairing), None)
        return axis.name if axis is not None else SEED_AXIS

    def ordered_axes(self) -> list:
        """Condition axes sorted by name, pairing axis last: the grid does not depend on the order
        in which decorators were stacked, and seeds run innermost."""
        conditions = sorted((a for a in self.axes if not a.pairing), key=lambda a: a.name)
        return conditions + [a for a in self.axes if a.pairing]

    def cells(self) -> list:
        import itertools

        axes = self.ordered_axes()
        return [
            dict(zip((a.name for a in axes), combo))
            for combo in itertools.product(*(a.values for a in axes))
        ]

    def with_axis_values(
        self, name: str, values: Sequence, ids: Sequence | None = None
    ) -> SweepSpec:
        """A copy with one axis's values replaced (e.g. --mlaudit-seeds N)."""
        axes = [
            dataclasses.replace(a, values=tuple(values), ids=None if ids is None else tuple(ids))
            if a.name == name
            else a
            for a in self.axes
        ]
        return dataclasses.replace(self, axes=axes)

    # -- labels and keys -------------------------------------------------------------------------
    def label_cell(self, cell: Mapping) -> dict:
        return {
            a.name: self.axis(a.name).label(cell[a.name])
            for a in self.ordered_axes()
            if a.name in cell
        }

    def condition_label(self, cell: Mapping) -> str:
        """'precision=bf16, loss=focal' (or 'all' when the pairing axis is the only one)."""
        labels = self.label_cell(cell)
        parts = [f"{k}={v}" for k, v in labels.items() if k != self.pairing_axis]
        return ", ".join(parts) if parts else "all"

    def cell_key(self, cell: Mapping) -> str:
        return json.dumps(self.label_cell(cell), sort_keys=True)

    def parameters(self) -> dict:
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
    def group_by_condition(self, results: Iterable[CellResult]) -> dict:
        """condition label -> results, in grid order."""
        groups: dict = {}
        for result in results:
            groups.setdefault(self.condition_label(result.cell), []).append(result)
        return groups

    def setting(self, name: str, default: Any = None) -> Any:
        value = self.settings.get(name)
        return default if value is None else value


def sweep_of(obj: Any) -> SweepSpec | None:
    """The sweep spec of a decorated test (function or bound method), or None."""
    return getattr(obj, SPEC_ATTRIBUTE, None)


def _accepts(function: Callable, name: str) -> bool:
    parameters = inspect.signature(function).parameters.values()
    return any(p.name == name and p.kind != p.POSITIONAL_ONLY for p in parameters) or any(
        p.kind == p.VAR_KEYWORD for p in parameters
    )


def _where(function: Callable) -> str:
    code = getattr(function, "__code__", None)
    if code is None:
        return getattr(function, "__qualname__", repr(function))
    return f"{code.co_filename}:{code.co_firstlineno}: {function.__qualname__}"


def _wrap(function: Callable, spec: SweepSpec) -> Callable:
    @functools.wraps(function)
    def sweep_wrapper(*args: Any, **kwargs: Any) -> Any:
        # Called directly rather than through pytest: run the whole grid serially and raise on a
        # failed check, so a decorated test still means the same thing outside the plugin.
        from .runner import run_sweep_directly

        return run_sweep_directly(spec, args, kwargs)

    setattr(sweep_wrapper, SPEC_ATTRIBUTE, spec)
    import pytest

    from .options import MARKER

    # Store the mark directly rather than `pytest.mark.mlaudit(wrapper)`: that call treats a
    # function named "<lambda>" as a mark argument and would return a MarkDecorator.
    mark = getattr(pytest.mark, MARKER).mark
    sweep_wrapper.pytestmark = [*getattr(function, "pytestmark", []), mark]
    return sweep_wrapper


def extend_sweep(
    function: Callable,
    *,
    decorator: str | None = None,
    params: Mapping | None = None,
    axis: Axis | None = None,
    checks: Iterable[Check] = (),
    settings: Mapping | None = None,
    errors: Iterable[str] = (),
) -> Callable:
    """Add an axis, checks and settings to a (possibly already decorated) test function.

    Returns the sweep wrapper: a function whose signature lacks every axis keyword (so pytest only
    looks up the remaining arguments as fixtures), that carries the `SweepSpec` and the `mlaudit`
    marker. Configuration errors never raise here: they are recorded and reported by the plugin at
    collection as one line naming the parameter (raising at import would give a traceback).
    """
    decorator = decorator or (f"{axis.name} axis" if axis is not None else "extend_sweep")
    spec = sweep_of(function)
    if spec is None:
        if not callable(function):
            raise TypeError(f"{decorator} decorates a test function, got {function!r}")
        spec = SweepSpec(function=function)
        wrapper = _wrap(function, spec)
    else:
        wrapper = function
    where = _where(spec.function)
    spec.decorators.append((decorator, dict(params or {})))
    spec.errors.extend(f"{where}: {decorator}: {message}" for message in errors)
    if axis is not None:
        if spec.axis(axis.name) is not None:
            spec.errors.append(
                f"{where}: {decorator}: axis {axis.name!r} is already swept by another decorator"
            )
        elif not _accepts(spec.function, axis.name):
            spec.errors.append(
                f"{where}: {decorator}: the test function has no {axis.name!r} parameter "
                f"(it is called once per {axis.name} with {axis.name}=...)"
            )
        else:
            spec.axes.append(dataclasses.replace(axis, decorator=axis.decorator or decorator))
    spec.checks.extend(checks)
    for key, value in (settings or {}).items():
        if value is None:
            continue
        previous = spec.settings.get(key)
        if previous is not None and previous != value:
            spec.errors.append(
                f"{where}: {decorator}: {key}={value!r} conflicts with {key}={previous!r} from another decorator"
            )
        spec.settings[key] = value
    _rewrite_signature(wrapper, spec)
    return wrapper


def _rewrite_signature(wrapper: Callable, spec: SweepSpec) -> None:
    # Like Hypothesis's @given: drop the swept keywords so pytest does not look for fixtures named
    # `seed` or `precision`; every remaining parameter is an ordinary fixture.
    swept = {a.name for a in spec.axes}
    signature = inspect.signature(spec.function)
    kept = [p for p in signature.parameters.values() if p.name not in swept]
    wrapper.__signature__ = signature.replace(parameters=kept)  # type: ignore[attr-defined]
