"""Synthetic twins: marginals, prevalence, Bayes AUROC and per-class difficulty."""

import numpy as np
import pytest

from pytest_mlaudit.synthetic import (
    DifficultyCalibratedTwin,
    GaussianMixtureTwin,
    difficulty_margins,
    make_hard_positive_dataset,
)
from pytest_mlaudit.synthetic.fidelity import rank_auroc
from pytest_mlaudit.synthetic.reference_model import fit_logistic


@pytest.fixture(scope="module")
def real():
    return make_hard_positive_dataset(n=4000, seed=3)


@pytest.fixture(scope="module")
def mixture_twin(real):
    return GaussianMixtureTwin.fit(*real)


@pytest.fixture(scope="module")
def calibrated_twin(real):
    return DifficultyCalibratedTwin.fit(*real)


@pytest.mark.parametrize("target", [0.75, 0.9, 0.99, 0.999])
def test_bayes_auroc_in_feature_space_equals_target(real, target):
    twin = GaussianMixtureTwin.fit(*real, target_auroc=target)
    assert twin.bayes_auroc() == pytest.approx(target, abs=1e-9)


@pytest.mark.parametrize("target", [0.8, 0.99])
def test_empirical_auroc_of_the_bayes_score_reaches_target(real, target):
    twin = GaussianMixtureTwin.fit(*real, target_auroc=target)
    X, y = twin.sample(60_000, seed=11)
    assert rank_auroc(twin.bayes_score(X), y) == pytest.approx(target, abs=0.01)


def test_mixture_twin_matches_marginals_prevalence_and_size(real, mixture_twin):
    X_real, y_real = real
    X, y = mixture_twin.sample(seed=1)
    assert X.shape == X_real.shape
    assert y.sum() == y_real.sum()  # exact prevalence, no sampling noise
    varying = X_real.var(axis=0) > 0
    mean_error = np.abs(X.mean(axis=0) - X_real.mean(axis=0))[varying] / X_real.std(axis=0)[varying]
    var_error = np.abs(X.var(axis=0)[varying] / X_real.var(axis=0)[varying] - 1)
    assert mean_error.max() < 0.05 and var_error.max() < 0.10
    # The constant columns (the paper's hard-coded 0.5s) stay exactly constant.
    np.testing.assert_array_equal(X[:, ~varying], X_real[:, ~varying][: len(X)])


def test_samples_are_reproducible_per_seed(mixture_twin, calibrated_twin):
    for twin in (mixture_twin, calibrated_twin):
        a, b, c = twin.sample(500, seed=4), twin.sample(500, seed=4), twin.sample(500, seed=5)
        np.testing.assert_array_equal(a[0], b[0])
        assert not np.array_equal(a[0], c[0])


def test_calibrated_twin_matches_difficulty_where_mixture_twin_does_not(
    real, mixture_twin, calibrated_twin
):
    calibrated = calibrated_twin.fidelity_report(*real, seed=2)
    mixture = mixture_twin.fidelity_report(*real, seed=2)
    assert calibrated.marginals_ok and mixture.marginals_ok
    assert calibrated.difficulty_ok, str(calibrated)
    assert not mixture.difficulty_ok, str(mixture)
    assert all(row.nominal_p_value < 1e-6 for row in mixture.difficulty)
    # No null twin dataset comes anywhere near: the smallest Monte Carlo p-value, 1 / (1 + 39).
    assert all(row.monte_carlo_p_value == pytest.approx(1 / 40) for row in mixture.difficulty)
    assert calibrated.twin_auroc == pytest.approx(calibrated.real_auroc, abs=0.02)
    assert mixture.bayes_auroc == pytest.approx(0.99)


