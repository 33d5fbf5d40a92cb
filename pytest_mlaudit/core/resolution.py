"""What the test set can resolve: the change one test example makes to a metric.

A metric computed from the predicted classes of n test examples moves in steps: accuracy in steps
of 1/n, F1 in steps near 1/(2 x positives). A difference between conditions smaller than one such
step is a difference of less than one example per run, averaged over seeds: it can be real and
still be nothing a user would see in one model. A check labels a significant difference whose
confidence interval lies inside ±`step` (`below`, `CheckResult.below_resolution`).

`step(run, metric)` is the smallest non-zero change of the metric caused by one test example's
prediction turning right or wrong in that run (None for metrics that are continuous in the scores, such as
Brier, log loss, ECE, RMSE, and for user metrics, whose form is unknown). `summarise` gives a
sweep's figure: the median step over its runs, the number of distinct values seen and the test
set size.

numpy is imported inside the functions.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import Any

from .metric_names import BINARY, MULTICLASS, PER_CLASS_PREFIX

# How the step of each metric is obtained, for reports.
BASIS = "smallest change from one test example's prediction turning right or wrong"
CONTINUOUS = "continuous in the scores: no one-example step"


@dataclasses.dataclass(frozen=True)
class Resolution:
    """A sweep's resolution for one metric."""

    metric: str
    step: float | None  # median one-example step over the runs (None: continuous or unknown)
    distinct_values: int  # distinct finite values over the runs
    runs: int  # runs with a finite value
    n_test: int | None  # median test-set size

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["basis"] = BASIS if self.step is not None else CONTINUOUS
        return out

    def describe(self) -> str:
        """'one test example changes f1 by 0.00085 (n_test 2,360); 5 distinct values in 150 runs'."""
        seen = f"{self.distinct_values} distinct value{'s' if self.distinct_values != 1 else ''} in {self.runs} runs"
        size = f" (n_test {self.n_test:,})" if self.n_test else ""
        if self.step is None:
            return f"{self.metric}: {seen}{size}"
        return f"one test example changes {self.metric} by {self.step:.2g}{size}; {seen}"


def _f1(tp: float, fp: float, fn: float) -> float:
    denominator = 2 * tp + fp + fn
    return 0.0 if denominator == 0 else 2 * tp / denominator


def binary_f1_step(truth: Any, predicted: Any) -> float | None:
    """Smallest |change| of binary F1 from flipping one example's predicted class."""
    positive = truth == 1
    tp = float((predicted & positive).sum())
    fp = float((predicted & ~positive).sum())
    fn = float((~predicted & positive).sum())
    tn = float(truth.size) - tp - fp - fn
    now = _f1(tp, fp, fn)
    candidates = []
    if fn:
        candidates.append(_f1(tp + 1, fp, fn - 1))
    if tp:
        candidates.append(_f1(tp - 1, fp, fn + 1))
    if fp:
        candidates.append(_f1(tp, fp - 1, fn))
    if tn:
        candidates.append(_f1(tp, fp + 1, fn))
    changes = [abs(c - now) for c in candidates if c != now]
    return min(changes) if changes else None


def macro_f1_step(matrix: Any) -> float | None:
    """Smallest |change| of macro F1 from one example's prediction turning right (a mistake moved
    to its true class) or wrong (a right prediction moved to another class). Moves between two
    wrong classes are left out: their effects on two classes' F1 cancel, which says nothing about
    how finely the test set measures."""
    import numpy as np

    from .multiclass_metrics import per_class_f1

    f1, present = per_class_f1(matrix)
    total, count = float(f1[present].sum()), int(present.sum())
    now = total / count if count else 0.0
    actual = matrix.sum(axis=1).astype(float)
    predicted = matrix.sum(axis=0).astype(float)
    diagonal = np.diag(matrix).astype(float)
    k = matrix.shape[0]
    best = math.inf
    for t, p in zip(*np.nonzero(matrix)):
        # p loses a prediction (and a true positive if p == t); q gains one.
        tp_p = diagonal[p] - (1 if t == p else 0)
        den_p = actual[p] + predicted[p] - 1
        f1_p = 2 * tp_p / den_p if den_p > 0 else 0.0
        q = np.array([c for c in range(k) if c != p]) if t == p else np.array([t])
        tp_q = diagonal[q] + (q == t)
        den_q = actual[q] + predicted[q] + 1
        f1_q = 2 * tp_q / den_q
        new_count = count - (1 if den_p == 0 else 0) + (~present[q]).astype(int)
        new_total = total - f1[p] + f1_p - np.where(present[q], f1[q], 0.0) + f1_q
        changes = np.abs(new_total / new_count - now)
        changes = changes[changes > 1e-15]
        if changes.size:
            best = min(best, float(changes.min()))
    return None if math.isinf(best) else best


