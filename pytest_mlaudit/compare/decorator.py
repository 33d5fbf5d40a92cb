"""`@compare(axis, values, metric=..., paired=True, equivalence=None)`: any condition as an axis of
the sweep, compared on any metric. Stacked with `@seed_sweep` (and any other decorator), the test
is called once per (value, seed) with the keyword `axis`. Import-light: no numpy or scipy here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core import arguments, comparison, metric_names
from ..core.check import Check
from ..core.spec import Axis
from ..harness.decorate import Decorator, Extension, TestFunction, sweep_decorator
from .axes import axis_name_error
from .checks import CompareDifference, CompareEquivalence

DECORATOR = "compare"
TEST_CHOICES = comparison.TESTS


def _errors(
    axis: Any,
    values: Any,
    ids: Any,
    metric: Any,
    paired: Any,
    equivalence: Any,
    alpha: Any,
    test: Any,
) -> list[str]:
    errors = arguments.collect(axis_name_error(axis))
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        errors.append(f"values must be a list of at least two values of {axis!r}, got {values!r}")
    elif len(values) < 2:
        errors.append(f"values needs at least two values to compare, got {list(values)!r}")
    else:
        labels = [str(v) for v in values] if ids is None else [str(i) for i in ids]
        if ids is not None and len(ids) != len(values):
            errors.append(
                f"ids must give one label per value: {len(ids)} ids for {len(values)} values"
            )
        elif len(set(labels)) != len(labels):
            errors.append(
                f"values must differ by label (give ids=[...] for objects), got {labels!r}"
            )
    if metric is not None:
        errors += arguments.collect(metric_names.name_error(metric, "metric"))
    if not isinstance(paired, bool):
        errors.append(f"paired must be True or False, got {paired!r}")
    if equivalence is not None:
        errors += arguments.collect(
            arguments.positive_error("equivalence", equivalence, noun="a positive margin")
        )
    return errors + arguments.collect(
        arguments.alpha_error(alpha), arguments.choice_error("test", test, TEST_CHOICES)
    )


def compare(
    axis: str,
    values: Sequence[Any],
    metric: str | None = None,
    *,
    paired: bool = True,
    equivalence: float | None = None,
    alpha: float = 0.05,
    test: str = "t",
    ids: Sequence[str] | None = None,
    best: Any = None,
) -> Decorator:
    """Run the test once per value of `axis` (keyword `axis`) and per seed, and compare the
    conditions on `metric` (default: the sweep's metric: f1, macro_f1 or rmse by task kind; any
    built-in or user metric by name, judged in its direction).

    - Every pair of values: `paired=True` pairs runs by seed (paired t, or with `test="rank"`
      Wilcoxon's signed-rank test); `paired=False` compares them as independent samples (Welch's
      t, or the Mann-Whitney U test). Holm's adjustment across the pairs keeps the chance of any
      false "differs" at `alpha`. A pair that differs fails the test.
    - `equivalence=m`: TOST that every pair's difference lies within ±m (paired t or Welch), at
      `alpha`; then TOST decides and the difference test is reported as a warning.

    - `best=value`: the other question, "is this one better?": the test fails unless `value` is
      shown better (Holm-adjusted, in the metric's direction) than every other value.

    A significant difference smaller than one test example's worth of the metric is labelled so.
    `ids` labels values that are objects (default `str(value)`). Stack with `@seed_sweep`.
    """
    values = (
        list(values) if isinstance(values, Sequence) and not isinstance(values, str) else values
    )
    errors = _errors(axis, values, ids, metric, paired, equivalence, alpha, test)
    best_label = None
    if best is not None and not errors:
        labels_of = [str(i) for i in ids] if ids is not None else [str(v) for v in values]
        best_label = str(best) if str(best) in labels_of else None
        if best_label is None:
            errors.append(f"best must be one of the values {labels_of!r}, got {best!r}")
        elif equivalence is not None:
            errors.append(
                "give best= (is one better?) or equivalence= (are they the same?), not both"
            )

    def extension(function: TestFunction) -> Extension:
        checks: list[Check] = [
            CompareDifference(
                axis,
                metric,
                paired=paired,
                test=test,
                alpha=alpha,
                equivalence=equivalence,
                best=best_label,
            )
        ]
        if equivalence is not None:
            checks.append(
                CompareEquivalence(
                    axis, metric, paired=paired, test=test, alpha=alpha, equivalence=equivalence
                )
            )
        return Extension(
            axes=[Axis(axis, tuple(values), ids=None if labels is None else tuple(labels))],
            checks=checks,
        )

    labels = None if ids is None else [str(i) for i in ids]
    shown: Any = repr(values) if errors else (labels or [str(v) for v in values])
    params = {
        "axis": axis,
        "values": shown,
        "metric": metric,
        "paired": paired,
        "equivalence": equivalence,
        "alpha": alpha,
        "test": test,
        "best": None if best is None else str(best),
    }
    return sweep_decorator(DECORATOR, params, errors, extension)
