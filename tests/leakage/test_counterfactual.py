"""Probe 3: retrain with the suspect feature replaced by noise (Stage 3, Table 2)."""

import numpy as np
import pytest

from pytest_mlaudit import Run
from pytest_mlaudit.leakage import (
    compare_counterfactual,
    counterfactual_retrain,
    replace_with_noise,
)
from pytest_mlaudit.leakage.counterfactual import outcome_of
from tests.leakage.leak_standin import FEATURES, matrix, train_and_evaluate

LOW_VAF = FEATURES.index("low_vaf")
SEEDS = range(12)


def test_mosaic_counterfactual_changes_f1(mosaic):
    X, y = matrix(mosaic)
    result = counterfactual_retrain(train_and_evaluate, X, y, LOW_VAF, SEEDS)
    assert result.verdict == "changed", str(result)
    assert result.mean_difference < -0.05  # the leak was lifting F1
    assert result.paired_p_value < 1e-6


def test_germline_counterfactual_changes_nothing(germline):
    X, y = matrix(germline)
    result = counterfactual_retrain(train_and_evaluate, X, y, LOW_VAF, SEEDS, margin=0.01)
    assert result.verdict == "unchanged", str(result)
    assert abs(result.mean_difference) < 0.01
    assert result.original_collapses == result.deleaked_collapses == 0
    text = str(result)
    assert (
        "original (with feature)" in text
        and "de-leaked (noise)" in text
        and "Fisher exact p = 1" in text
    )


def test_replace_with_noise_copies_and_seeds():
    X = np.column_stack([np.zeros(50), np.linspace(2, 4, 50)])
    before = X.copy()
    first, again, other = (
        replace_with_noise(X, 0, 3),
        replace_with_noise(X, 0, 3),
        replace_with_noise(X, 1, 4),
    )
    np.testing.assert_array_equal(X, before)
    np.testing.assert_array_equal(first, again)
    assert (
        first[:, 0].min() >= 0 and first[:, 0].max() <= 1 and np.ptp(first[:, 0]) > 0
    )  # constant -> U(0, 1)
    assert other[:, 1].min() >= 2 and other[:, 1].max() <= 4  # otherwise the observed range
    np.testing.assert_array_equal(first[:, 1], X[:, 1])


def test_replace_with_noise_on_a_dataframe():
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"a": [1.0, 2.0, 3.0], "low_vaf": [0.0, 0.0, 0.0]})
    replaced = replace_with_noise(frame, "low_vaf", 0)
    assert list(frame["low_vaf"]) == [0.0, 0.0, 0.0]
    assert replaced["low_vaf"].nunique() == 3 and list(replaced["a"]) == [1.0, 2.0, 3.0]


def test_collapses_are_counted_per_eq3_and_compared_by_fisher():
    y = np.array([0] * 30 + [1] * 10)
    good = Run(y, np.where(y == 1, 0.9, 0.1))
    collapsed = Run(y, np.full(40, 0.01))  # predicts all negative
    original = {seed: good for seed in range(10)}
    deleaked = {seed: (collapsed if seed < 8 else good) for seed in range(10)}
    result = compare_counterfactual(original, deleaked, column="low_vaf")
    assert (result.original_collapses, result.deleaked_collapses) == (0, 8)
    assert result.collapse_p_value < 0.001 and result.verdict == "changed"


def test_outcomes_from_numbers_mappings_and_runs():
    assert outcome_of(0.3).collapsed is False and outcome_of(0.01).collapsed is True
    assert outcome_of({"f1": 0.3, "positive_rate": 0.0}).collapsed is True
    assert outcome_of(float("nan")).collapsed is True
    with pytest.raises(ValueError, match="without 'f1'"):
        outcome_of({"auroc": 0.9})
    with pytest.raises(TypeError, match="must return a number, a mapping or a Run"):
        outcome_of("0.3")


def test_too_few_seeds_is_inconclusive_not_unchanged():
    result = compare_counterfactual({0: 0.30, 1: 0.32}, {0: 0.29, 1: 0.33})
    assert result.verdict == "inconclusive"


@pytest.mark.parametrize(
    ("column", "seeds", "message"),
    [
        (9, range(3), "column must be an integer index below 6"),
        ("low_vaf", range(3), "column must be an integer index"),
        (LOW_VAF, [1, 1, 2], "seeds must not repeat"),
    ],
)
def test_bad_arguments_fail_before_training(germline, column, seeds, message):
    X, y = matrix(germline)
    calls = []
    with pytest.raises(ValueError, match=message):
        counterfactual_retrain(lambda *a: calls.append(a) or 0.5, X, y, column, seeds)
    assert not calls
