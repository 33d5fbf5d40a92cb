"""`Run` by task kind: what each kind accepts, the one message a malformed Run gets, the metrics of
each kind against scikit-learn, the collapse rules, user metrics, and the JSON round trip."""

import math

import numpy as np
import pytest
from sklearn import metrics as sk

from pytest_mlaudit import MalformedRun, Run, register_metric
from pytest_mlaudit.core import metrics, resolution
from pytest_mlaudit.core.task import EXPECTED


def _multiclass(seed=0, n=600, k=3, signal=1.5):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    logits = rng.normal(size=(n, k))
    logits[np.arange(n), y] += signal
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y, proba


# -- which kind ------------------------------------------------------------------------------------
def test_binary_classes_0_1_stay_binary():
    y = np.array([0, 1, 1, 0])
    proba = np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.7, 0.3]])
    assert Run(y, proba, classes=np.array([0, 1])).task == "binary"
    assert Run(np.array(["n", "p", "p", "n"]), proba).task == "multiclass"


def test_binary_is_unchanged_and_a_binary_predict_proba_matrix_is_binary():
    y = np.array([0, 1, 1, 0, 1])
    score = np.array([0.1, 0.8, 0.6, 0.3, 0.4])
    run = Run(y, score)
    assert run.task == "binary" and run.y_score.shape == (5,)
    matrix = Run(y, np.column_stack([1 - score, score]))
    assert matrix.task == "binary" and np.array_equal(matrix.y_score, score)
    assert metrics.compute(run) == metrics.compute(matrix)


def test_multiclass_from_probabilities_labels_and_named_classes():
    y, proba = _multiclass()
    run = Run(y, proba)
    assert run.task == "multiclass" and run.classes == (0, 1, 2)
    assert np.array_equal(run.y_pred, proba.argmax(axis=1))
    labels = Run(y, proba.argmax(axis=1), task="multiclass")
    assert labels.task == "multiclass" and labels.y_score is None
    assert Run(y, y_pred=proba.argmax(axis=1), task="multiclass").task == "multiclass"
    names = np.array(["astro", "glio", "medullo"])
    named = Run(names[y], proba, classes=names)
    assert named.classes == ("astro", "glio", "medullo")
    assert metrics.compute(named)["macro_f1"] == metrics.compute(run)["macro_f1"]
    assert "recall_glio" in metrics.compute(named)
    # string labels predicted directly: a classifier's .predict() output
    assert Run(names[y], y_pred=names[proba.argmax(axis=1)]).task == "multiclass"


def test_regression_from_y_pred():
    rng = np.random.default_rng(0)
    y = rng.normal(size=200)
    run = Run(y, y_pred=y + rng.normal(0, 0.3, 200))
    assert run.task == "regression" and run.y_score is None
    assert Run(y, y + 0.1, task="regression").task == "regression"


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        # the 3-class case: the (600, 3) matrix flattened
        (lambda y, p: Run(y, p.reshape(-1)), "y_true has 600 values but y_score has 1800"),
        (lambda y, p: Run(y, p[:, 0]), "one real score per example"),
        (lambda y, p: Run(y, p * 3), "outside [0, 1]"),
        (lambda y, p: Run(y, p / 2), "rows must sum to 1"),
        (lambda y, p: Run(y, p[:, :2]), "y_true holds label 2 but y_score has only 2 columns"),
        (lambda y, p: Run(y), "no predictions"),
        (lambda y, p: Run(y.astype(float) + 0.5, p[:, 0]), "y_true is real-valued"),
        (lambda y, p: Run(y, y_pred=y), "class labels or integer regression targets"),
        (lambda y, p: Run(y, p, task="regression"), "regression predictions must be (n,)"),
        (
            lambda y, p: Run((y > 0).astype(int), p[:, 0] * 4),
            "y_score must be probabilities in [0, 1]",
        ),
        (lambda y, p: Run(y, p, task="sorting"), "task must be one of"),
        (lambda y, p: Run(np.eye(3)[y], p), "y_true must hold one value per example"),
        (lambda y, p: Run(y[:0], p[:0]), "y_true is empty"),
        (lambda y, p: Run(y, p, metrics={"f1": 0.3}), "built-in metric 'f1'"),
        (lambda y, p: Run(y, p, metrics={"mcc": "high"}), "metrics['mcc'] must be a number"),
    ],
)
def test_a_malformed_run_is_one_line_with_shapes_and_what_each_kind_expects(arguments, problem):
    y, proba = _multiclass()
    with pytest.raises(MalformedRun) as caught:
        arguments(y, proba)
    message = str(caught.value)
    assert "\n" not in message
    assert problem in message
    assert message.startswith("Run: ")
    if "given:" in message:
        assert "shape" in message
    assert "binary expects" in message and "multiclass expects" in message
    assert "regression expects" in message and EXPECTED in message


