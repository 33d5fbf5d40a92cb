"""Probe 3, the counterfactual retrain (Stage 3 of §5, Table 2): does the suspect feature matter?

The same training runs twice per seed: on the data as it is, and with one feature column replaced
by uniform noise (over the column's observed range; over [0, 1] for a constant column, which is
what a never-firing indicator is). Paired by seed, the two arms are compared by

* the metric (F1 by default): the per-seed difference ``de-leaked - original``, its mean with a
  95 % t interval, a two-sided paired t-test (``stats.paired_t``; "the feature changes the metric")
  and TOST equivalence within ``+-margin`` (``stats.tost_equivalence``; "the feature changes the
  metric by less than margin");
* collapses (Eq. 3): counts per arm, two-sided Fisher exact test (``stats.fisher_exact_collapses``).

Verdict: "changed" when the paired t-test or Fisher's test rejects at ``alpha``; "unchanged" when
TOST shows equivalence and Fisher's test does not reject; otherwise "inconclusive" (more seeds).
The tests assume independent seeds and, for the t-based ones, a roughly normal mean difference.

Use ``counterfactual_retrain`` with a train-and-evaluate callable, or, inside a seed sweep, build
the de-leaked arm yourself with ``replace_with_noise(X, column, seed)`` and compare the two arms'
per-seed results with ``compare_counterfactual``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from ..core import metrics, stats
from ..core.metrics import COLLAPSE_F1, COLLAPSE_POSITIVE_RATE
from .records import is_dataframe

_NOISE_STREAM = 0x5EED  # second word of the noise seed, so noise never reuses a training stream


def _column_values(X: Any, column: int | str) -> np.ndarray:
    if is_dataframe(X):
        if column not in X.columns:
            raise ValueError(
                f"column {column!r} is not a column of X (columns: {list(X.columns)[:12]!r})"
            )
        return X[column].to_numpy(dtype=float)
    array = np.asarray(X)
    if array.ndim != 2:
        raise ValueError(
            f"X must be 2-D (examples x features) or a DataFrame, got shape {array.shape}"
        )
    if not isinstance(column, (int, np.integer)) or not -array.shape[1] <= column < array.shape[1]:
        raise ValueError(
            f"column must be an integer index below {array.shape[1]} for an array X, got {column!r}"
        )
    return array[:, column].astype(float)


def replace_with_noise(X: Any, column: int | str, seed: int) -> Any:
    """A copy of ``X`` (array or DataFrame) with ``column`` replaced by seeded uniform noise."""
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    values = _column_values(X, column)
    low, high = float(values.min()), float(values.max())
    if low == high:  # a constant (never-firing) feature: noise on the unit interval
        low, high = 0.0, 1.0
    noise = np.random.default_rng([int(seed), _NOISE_STREAM]).uniform(low, high, size=len(values))
    if is_dataframe(X):
        replaced = X.copy()
        replaced[column] = noise
        return replaced
    replaced = np.array(X, dtype=float, copy=True)
    replaced[:, int(column)] = noise  # an index here: _column_values checked it
    return replaced


@dataclasses.dataclass(frozen=True)
class Outcome:
    value: float
    collapsed: bool


def outcome_of(result: Any, metric: str = "f1") -> Outcome:
    """The metric and Eq. 3 collapse flag of what train-and-evaluate returned.

    A ``Run`` (or anything with ``y_true``/``y_score``) gets every metric and the full Eq. 3; a
    mapping gives ``metric`` and, if present, ``positive_rate``; a number is the metric itself.
    Without a positive rate, collapse is F1 < 0.05 or a non-finite value.
    """
    if hasattr(result, "y_true") and hasattr(result, "y_score"):
        computed = metrics.compute(result)
        return Outcome(float(computed[metric]), metrics.collapsed(result, computed))
    if isinstance(result, Mapping):
        if metric not in result:
            raise ValueError(
                f"train_and_evaluate returned a mapping without {metric!r}: keys {sorted(result)!r}"
            )
        value = float(result[metric])
        rate = result.get("positive_rate")
    elif isinstance(result, (int, float, np.integer, np.floating)) and not isinstance(result, bool):
        value, rate = float(result), None
    else:
        raise TypeError(
            f"train_and_evaluate must return a number, a mapping or a Run, got {type(result).__name__}"
        )
    collapsed = not math.isfinite(value)
    if metric == "f1":
        collapsed = collapsed or value < COLLAPSE_F1
    if rate is not None:
        collapsed = collapsed or float(rate) < COLLAPSE_POSITIVE_RATE
    return Outcome(value, collapsed)


@dataclasses.dataclass(frozen=True)
class Counterfactual:
    """Both arms per seed and their comparison; ``str()`` renders a Table-2-style table."""

    column: Any
    metric: str
    seeds: tuple
    original: tuple  # Outcome per seed
    deleaked: tuple
    mean_difference: float
    interval: tuple  # 95 % t interval of the mean difference
    paired_p_value: float
    equivalence_p_value: float
    margin: float
    collapse_p_value: float
    alpha: float

    @property
    def original_collapses(self) -> int:
        return sum(o.collapsed for o in self.original)

    @property
    def deleaked_collapses(self) -> int:
        return sum(o.collapsed for o in self.deleaked)

    @property
    def changed(self) -> bool:
        return self.paired_p_value < self.alpha or self.collapse_p_value < self.alpha

    @property
    def unchanged(self) -> bool:
        return not self.changed and self.equivalence_p_value < self.alpha

    @property
    def verdict(self) -> str:
        return "changed" if self.changed else ("unchanged" if self.unchanged else "inconclusive")

    def __str__(self) -> str:
        def arm(name: str, outcomes: tuple) -> str:
            values = np.array([o.value for o in outcomes])
            survivors = np.array([o.value for o in outcomes if not o.collapsed])
            survivor = f"{survivors.mean():.3f}" if len(survivors) else "—"
            collapses = sum(o.collapsed for o in outcomes)
            return f"  {name:<24} {len(outcomes):>4}  {collapses:>9}  {np.nanmean(values):>8.3f} ± {np.nanstd(values, ddof=1) if len(values) > 1 else 0.0:<6.3f} {survivor:>9}"

        low, high = self.interval
        return "\n".join(
            [
                f"counterfactual retrain: column {self.column!r} replaced by uniform noise, {len(self.seeds)} seeds paired",
                f"  {'configuration':<24} {'runs':>4}  {'collapses':>9}  {'mean ' + self.metric:>8}   {'sd':<6} {'survivor':>9}",
                arm("original (with feature)", self.original),
                arm("de-leaked (noise)", self.deleaked),
                f"  {self.metric} de-leaked − original: {self.mean_difference:+.4f} (95% CI {low:+.4f} to {high:+.4f}); "
                f"paired t p = {self.paired_p_value:.3g}; TOST within ±{self.margin:g}: p = {self.equivalence_p_value:.3g}",
                f"  collapses {self.original_collapses}/{len(self.seeds)} vs {self.deleaked_collapses}/{len(self.seeds)}: "
                f"Fisher exact p = {self.collapse_p_value:.3g}",
                f"  verdict: {self.verdict} (alpha = {self.alpha:g})",
            ]
        )


def compare_counterfactual(
    original: Mapping,
    deleaked: Mapping,
    *,
    column: Any = None,
    metric: str = "f1",
    alpha: float = 0.05,
    margin: float = 0.01,
) -> Counterfactual:
    """Compare two arms given as {seed: result} (number, mapping or Run), paired by seed."""
    from scipy.stats import t as student_t

    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    if not margin > 0:
        raise ValueError(f"margin must be positive, got {margin!r}")
    seeds = tuple(seed for seed in original if seed in deleaked)
    if len(seeds) < 2:
        raise ValueError(f"need at least two seeds present in both arms, got {len(seeds)}")
    first = tuple(outcome_of(original[seed], metric) for seed in seeds)
    second = tuple(outcome_of(deleaked[seed], metric) for seed in seeds)
    differences = np.array([b.value - a.value for a, b in zip(first, second)])
    finite = differences[np.isfinite(differences)]
    mean = float(finite.mean()) if len(finite) else float("nan")
    spread = float(finite.std(ddof=1)) if len(finite) > 1 else float("nan")
    if len(finite) < 2:
        paired_p, equivalence_p, interval = 1.0, 1.0, (float("nan"), float("nan"))
    elif spread == 0:  # every seed moved by exactly the same amount (often: not at all)
        paired_p = 1.0 if mean == 0 else 0.0
        equivalence_p = stats.tost_equivalence(finite, delta=margin).p_value
        interval = (mean, mean)
    else:
        paired_p = stats.paired_t(list(finite), [0.0] * len(finite)).p_value
        equivalence_p = stats.tost_equivalence(finite, delta=margin).p_value
        half = float(student_t.ppf(0.975, len(finite) - 1)) * spread / math.sqrt(len(finite))
        interval = (mean - half, mean + half)
    collapses = stats.fisher_exact_collapses(
        sum(o.collapsed for o in first), len(seeds), sum(o.collapsed for o in second), len(seeds)
    )
    return Counterfactual(
        column=column,
        metric=metric,
        seeds=seeds,
        original=first,
        deleaked=second,
        mean_difference=mean,
        interval=interval,
        paired_p_value=float(paired_p),
        equivalence_p_value=float(equivalence_p),
        margin=margin,
        collapse_p_value=float(collapses.p_value),
        alpha=alpha,
    )


def counterfactual_retrain(
    train_and_evaluate: Callable,
    X: Any,
    y: Any,
    column: int | str,
    seeds: Iterable[int],
    *,
    metric: str = "f1",
    alpha: float = 0.05,
    margin: float = 0.01,
) -> Counterfactual:
    """Run ``train_and_evaluate(X, y, seed)`` per seed on X and on X with ``column`` as noise.

    The callable owns the split, the model and the evaluation; it must use ``seed`` for every
    random choice so that the two arms of one seed differ only in the column.
    """
    seeds = list(seeds)
    if len(set(seeds)) != len(seeds):
        raise ValueError("seeds must not repeat a seed (the seed pairs the two arms)")
    _column_values(X, column)  # a bad column fails here, before any training
    original, deleaked = {}, {}
    for seed in seeds:
        original[seed] = train_and_evaluate(X, y, seed)
        deleaked[seed] = train_and_evaluate(replace_with_noise(X, column, seed), y, seed)
    return compare_counterfactual(
        original, deleaked, column=column, metric=metric, alpha=alpha, margin=margin
    )