def _steps(run: Any) -> dict[str, float | None]:
    n = float(run.y_true.size)
    task = getattr(run, "task", BINARY)
    if task == BINARY:
        from .binary_metrics import predicted_positive

        truth = run.y_true
        positives = float(truth.sum())
        negatives = n - positives
        return {
            "f1": binary_f1_step(truth, predicted_positive(run.y_score, run.threshold)),
            "positive_rate": 1.0 / n,
            "auroc": 1.0 / (positives * negatives) if positives and negatives else None,
        }
    if task == MULTICLASS:
        from .multiclass_metrics import confusion

        k = len(run.classes)
        matrix = confusion(run.y_true, run.y_pred, k)
        actual = matrix.sum(axis=1)
        present = actual[actual > 0]
        steps: dict[str, float | None] = {
            "accuracy": 1.0 / n,
            "micro_f1": 1.0 / n,
            "top_class_share": 1.0 / n,
            "balanced_accuracy": 1.0 / (present.size * float(present.max())),
            "macro_f1": macro_f1_step(matrix),
        }
        for c, label in enumerate(run.classes):
            if actual[c] > 0:
                steps[f"{PER_CLASS_PREFIX}{label}"] = 1.0 / float(actual[c])
        both = [float(a) * (n - float(a)) for a in actual if 0 < a < n]
        if run.y_score is not None and both:
            steps["auroc"] = 1.0 / (len(both) * max(both))
        return steps
    return {}


_CACHE: dict[int, tuple[Any, dict[str, float | None]]] = {}
_CACHE_SIZE = 4096


def steps(run: Any) -> dict[str, float | None]:
    """metric -> one-example step of one run (metrics without a step are absent)."""
    hit = _CACHE.get(id(run))
    if hit is not None and hit[0] is run:
        return hit[1]
    found = _steps(run)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[id(run)] = (run, found)  # the run is held, so its id cannot be reused while cached
    return found


def step(run: Any, metric: str) -> float | None:
    return steps(run).get(metric)


def _distinct(values: Iterable[float]) -> int:
    # 12 significant digits: the same count of examples computed in another order is one value.
    return len({float(f"{v:.12g}") for v in values})


def summarise(results: Sequence[Any], metric: str) -> Resolution:
    """The resolution of `metric` over the runs of `results` (CellResults) that finished."""
    import statistics

    finished = [r for r in results if r.ok and r.run is not None]
    values = [r.metric(metric) for r in finished]
    finite = [v for v in values if math.isfinite(v)]
    found = [step(r.run, metric) for r in finished]
    known = [s for s in found if s is not None]
    sizes = [int(r.run.y_true.size) for r in finished]
    return Resolution(
        metric=metric,
        step=statistics.median(known) if known and len(known) == len(found) else None,
        distinct_values=_distinct(finite),
        runs=len(finite),
        n_test=int(statistics.median(sizes)) if sizes else None,
    )


def below(interval: tuple[float, float] | None, resolution: Resolution | None) -> bool:
    """Whether a difference is shown smaller than one test example's worth of the metric: its
    confidence interval lies strictly inside ±step. Read from the interval, not the estimate, so
    that a real difference of one example or more is labelled only when the interval misses it
    (at most (1 - level) / 2 of the time; measured by benchmarks/stats_calibration.py)."""
    if resolution is None or resolution.step is None or interval is None:
        return False
    low, high = interval
    return (
        math.isfinite(low)
        and math.isfinite(high)
        and -resolution.step < low
        and high < resolution.step
    )


def note(interval: tuple[float, float], resolution: Resolution) -> str:
    """The label a check adds to a significant difference shown below the resolution."""
    assert resolution.step is not None
    return (
        f"smaller than one test example: its interval [{interval[0]:.2g}, {interval[1]:.2g}] lies "
        f"inside ±{resolution.step:.2g}, the change one example's prediction makes to "
        f"{resolution.metric} (n_test {resolution.n_test:,}); it is consistent, not large"
    )


def in_examples(
    difference: float, interval: tuple[float, float] | None, resolution: Resolution | None
) -> str | None:
    """A difference in units of one test example's worth of the metric ('0.97 of one test
    example's worth of f1 (interval -0.4 to 1.6)'), or None when the metric has no step."""
    if resolution is None or not resolution.step or not math.isfinite(difference):
        return None
    step = resolution.step
    text = f"{abs(difference) / step:.2g} of one test example's worth of {resolution.metric}"
    if interval is not None and all(math.isfinite(x) for x in interval):
        low, high = sorted(x / step * (1 if difference >= 0 else -1) for x in interval)
        text += f" (interval {low:.2g} to {high:.2g})"
    return text