def test_a_malformed_run_is_a_value_error_and_a_returned_non_run_is_malformed_too():
    assert issubclass(MalformedRun, ValueError)
    with pytest.raises(MalformedRun, match="got NoneType"):
        Run.coerce(None)


# -- metrics against scikit-learn -------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("k", [3, 7])
def test_multiclass_metrics_match_scikit_learn(seed, k):
    y, proba = _multiclass(seed, k=k)
    found = metrics.compute(Run(y, proba))
    predicted = proba.argmax(axis=1)
    assert found["accuracy"] == pytest.approx(sk.accuracy_score(y, predicted))
    assert found["balanced_accuracy"] == pytest.approx(sk.balanced_accuracy_score(y, predicted))
    assert found["macro_f1"] == pytest.approx(sk.f1_score(y, predicted, average="macro"))
    assert found["micro_f1"] == pytest.approx(sk.f1_score(y, predicted, average="micro"))
    assert found["auroc"] == pytest.approx(sk.roc_auc_score(y, proba, multi_class="ovr"))
    assert found["log_loss"] == pytest.approx(sk.log_loss(y, proba))
    recalls = sk.recall_score(y, predicted, average=None)
    for c in range(k):
        assert found[f"recall_{c}"] == pytest.approx(recalls[c])


def test_top_class_ece_by_hand():
    y = np.array([0, 1, 2, 0])
    proba = np.array([[0.9, 0.05, 0.05], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.55, 0.45, 0.0]])
    # bins: 0.9 -> [0.9,1] correct; 0.7 -> [0.7,0.8) correct; 0.6 and 0.55 -> [0.5,0.6)/[0.6,0.7)
    expected = (abs(1 - 0.9) + abs(1 - 0.7) + abs(0 - 0.6) + abs(1 - 0.55)) / 4
    assert metrics.compute(Run(y, proba))["ece"] == pytest.approx(expected)


def test_labels_only_multiclass_has_no_probability_metrics():
    y, proba = _multiclass()
    found = metrics.compute(Run(y, proba.argmax(axis=1), task="multiclass"))
    assert math.isnan(found["auroc"]) and math.isnan(found["log_loss"]) and math.isnan(found["ece"])
    assert found["macro_f1"] > 0.5


def test_regression_metrics_match_scikit_learn_and_scipy():
    from scipy.stats import spearmanr

    rng = np.random.default_rng(3)
    y = rng.normal(10, 3, 300)
    predicted = y + rng.normal(0, 1.5, 300)
    found = metrics.compute(Run(y, y_pred=predicted))
    assert found["rmse"] == pytest.approx(math.sqrt(sk.mean_squared_error(y, predicted)))
    assert found["mae"] == pytest.approx(sk.mean_absolute_error(y, predicted))
    assert found["r2"] == pytest.approx(sk.r2_score(y, predicted))
    assert found["spearman"] == pytest.approx(spearmanr(y, predicted).statistic)


# -- collapse rules --------------------------------------------------------------------------------
def test_multiclass_collapse_rules():
    y, proba = _multiclass()
    assert not metrics.collapsed(Run(y, proba))
    one_class = np.zeros_like(proba)
    one_class[:, 1] = 1.0
    reasons = metrics.collapse_reasons(Run(y, one_class))
    assert any("class 1 predicted for 100.0% of rows" in r for r in reasons)
    nan = proba.copy()
    nan[3] = np.nan
    assert "NaN/Inf in y_score" in metrics.collapse_reasons(Run(y, nan))
    assert "NaN/Inf in training losses" in metrics.collapse_reasons(
        Run(y, proba, losses=[1.0, float("inf")])
    )
    wrong = np.roll(np.eye(3)[y], 1, axis=1)  # every prediction wrong, no class dominant
    assert any("macro F1 0.000 < 0.05" in r for r in metrics.collapse_reasons(Run(y, wrong)))


def test_regression_collapse_rules():
    rng = np.random.default_rng(0)
    y = rng.normal(size=100)
    assert not metrics.collapsed(Run(y, y_pred=y + rng.normal(0, 0.1, 100)))
    constant = metrics.collapse_reasons(Run(y, y_pred=np.full(100, 0.3)))
    assert any("constant prediction" in r for r in constant)
    assert any("R²" in r and "<= 0" in r for r in constant)
    worse = metrics.collapse_reasons(Run(y, y_pred=-y))
    assert any("<= 0" in r for r in worse) and not any("constant" in r for r in worse)
    bad = y.copy()
    bad[0] = np.inf
    assert "NaN/Inf in y_pred" in metrics.collapse_reasons(Run(y, y_pred=bad))


