"""pytest_mlaudit.core.metrics against scikit-learn, and the collapse rule of Eq. 3."""

import math

import numpy as np
import pytest
from sklearn import metrics as sk

from pytest_mlaudit import Run
from pytest_mlaudit.core import metrics


def _case(seed, size=500, prevalence=0.25, ties=False):
    rng = np.random.default_rng(seed)
    y = (rng.random(size) < prevalence).astype(int)
    score = np.clip(0.3 * y + rng.normal(0.35, 0.2, size), 0, 1)
    if ties:
        score = np.round(score, 1)  # many tied scores: the hard case for AUROC and AP
    return y, score


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_metrics_match_scikit_learn(seed, ties):
    y, score = _case(seed, ties=ties)
    assert metrics.f1_score(y, score) == pytest.approx(
        sk.f1_score(y, score >= 0.5, zero_division=0)
    )
    assert metrics.auroc(y, score) == pytest.approx(sk.roc_auc_score(y, score))
    assert metrics.auprc(y, score) == pytest.approx(sk.average_precision_score(y, score))
    assert metrics.brier(y, score) == pytest.approx(sk.brier_score_loss(y, score))
    assert metrics.positive_rate(score) == pytest.approx(float(np.mean(score >= 0.5)))


def test_f1_with_no_predicted_and_no_true_positives_is_zero():
    assert metrics.f1_score([0, 0, 0], [0.1, 0.2, 0.3]) == 0.0
    assert metrics.f1_score([0, 1, 0], [0.1, 0.2, 0.3]) == 0.0


def test_ece_by_hand_with_ten_equal_width_bins():
    y = np.array([0, 1, 1, 0, 1])
    score = np.array([0.05, 0.15, 0.95, 0.99, 1.0])
    # bin 0: {0.05 | y=0} gap .05; bin 1: {0.15 | y=1} gap .85; bin 9: {.95,.99,1.0 | 1,0,1} gap |2/3 - .98|
    expected = (0.05 + 0.85 + 3 * abs(2 / 3 - (0.95 + 0.99 + 1.0) / 3)) / 5
    assert metrics.ece(y, score) == pytest.approx(expected)


def test_ece_is_zero_for_a_perfectly_calibrated_bin():
    y = np.array([1, 0, 1, 0])
    assert metrics.ece(y, np.full(4, 0.5)) == pytest.approx(0.0)


def test_threshold_free_metrics_are_nan_with_one_class():
    assert math.isnan(metrics.auroc([1, 1], [0.2, 0.9]))
    assert math.isnan(metrics.auprc([0, 0], [0.2, 0.9]))


def test_collapse_rules_of_eq3():
    y = np.array([0, 1] * 500)
    good = Run(y, y * 0.8 + 0.1, losses=[0.7, 0.5])
    assert not metrics.collapsed(good)
    assert metrics.collapsed(Run(y, np.zeros(y.size)))  # all negative: F1 0 and no positives
    low_f1 = np.where(
        np.arange(y.size) < 20, 0.9, 0.1
    )  # 10 true positives of 500: F1 0.038, rate 0.02
    assert metrics.f1_score(y, low_f1) < 0.05 and metrics.positive_rate(low_f1) > 0.001
    assert metrics.collapsed(Run(y, low_f1))
    assert metrics.collapsed(Run(y, y * 0.8 + 0.1, losses=[0.7, float("nan")]))
    assert metrics.collapsed(Run(y, y * 0.8 + 0.1, losses=[0.7, float("inf")]))
    nan_scores = (y * 0.8 + 0.1).astype(float)
    nan_scores[3] = float("nan")
    assert metrics.collapse_reasons(Run(y, nan_scores)) == ["NaN/Inf in y_score"]


def test_positive_rate_just_above_the_collapse_floor_is_not_a_collapse():
    y = np.zeros(2000, dtype=int)
    y[:4] = 1
    score = np.zeros(2000)
    score[:4] = 0.9  # 4/2000 = 0.002 predicted positive, F1 = 1
    assert not metrics.collapsed(Run(y, score))
    score[2:4] = 0.1  # 2/2000 = 0.001: not below the floor
    assert not metrics.collapsed(Run(y, score))
    score[1] = 0.1  # 1/2000 = 0.0005 < 0.001
    assert metrics.collapse_reasons(Run(y, score)) == ["positive rate 0.0005 < 0.001"]


def test_run_rejects_mismatched_lengths_and_non_binary_labels():
    with pytest.raises(ValueError, match="y_true has 3 values but y_score has 2"):
        Run([0, 1, 0], [0.1, 0.2])
    with pytest.raises(ValueError, match="0/1 labels"):
        Run([0, 2], [0.1, 0.2], task="binary")
    with pytest.raises(ValueError, match="one real score per example"):
        Run([0, 2], [0.1, 0.2])  # not binary labels: multiclass needs probabilities or labels
    with pytest.raises(ValueError, match="unknown keys"):
        Run.coerce({"y_true": [0, 1], "y_score": [0.1, 0.9], "oops": 1})