def test_report_flags_a_twin_of_other_data(mixture_twin):
    # A twin is judged against data it was not fitted on: the marginals must fail, loudly.
    X_other, y_other = make_hard_positive_dataset(n=4000, seed=3, prevalence=0.4)
    X_other = X_other * 1.5 + 2.0
    report = mixture_twin.fidelity_report(X_other, y_other)
    assert not report.marginals_ok
    assert "out of tolerance" in str(report)
    assert report.twin_prevalence == pytest.approx(
        0.25
    ) and report.real_prevalence == pytest.approx(0.4)


def test_report_text_names_every_quantity(real, calibrated_twin):
    text = str(calibrated_twin.fidelity_report(*real, null_samples=5))
    for needle in (
        "real mean",
        "twin var",
        "prevalence",
        "AUROC",
        "KS D =",
        "nominal p",
        "Monte Carlo p",
    ):
        assert needle in text


def test_without_null_samples_the_nominal_p_value_decides(real, mixture_twin):
    report = mixture_twin.fidelity_report(*real, null_samples=0)
    assert all(row.monte_carlo_p_value is None for row in report.difficulty)
    assert all(row.p_value == row.nominal_p_value for row in report.difficulty)
    assert not report.difficulty_ok
    with pytest.raises(ValueError, match="null_samples must be a non-negative integer"):
        mixture_twin.fidelity_report(*real, null_samples=-1)


def test_too_few_null_samples_are_called_out(real, mixture_twin):
    report = mixture_twin.fidelity_report(*real, null_samples=19)  # smallest p 0.05 > 0.025
    assert report.difficulty_ok  # it cannot fail...
    assert "the difficulty test cannot fail; use at least 40 null samples" in str(
        report
    )  # ...and says so


def test_margins_separate_easy_from_hard_examples():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 400)
    X = rng.normal(size=(800, 3))
    X[:, 0] += 3 * y
    margins = difficulty_margins(X, y)
    easy = (X[:, 0] > 4) & (y == 1)
    hard = (X[:, 0] < 1) & (y == 1)
    assert margins[easy].min() > margins[hard].max()


def test_numpy_logistic_regression_agrees_with_scikit_learn():
    sklearn_linear = pytest.importorskip("sklearn.linear_model")
    X, y = make_hard_positive_dataset(n=2000, seed=5)
    ours = fit_logistic(X, y, l2=1e-4)
    standardised = (X - ours.center) / ours.scale
    theirs = sklearn_linear.LogisticRegression(C=1.0 / (1e-4 * len(y)), tol=1e-10, max_iter=5000)
    theirs.fit(standardised, y)
    np.testing.assert_allclose(ours.weights, theirs.coef_[0], atol=1e-3)
    assert ours.intercept == pytest.approx(theirs.intercept_[0], abs=1e-3)


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        ([[1.0, np.nan], [2.0, 3.0]], [0, 1], "X has NaN or infinite values, first in row 0"),
        ([[1.0, 2.0], [2.0, 3.0]], [0, 2], "y must hold binary labels"),
        ([[1.0, 2.0], [2.0, 3.0]], [1, 1], "y must contain both classes"),
        ([1.0, 2.0], [0, 1], "X must be 2-D"),
        ([[1.0], [2.0], [3.0]], [0, 1], "one label per row"),
        ([[1.0], [1.0]], [0, 1], "no feature that varies"),
        ([["a"], ["b"]], [0, 1], "X must be numeric"),
    ],
)
def test_bad_input_gets_a_one_line_error(X, y, message):
    for twin_class in (GaussianMixtureTwin, DifficultyCalibratedTwin):
        with pytest.raises(ValueError, match=message):
            twin_class.fit(X, y)


def test_bad_parameters_are_named(real):
    with pytest.raises(ValueError, match="target_auroc must be in"):
        GaussianMixtureTwin.fit(*real, target_auroc=1.0)
    with pytest.raises(ValueError, match="n must be an integer"):
        GaussianMixtureTwin.fit(*real).sample(n=1)
    with pytest.raises(RuntimeError, match="not fitted"):
        GaussianMixtureTwin().sample(10)