def test_binary_collapse_rule_is_eq3_unchanged():
    y = np.array([0, 1, 0, 1])
    assert metrics.collapse_reasons(Run(y, np.zeros(4))) == [
        "F1 0.000 < 0.05",
        "positive rate 0.0000 < 0.001",
    ]


# -- user metrics ----------------------------------------------------------------------------------
def test_user_metrics_from_the_run_and_registered_functions():
    y, proba = _multiclass()
    register_metric(
        "mcc",
        lambda run: sk.matthews_corrcoef(run.y_true, run.y_pred),
        tasks=["multiclass"],
    )
    register_metric("cost", lambda run: 3.0, lower_is_better=True)
    found = metrics.compute(Run(y, proba, metrics={"kappa": 0.4}))
    assert found["mcc"] == pytest.approx(sk.matthews_corrcoef(y, proba.argmax(axis=1)))
    assert found["kappa"] == 0.4 and found["cost"] == 3.0
    rng = np.random.default_rng(0)
    regression = metrics.compute(Run(rng.normal(size=20), y_pred=rng.normal(size=20)))
    assert "mcc" not in regression and regression["cost"] == 3.0


def test_a_registered_metric_that_raises_is_a_metric_error_naming_it():
    y, proba = _multiclass()
    register_metric("broken", lambda run: 1 / 0)
    with pytest.raises(
        metrics.MetricError, match="registered metric 'broken' raised ZeroDivisionError"
    ):
        metrics.compute(Run(y, proba))


def test_register_metric_refuses_built_in_names_and_bad_tasks():
    with pytest.raises(ValueError, match="built-in"):
        register_metric("macro_f1", lambda run: 0.0)
    with pytest.raises(ValueError, match="tasks must name"):
        register_metric("x", lambda run: 0.0, tasks=["ranking"])
    with pytest.raises(ValueError, match="must be a word"):
        register_metric("two words", lambda run: 0.0)


# -- resolution ------------------------------------------------------------------------------------
def _brute_force_step(metric_of, truth, predicted, classes):
    """The smallest non-zero change from one prediction turning right or wrong, by trying each."""
    base = metric_of(truth, predicted)
    best = math.inf
    for i in range(truth.size):
        options = [truth[i]] if predicted[i] != truth[i] else [c for c in classes if c != truth[i]]
        for option in options:
            changed = predicted.copy()
            changed[i] = option
            delta = abs(metric_of(truth, changed) - base)
            if delta > 1e-12:
                best = min(best, delta)
    return best


def test_f1_step_is_the_change_one_example_makes():
    rng = np.random.default_rng(5)
    y = (rng.random(120) < 0.3).astype(int)
    score = np.clip(0.4 * y + rng.normal(0.3, 0.2, 120), 0, 1)
    run = Run(y, score)
    expected = _brute_force_step(
        lambda t, p: sk.f1_score(t, p, zero_division=0), y, (score >= 0.5).astype(int), (0, 1)
    )
    assert resolution.step(run, "f1") == pytest.approx(expected)
    assert resolution.step(run, "positive_rate") == pytest.approx(1 / 120)


def test_macro_f1_step_is_the_change_one_example_makes():
    y, proba = _multiclass(2, n=150, k=4)
    run = Run(y, proba)
    expected = _brute_force_step(
        lambda t, p: sk.f1_score(t, p, average="macro"), y, proba.argmax(axis=1), range(4)
    )
    assert resolution.step(run, "macro_f1") == pytest.approx(expected)
    assert resolution.step(run, "accuracy") == pytest.approx(1 / 150)


def test_continuous_metrics_have_no_step():
    rng = np.random.default_rng(0)
    y = rng.normal(size=50)
    run = Run(y, y_pred=y + rng.normal(size=50))
    assert resolution.step(run, "rmse") is None


# -- JSON (the resume store) -----------------------------------------------------------------------
def test_every_kind_round_trips_through_json_exactly():
    y, proba = _multiclass()
    names = np.array(["a", "b", "c"])
    rng = np.random.default_rng(0)
    target = rng.normal(size=30)
    runs = [
        Run(y, proba, metrics={"mcc": 0.5}, losses=[1.0, 0.5]),
        Run(names[y], proba, classes=names),
        Run(names[y], y_pred=names[proba.argmax(axis=1)]),
        Run(target, y_pred=target * 2),
        Run((y > 0).astype(int), proba[:, 0]),
    ]
    for run in runs:
        back = Run.from_json(run.to_json())
        assert back.task == run.task and back.classes == run.classes
        assert np.array_equal(back.y_true, run.y_true)
        for name in ("y_score", "y_pred"):
            a, b = getattr(run, name), getattr(back, name)
            assert (a is None and b is None) or np.array_equal(a, b)
        assert back.metrics == run.metrics
        assert metrics.compute(back) == pytest.approx(metrics.compute(run), nan_ok=True)
