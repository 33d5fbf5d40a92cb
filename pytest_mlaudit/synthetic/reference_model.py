"""A small reference model that measures how hard each example is to classify.

Difficulty is the out-of-fold margin of an L2-regularised logistic regression: the logit signed
towards the example's own class, ``(2y - 1) * logit``. Large positive margins are easy examples,
margins near zero or negative are hard ones. Out-of-fold, so an example is never scored by a model
that saw it; then recalibrated (a one-feature logistic regression of the label on the out-of-fold
logit, Platt scaling), because out-of-fold logits are mis-scaled by however much the folds overfit,
and a difficulty measured on two datasets is only comparable on the calibrated log-odds scale.

Hand-written with numpy because scikit-learn is a test-only dependency of mlaudit; a dozen lines
of Newton's method are enough for the low-dimensional tabular data this is meant for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LogisticModel:
    """Weights on standardised features; ``logits(X)`` applies the same standardisation."""

    center: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float

    def logits(self, X: np.ndarray) -> np.ndarray:
        return (
            (np.asarray(X, dtype=float) - self.center) / self.scale
        ) @ self.weights + self.intercept


def fit_logistic(
    X: np.ndarray, y: np.ndarray, l2: float = 1e-3, max_iter: int = 100, tol: float = 1e-8
) -> LogisticModel:
    """Fit by Newton's method (IRLS); ``l2`` penalises the weights per example, not the intercept.

    Constant columns get unit scale and end with weight zero: the penalty keeps the Hessian
    invertible, so perfectly separable data still converges to finite weights.
    """
    # Platt scaling below fits this model on out-of-fold logits, which are computed from the
    # labels of the *other* folds: a deliberate, leak-free flow the linter cannot tell apart.
    # mlaudit: ignore[MLA001]
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    center = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    design = np.column_stack([np.ones(n), (X - center) / scale])
    penalty = np.full(d + 1, l2 * n)
    penalty[0] = 1e-10 * n  # keeps an all-one-class fold solvable without biasing the intercept
    beta = np.zeros(d + 1)
    for _ in range(max_iter):
        logits = design @ beta
        prob = 0.5 * (1.0 + np.tanh(0.5 * logits))  # sigmoid without overflow warnings
        gradient = design.T @ (prob - y) + penalty * beta
        curvature = prob * (1.0 - prob)
        hessian = (design * curvature[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < tol:
            break
    return LogisticModel(center=center, scale=scale, weights=beta[1:], intercept=float(beta[0]))


def stratified_folds(y: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """Fold index of every example, each class spread evenly over the folds."""
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    assignment = np.empty(len(y), dtype=int)
    for class_value in np.unique(y):
        members = np.flatnonzero(y == class_value)
        rng.shuffle(members)
        assignment[members] = np.arange(len(members)) % folds
    return assignment


def out_of_fold_logits(
    X: np.ndarray, y: np.ndarray, folds: int = 5, seed: int = 0, l2: float = 1e-3
) -> np.ndarray:
    """Logit of every example from a model fitted on the other folds."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if folds < 2:
        raise ValueError(f"folds must be at least 2, got {folds!r}")
    assignment = stratified_folds(y, folds, seed)
    logits = np.empty(len(y))
    for fold in range(folds):
        held_out = assignment == fold
        model = fit_logistic(X[~held_out], y[~held_out], l2=l2)
        logits[held_out] = model.logits(X[held_out])
    return logits


def calibrated_out_of_fold_logits(
    X: np.ndarray, y: np.ndarray, folds: int = 5, seed: int = 0, l2: float = 1e-3
) -> np.ndarray:
    """Out-of-fold logits, Platt-recalibrated onto the log-odds scale of the data itself."""
    logits = out_of_fold_logits(X, y, folds=folds, seed=seed, l2=l2)
    calibration = fit_logistic(logits[:, None], y, l2=1e-8)
    return calibration.logits(logits[:, None])


def difficulty_margins(
    X: np.ndarray, y: np.ndarray, folds: int = 5, seed: int = 0, l2: float = 1e-3
) -> np.ndarray:
    """Calibrated out-of-fold margin ``(2y - 1) * logit`` of every example: small means hard."""
    y = np.asarray(y)
    logits = calibrated_out_of_fold_logits(X, y, folds=folds, seed=seed, l2=l2)
    return np.where(y == 1, 1.0, -1.0) * logits
