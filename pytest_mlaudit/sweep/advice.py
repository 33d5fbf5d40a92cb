"""What to try about collapsed runs, read from the runs themselves.

A binary run "collapses" under Eq. 3 when almost nothing is predicted positive. That is a failed
training when the scores carry no signal, but when the same runs rank positives well (AUROC well
above 0.5) the training worked and the threshold did not: at low prevalence no score may reach 0.5.
The advice then names the threshold and the prevalence, not the learning rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..core import metrics
from ..core.metric_names import BINARY, MULTICLASS, REGRESSION
from ..core.spec import CellResult

# AUROC at or above this counts as "ranks well": far from the 0.5 of a model without signal.
RANKS_WELL_AUROC = 0.65


def _mean(values: Sequence[float]) -> float:
    finite = [v for v in values if math.isfinite(v)]
    return sum(finite) / len(finite) if finite else math.nan


def _reasons(result: CellResult) -> list[str]:
    if result.run is None or result.metrics is None:
        return []
    return metrics.collapse_reasons(result.run, result.metrics)


def threshold_collapses(rows: Sequence[CellResult]) -> list[CellResult]:
    """Binary runs collapsed by the positive-rate (or F1) rule while ranking well, with finite
    scores and losses: the threshold, not the training, failed."""
    found = []
    for result in rows:
        if not result.collapsed or result.task != BINARY:
            continue
        reasons = " ".join(_reasons(result))
        if "NaN/Inf" in reasons:
            continue
        if result.metric("auroc") >= RANKS_WELL_AUROC:
            found.append(result)
    return found


def collapse_advice(rows: Sequence[CellResult]) -> str:
    """One sentence of advice for the collapsed runs among `rows`."""
    collapsed = [r for r in rows if r.collapsed]
    if not collapsed:
        return "check the learning rate, loss scaling and class weighting; more seeds narrow the interval"
    ranking = threshold_collapses(collapsed)
    if ranking and len(ranking) * 2 >= len(collapsed):
        run = ranking[0].run
        prevalence = _mean([float(r.run.y_true.mean()) for r in ranking if r.run is not None])
        highest = _mean([float(r.run.y_score.max()) for r in ranking if r.run is not None])
        threshold = getattr(run, "threshold", 0.5)
        return (
            f"{len(ranking)} of the {len(collapsed)} collapsed runs rank positives well (mean AUROC "
            f"{_mean([r.metric('auroc') for r in ranking]):.2f}) but predict almost nothing positive at "
            f"threshold {threshold:g} (mean highest score {highest:.2f}, prevalence {prevalence:.1%}): "
            "this is the threshold and the prevalence, not the learning rate — choose the threshold on "
            "validation data (e.g. the score quantile at the prevalence, or the F1-maximising one), "
            "calibrate the scores, or weight the positive class; judge ranking with AUROC/AUPRC"
        )
    reasons = " ".join(" ".join(_reasons(r)) for r in collapsed)
    if "NaN/Inf in training losses" in reasons:
        return (
            "losses went NaN/Inf: lower the learning rate, clip gradients, check loss scaling "
            "(fp16 needs a GradScaler) and inputs for NaN"
        )
    task = collapsed[0].task
    if task == MULTICLASS:
        return (
            "one class swallows the predictions: weight the classes (class_weight='balanced'), check "
            "the learning rate, and look at the per-class recall in the report"
        )
    if task == REGRESSION:
        return (
            "the predictions are constant or no better than the mean of y_true: check the learning "
            "rate, the scaling of the target and features, and dead units"
        )
    return (
        "check the learning rate, loss scaling and class weighting; more seeds narrow the interval"
    )
