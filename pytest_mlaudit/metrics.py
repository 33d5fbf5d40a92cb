"""Held-out metrics of one run (§2.6 of the audited paper) and the collapse rule (Eq. 3).

NumPy (and scipy for ranks) are imported inside the functions: loading the plugin stays cheap.
Scores that are NaN count as "not positive" when thresholded, as a thresholding pipeline would;
the threshold-free metrics (AUROC, AUPRC, Brier, ECE) are NaN for such a run.
"""

from __future__ import annotations

from typing import Any

COLLAPSE_F1 = 0.05
COLLAPSE_POSITIVE_RATE = 0.001
ECE_BINS = 10
NAMES = ("f1", "auroc", "auprc", "brier", "ece", "positive_rate")


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


def auroc(y_true: Any, y_score: Any) -> float:
    """Area under the ROC curve as the Mann-Whitney U statistic with mid-ranks for ties (equal to
    the trapezoidal ROC area); NaN with one class or non-finite scores."""
    from scipy.stats import rankdata

    truth, scores = _arrays(y_true, y_score)
    if not _finite_two_class(truth, scores):
        return float("nan")
    positives = int(truth.sum())
    negatives = truth.size - positives
    rank_sum = float(rankdata(scores)[truth == 1].sum())
    return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives)


def auprc(y_true: Any, y_score: Any) -> float:
    """Average precision, scikit-learn's definition: sum over distinct thresholds (descending) of
    (R_k - R_{k-1}) * P_k, with no interpolation. NaN with one class or non-finite scores."""
    import numpy as np

    truth, scores = _arrays(y_true, y_score)
    if not _finite_two_class(truth, scores):
        return float("nan")
    order = np.argsort(-scores, kind="mergesort")
    sorted_scores, sorted_truth = scores[order], truth[order]
    # The last index of every run of tied scores is one threshold of the curve.
    threshold_ends = np.r_[np.nonzero(np.diff(sorted_scores))[0], sorted_truth.size - 1]
    true_positives = np.cumsum(sorted_truth)[threshold_ends]
    predicted = threshold_ends + 1
    precision = true_positives / predicted
    recall = true_positives / truth.sum()
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


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


def compute(run: Any) -> dict:
    """All metrics of a Run, as floats (NaN where undefined)."""
    y_true, y_score, threshold = run.y_true, run.y_score, run.threshold
    return {
        "f1": f1_score(y_true, y_score, threshold),
        "auroc": auroc(y_true, y_score),
        "auprc": auprc(y_true, y_score),
        "brier": brier(y_true, y_score),
        "ece": ece(y_true, y_score),
        "positive_rate": positive_rate(y_score, threshold),
    }


def collapse_reasons(run: Any, computed: dict | None = None) -> list:
    """Why a run counts as collapsed under Eq. 3 (empty list: it did not collapse)."""
    import numpy as np

    computed = computed if computed is not None else compute(run)
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


def collapsed(run: Any, computed: dict | None = None) -> bool:
    """Eq. 3: F1 < 0.05, or predicted-positive rate < 0.001, or NaN/Inf in the training losses
    (or in y_score)."""
    return bool(collapse_reasons(run, computed))
