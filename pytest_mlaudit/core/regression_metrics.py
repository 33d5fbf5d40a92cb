"""Held-out metrics of a regression run, and its collapse rule (the Eq. 3 analogue).

    rmse      root mean squared error
    mae       mean absolute error
    r2        1 - SS_res / SS_tot (coefficient of determination against the mean of y_true);
              NaN when y_true is constant
    spearman  Spearman's rank correlation of predictions and targets (mid-ranks for ties); NaN
              when either is constant

All are NaN when a prediction is not finite (the run has collapsed). A run collapses when its
predictions are constant, when R² <= 0 (no better than predicting the mean of y_true), or when its
losses or predictions hold NaN/Inf. numpy and scipy are imported inside the functions.
"""

from __future__ import annotations

from typing import Any

COLLAPSE_R2 = 0.0


def compute(run: Any) -> dict[str, float]:
    import numpy as np

    truth, predictions = run.y_true, run.y_pred
    nan = float("nan")
    if not np.isfinite(predictions).all():
        return {"rmse": nan, "mae": nan, "r2": nan, "spearman": nan}
    error = predictions - truth
    total = float(((truth - truth.mean()) ** 2).sum())
    residual = float((error**2).sum())
    return {
        "rmse": float(np.sqrt(np.mean(error**2))),
        "mae": float(np.mean(np.abs(error))),
        "r2": 1.0 - residual / total if total > 0 else nan,
        "spearman": spearman(truth, predictions),
    }


def spearman(a: Any, b: Any) -> float:
    import numpy as np
    from scipy.stats import rankdata

    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return float("nan")
    return float(np.corrcoef(rankdata(a), rankdata(b))[0, 1])


def collapse_reasons(run: Any, computed: dict[str, float]) -> list[str]:
    """Constant prediction, R² <= 0 against the mean predictor, or non-finite losses/predictions."""
    import numpy as np

    reasons = []
    predictions = run.y_pred
    finite = bool(np.isfinite(predictions).all())
    if finite and np.ptp(predictions) == 0:
        reasons.append(f"constant prediction {float(predictions[0]):.4g}")
    r2 = computed.get("r2", float("nan"))
    if finite and np.isfinite(r2) and r2 <= COLLAPSE_R2:
        reasons.append(f"R² {r2:.3f} <= 0 (no better than predicting the mean)")
    if run.losses is not None and not np.isfinite(run.losses).all():
        reasons.append("NaN/Inf in training losses")
    if not finite:
        reasons.append("NaN/Inf in y_pred")
    return reasons
