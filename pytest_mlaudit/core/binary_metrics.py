"""Held-out metrics of a binary run (§2.6 of the audited paper) and its collapse rule (Eq. 3).

Hand-written on numpy (scikit-learn is not a dependency; the tests compare every metric with it).
Scores that are NaN count as "not positive" when thresholded, as a thresholding pipeline would;
the threshold-free metrics (AUROC, AUPRC, Brier, ECE) are NaN for such a run.
"""

from __future__ import annotations

from typing import Any

COLLAPSE_F1 = 0.05
COLLAPSE_POSITIVE_RATE = 0.001
ECE_BINS = 10


def _arrays(y_true: Any, y_score: Any):
    import numpy as np

    return np.asarray(y_true, dtype=int).reshape(-1), np.asarray(y_score, dtype=float).reshape(-1)


def predicted_positive(y_score: Any, threshold: float = 0.5):
    import numpy as np

    scores = np.asarray(y_score, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(scores, nan=-np.inf) >= threshold


def positive_rate(y_score: Any, threshold: float = 0.5) -> float:
    return float(predicted_positive(y_score, threshold).mean())


def f1_score(y_true: Any, y_score: Any, threshold: float = 0.5) -> float:
    """Binary F1 of `y_score >= threshold`; 0.0 when there are no true and no predicted positives
    (scikit-learn's zero_division=0)."""
    truth, _ = _arrays(y_true, y_score)
    predicted = predicted_positive(y_score, threshold)
    true_positives = float((predicted & (truth == 1)).sum())
    denominator = float(predicted.sum() + (truth == 1).sum())
    return 0.0 if denominator == 0 else 2.0 * true_positives / denominator


def _finite_two_class(truth, scores) -> bool:
    import numpy as np

    return bool(np.isfinite(scores).all()) and 0 < int(truth.sum()) < truth.size


def _ranking_curve(truth, scores):
    """Cumulative true and false positives at every distinct score, highest first: the one sort
    that AUROC and average precision share. Hand-written (scikit-learn is not a dependency)."""
    import numpy as np

    order = np.argsort(-scores, kind="stable")
    sorted_scores = scores[order]
    # The last index of every run of tied scores is one threshold of the curve.
    threshold_ends = np.r_[np.nonzero(np.diff(sorted_scores))[0], sorted_scores.size - 1]
    true_positives = np.cumsum(truth[order])[threshold_ends]
    false_positives = threshold_ends + 1 - true_positives
    return true_positives.astype(float), false_positives.astype(float)


def _auroc_from_curve(true_positives, false_positives) -> float:
    import numpy as np

    # Trapezoids between consecutive thresholds: ties get half credit, as mid-ranks do.
    tpr = np.r_[0.0, true_positives] / true_positives[-1]
    fpr = np.r_[0.0, false_positives] / false_positives[-1]
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0))


def _auprc_from_curve(true_positives, false_positives) -> float:
    import numpy as np

    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / true_positives[-1]
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def auroc(y_true: Any, y_score: Any) -> float:
    """Area under the ROC curve (trapezoidal, which equals the Mann-Whitney U statistic with
    mid-ranks for ties); NaN with one class or non-finite scores."""
    truth, scores = _arrays(y_true, y_score)
    if not _finite_two_class(truth, scores):
        return float("nan")
    return _auroc_from_curve(*_ranking_curve(truth, scores))


def auprc(y_true: Any, y_score: Any) -> float:
    """Average precision, scikit-learn's definition: sum over distinct thresholds (descending) of
    (R_k - R_{k-1}) * P_k, with no interpolation. NaN with one class or non-finite scores."""
    truth, scores = _arrays(y_true, y_score)
    if not _finite_two_class(truth, scores):
        return float("nan")
    return _auprc_from_curve(*_ranking_curve(truth, scores))


def brier(y_true: Any, y_score: Any) -> float:
    import numpy as np

    truth, scores = _arrays(y_true, y_score)
    return float(np.mean((scores - truth) ** 2))


def ece(y_true: Any, y_score: Any, bins: int = ECE_BINS) -> float:
    """Expected calibration error (Eq. 4): sum over equal-width probability bins of
    |B_m|/N * |fraction of positives in B_m - mean predicted probability in B_m|.
    Bins are [m/M, (m+1)/M), the last one closed at 1. NaN for non-finite scores."""
    import numpy as np

    truth, scores = _arrays(y_true, y_score)
    if not np.isfinite(scores).all():
        return float("nan")
    index = np.clip(np.floor(np.clip(scores, 0.0, 1.0) * bins).astype(int), 0, bins - 1)
    counts = np.bincount(index, minlength=bins)
    positives = np.bincount(index, weights=truth, minlength=bins)
    confidence = np.bincount(index, weights=scores, minlength=bins)
    filled = counts > 0
    gaps = np.abs(positives[filled] - confidence[filled])  # = |B_m| * |acc - conf|
    return float(gaps.sum() / truth.size)


def binary_metrics(run: Any) -> dict:
    """The six binary metrics of a Run, as floats (NaN where undefined)."""
    truth, scores = _arrays(run.y_true, run.y_score)
    if _finite_two_class(truth, scores):
        curve = _ranking_curve(truth, scores)
        area_roc, area_pr = _auroc_from_curve(*curve), _auprc_from_curve(*curve)
    else:
        area_roc = area_pr = float("nan")
    return {
        "f1": f1_score(truth, scores, run.threshold),
        "auroc": area_roc,
        "auprc": area_pr,
        "brier": brier(truth, scores),
        "ece": ece(truth, scores),
        "positive_rate": positive_rate(scores, run.threshold),
    }


def binary_collapse_reasons(run: Any, computed: dict) -> list:
    """Eq. 3: F1 < 0.05, or predicted-positive rate < 0.001, or NaN/Inf in the training losses
    (or in y_score)."""
    import numpy as np

    reasons = []
    if computed["f1"] < COLLAPSE_F1:
        reasons.append(f"F1 {computed['f1']:.3f} < {COLLAPSE_F1}")
    if computed["positive_rate"] < COLLAPSE_POSITIVE_RATE:
        reasons.append(f"positive rate {computed['positive_rate']:.4f} < {COLLAPSE_POSITIVE_RATE}")
    if run.losses is not None and not np.isfinite(run.losses).all():
        reasons.append("NaN/Inf in training losses")
    if not np.isfinite(run.y_score).all():
        reasons.append("NaN/Inf in y_score")
    return reasons
