"""Held-out metrics of one run and its collapse rule, by task kind: `compute` and
`collapse_reasons` dispatch to `binary_metrics` (§2.6 and Eq. 3 of the audited paper, re-exported
here), `multiclass_metrics` and `regression_metrics`, and add the user's metrics.

NumPy (and scipy for ranks) are imported inside the functions: loading the plugin stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .binary_metrics import (  # re-exported: the binary metrics' public home since 0.1
    COLLAPSE_F1,
    COLLAPSE_POSITIVE_RATE,
    ECE_BINS,
    auprc,
    auroc,
    binary_collapse_reasons,
    binary_metrics,
    brier,
    ece,
    f1_score,
    positive_rate,
    predicted_positive,
)
from .metric_names import (
    BINARY,
    BUILT_IN,
    LOWER_IS_BETTER_BUILT_IN,
    MULTICLASS,
    REGRESSION,
    primary,
    registered,
)

# The metrics of every binary run, in the order reports list them (other kinds: metric_names).
NAMES = BUILT_IN[BINARY]
# Built-in metrics for which a smaller value is better (errors); see metric_names.direction().
LOWER_IS_BETTER = LOWER_IS_BETTER_BUILT_IN


class MetricError(Exception):
    """A registered metric function raised or returned something that is not a number."""


def _registered_value(metric: Any, run: Any) -> float:
    try:
        value = metric.function(run)
    except Exception as error:
        raise MetricError(
            f"registered metric {metric.name!r} raised {type(error).__name__}: {error}"
        ) from error
    if isinstance(value, bool):
        raise MetricError(f"registered metric {metric.name!r} returned {value!r}, not a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise MetricError(
            f"registered metric {metric.name!r} returned {value!r}, not a number"
        ) from None


def compute(run: Any) -> dict:
    """All metrics of a Run, as floats (NaN where undefined): the built-in metrics of its task
    kind, then the registered metrics that apply to it, then the Run's own `metrics`."""
    task = getattr(run, "task", BINARY)
    if task == MULTICLASS:
        from .multiclass_metrics import compute as multiclass

        out = multiclass(run)
    elif task == REGRESSION:
        from .regression_metrics import compute as regression

        out = regression(run)
    else:
        out = binary_metrics(run)
    for metric in registered(task):
        out[metric.name] = _registered_value(metric, run)
    out.update(getattr(run, "metrics", None) or {})
    return out


def collapse_reasons(run: Any, computed: dict | None = None) -> list:
    """Why a run counts as collapsed (empty list: it did not), by its task kind's rule: Eq. 3 for
    binary runs, `multiclass_metrics.collapse_reasons`, `regression_metrics.collapse_reasons`."""
    computed = computed if computed is not None else compute(run)
    task = getattr(run, "task", BINARY)
    if task == MULTICLASS:
        from .multiclass_metrics import collapse_reasons as multiclass

        return multiclass(run, computed)
    if task == REGRESSION:
        from .regression_metrics import collapse_reasons as regression

        return regression(run, computed)
    return binary_collapse_reasons(run, computed)


def collapsed(run: Any, computed: dict | None = None) -> bool:
    """Whether the run collapsed under its task kind's rule (Eq. 3 for binary runs: F1 < 0.05, or
    predicted-positive rate < 0.001, or NaN/Inf in the training losses or in y_score)."""
    return bool(collapse_reasons(run, computed))


def sweep_metric(spec: Any, results: Sequence[Any]) -> str:
    """The metric a sweep is summarised by: `seed_sweep(metric=...)`, else the task kind's default
    (f1, macro_f1, rmse) of its first finished run."""
    task = next((r.task for r in results if r.ok and r.task), None)
    return primary(task, spec.setting("metric"))


def missing_metric(metric: str, rows: Sequence[Any]) -> str | None:
    """Why no run of `rows` (CellResults) has `metric`, naming the metrics they have, or None."""
    present = [r for r in rows if r.metrics is not None]
    if not present or any(metric in (r.metrics or {}) for r in present):
        return None
    task = present[0].task
    have = ", ".join(sorted(present[0].metrics or {}))
    hint = ""
    if metric == "f1" and task == MULTICLASS:
        hint = "; multiclass runs have macro_f1 and micro_f1 (min_metric={'macro_f1': ...})"
    elif metric == "f1" and task == REGRESSION:
        hint = "; regression runs are judged by rmse, mae, r2 or spearman"
    return f"no run has metric {metric!r} (these {task} runs have: {have}){hint}"


__all__ = [
    "COLLAPSE_F1",
    "COLLAPSE_POSITIVE_RATE",
    "ECE_BINS",
    "LOWER_IS_BETTER",
    "NAMES",
    "MetricError",
    "auprc",
    "auroc",
    "binary_collapse_reasons",
    "binary_metrics",
    "brier",
    "collapse_reasons",
    "collapsed",
    "compute",
    "ece",
    "f1_score",
    "missing_metric",
    "positive_rate",
    "predicted_positive",
    "sweep_metric",
]
