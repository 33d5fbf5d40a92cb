"""Probe 2: each feature alone against the label, tie-aware."""

import numpy as np
import pytest

from pytest_mlaudit.leakage import single_feature_auroc
from tests.leakage.leak_standin import FEATURES, matrix


def test_mosaic_low_vaf_has_auroc_above_one_half(mosaic):
    X, y = matrix(mosaic)
    scan = single_feature_auroc(X, y, names=FEATURES)
    low_vaf = scan.auroc("low_vaf")
    fired = float(X[y == 1, FEATURES.index("low_vaf")].mean())
    assert low_vaf == pytest.approx(0.5 + fired / 2)  # fires on positives only
    assert low_vaf > 0.6
    row = next(r for r in scan.rows if r.column == "low_vaf")
    assert row.p_value < 1e-10
    # ...and yet a threshold scan (deepchecks/evalml style) does not flag it: it fires on ~30 % of positives.
    assert "low_vaf" not in scan.flagged


def test_germline_low_vaf_has_auroc_exactly_one_half(germline):
    X, y = matrix(germline)
    scan = single_feature_auroc(X, y, names=FEATURES)
    assert scan.auroc("low_vaf") == 0.5
    row = next(r for r in scan.rows if r.column == "low_vaf")
    assert row.p_value == 1.0 and row.distinct_values == 1 and not row.flagged


def test_perfect_separation_is_flagged_in_either_direction():
    y = np.array([0, 1] * 50)
    scan = single_feature_auroc(
        {"label_copy": y * 2.0, "inverted": 1.0 - y, "noise": np.arange(100) % 7}, y
    )
    assert scan.flagged == ["label_copy", "inverted"]
    assert scan.auroc("label_copy") == 1.0 and scan.auroc("inverted") == 0.0
    text = str(scan)
    assert text.index("label_copy") < text.index("noise")  # strongest first
    assert text.count("near-perfect separation") == 2


def test_ties_are_counted_as_one_half_like_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(5)
    y = rng.integers(0, 2, size=300)
    tied = rng.integers(0, 4, size=300) + y  # few distinct values, many ties
    assert single_feature_auroc(tied[:, None], y).auroc("0") == pytest.approx(
        metrics.roc_auc_score(y, tied)
    )


def test_every_column_is_listed(mosaic):
    X, y = matrix(mosaic)
    scan = single_feature_auroc(X, y, names=FEATURES)
    assert [r.column for r in scan.rows] == list(FEATURES)


def test_dataframe_input():
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"a": [0.1, 0.4, 0.35, 0.8], "b": [1, 1, 0, 0]})
    scan = single_feature_auroc(frame, [0, 0, 1, 1])
    assert scan.auroc("a") == 0.75 and scan.auroc("b") == 0.0


@pytest.mark.parametrize(
    ("features", "labels", "message"),
    [
        (
            {"x": [1.0, float("nan"), 2.0]},
            [0, 1, 1],
            "column 'x' has a NaN or infinite value at row 1",
        ),
        ({"x": [1.0, 2.0, 3.0]}, [0, 1, 2], "labels must be 0/1"),
        ({"x": [1.0, 2.0]}, [0, 1, 1], "column 'x' has 2 values for 3 labels"),
        ({"x": [1.0, 2.0]}, [1, 1], "labels must contain both classes"),
        ({"x": ["a", "b"]}, [0, 1], "column 'x' is not numeric"),
    ],
)
def test_bad_input_gets_a_one_line_error(features, labels, message):
    with pytest.raises(ValueError, match=message):
        single_feature_auroc(features, labels)
