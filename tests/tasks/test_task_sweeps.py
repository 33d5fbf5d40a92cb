"""Sweeps of every task kind through pytest itself (pytester): multiclass, regression, user metrics
in the table, the report and `mlaudit diff`, bounds on any metric in its direction, the malformed-Run
stop, the seed that changes nothing, what the test set resolves, and advice that reads the runs."""

import json

import pytest

from pytest_mlaudit import options

# Quick stand-ins for a training: numpy draws seeded by the plugin from the cell's seed.
TRAININGS = """
import numpy as np
from pytest_mlaudit import Run

LABELS = np.random.default_rng(7).integers(0, 3, 300)
TARGET = np.random.default_rng(8).normal(5.0, 2.0, 300)


def three_classes(signal=1.5, labels=LABELS):
    logits = np.random.normal(size=(labels.size, 3))
    logits[np.arange(labels.size), labels] += signal
    return np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)


def regression(noise=1.0):
    return TARGET + np.random.normal(0.0, noise, TARGET.size)
"""


@pytest.fixture
def project(pytester):
    pytester.makepyfile(trainings=TRAININGS)
    pytester.syspathinsert()
    return pytester


def _sweep(report, name):
    return next(s for s in report["sweeps"] if s["nodeid"].endswith(name))


def test_a_multiclass_sweep_reports_multiclass_metrics_and_judges_macro_f1(project, report_of):
    project.makepyfile(
        test_a="""
import trainings
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=4, min_metric={"macro_f1": 0.5})
def test_good(seed):
    return Run(trainings.LABELS, trainings.three_classes())

@seed_sweep(n=4, min_metric={"macro_f1": 0.9})
def test_bar_too_high(seed):
    return Run(trainings.LABELS, trainings.three_classes())
"""
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*FAILED mean macro_f1 (one-sample t, one-sided*observed 0.*vs 0.9, statistic -*",
            "*macro_f1 mean ± sd*accuracy*AUROC*",
            "*resolution: one test example changes macro_f1 by*(n_test 300)*distinct value*",
        ]
    )
    sweep = _sweep(report_of(project), "test_good")
    assert sweep["task"] == "multiclass" and sweep["metric"] == "macro_f1"
    run = sweep["runs"][0]
    assert run["task"] == "multiclass" and run["classes"] == [0, 1, 2]
    assert {
        "accuracy",
        "balanced_accuracy",
        "macro_f1",
        "micro_f1",
        "auroc",
        "log_loss",
        "ece",
    } <= set(run["metrics"])
    assert {"recall_0", "recall_1", "recall_2"} <= set(run["metrics"])
    assert sweep["metrics"]["log_loss"] == "lower" and sweep["metrics"]["macro_f1"] == "higher"
    assert sweep["resolution"]["accuracy"]["step"] == pytest.approx(1 / 300)
    check = next(c for c in sweep["checks"] if c["name"] == "mean macro_f1")
    assert check["compared_with"] == 0.5 and check["estimate"] > 0.5 and check["statistic"] > 0


def test_a_multiclass_collapse_counts_and_its_advice_names_the_classes(project):
    project.makepyfile(
        test_a="""
import numpy as np
import trainings
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=6, max_collapse_rate=0.0)
def test_one_class(seed):
    proba = np.zeros((300, 3))
    proba[:, 2] = 1.0
    return Run(trainings.LABELS, proba)
"""
    )
    result = project.runpytest(options.FLAG)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*FAILED collapse rate*",
            "*seed 0: collapsed: class 2 predicted for 100.0% of rows (>= 99.9%)*",
            "*one class swallows the predictions*",
        ]
    )


def test_a_regression_sweep_judges_rmse_in_its_direction(project, report_of):
    project.makepyfile(
        test_a="""
import trainings
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=4, min_metric={"rmse": 1.5, "r2": 0.5})
def test_accurate(seed):
    return Run(trainings.TARGET, y_pred=trainings.regression(noise=1.0))

@seed_sweep(n=4, min_metric={"rmse": 1.5})
def test_too_noisy(seed):
    return Run(trainings.TARGET, y_pred=trainings.regression(noise=3.0))

@seed_sweep(n=3, max_collapse_rate=0.0)
def test_constant(seed):
    return Run(trainings.TARGET, y_pred=[5.0] * 300)
"""
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=1, failed=2)
    for line in (
        "*RMSE mean ± sd*R²*",
        "*resolution: rmse is continuous (n_test 300)*",
        "*mean rmse 3.* is above the bound 1.5 (rmse: lower is better*",
        "*collapsed: constant prediction 5*",
    ):
        result.stdout.fnmatch_lines([line])
    sweep = _sweep(report_of(project), "test_accurate")
    assert sweep["task"] == "regression" and sweep["metric"] == "rmse"
    assert set(sweep["runs"][0]["metrics"]) == {"rmse", "mae", "r2", "spearman"}
    assert sweep["runs"][0]["prevalence"] is None
    rmse = next(c for c in sweep["checks"] if c["name"] == "mean rmse")
    assert rmse["passed"] and rmse["compared_with"] == 1.5 and rmse["statistic"] < 0


def test_user_metrics_reach_the_table_the_report_and_mlaudit_diff(project, report_of, monkeypatch):
    test_module = """
import trainings
from sklearn.metrics import matthews_corrcoef
from pytest_mlaudit import Run, register_metric, seed_sweep

register_metric("mcc", lambda run: matthews_corrcoef(run.y_true, run.y_pred))
register_metric("cost", lambda run: COST, lower_is_better=True)
COST = {cost}

@seed_sweep(n=3, min_metric={{"cost": 5.0, "kappa_x": 0.2}})
def test_user(seed):
    return Run(trainings.LABELS, trainings.three_classes(), metrics={{"kappa_x": 0.3}})
"""
    project.makepyfile(test_a=test_module.format(cost=2.0))
    result = project.runpytest(options.FLAG, options.REPORT, "a.json")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*macro_f1 mean ± sd*mcc*cost*kappa_x*"])
    sweep = report_of(project, "a.json")["sweeps"][0]
    assert sweep["metrics"]["cost"] == "lower" and sweep["metrics"]["mcc"] == "higher"
    assert {"mcc", "cost", "kappa_x"} <= set(sweep["runs"][0]["metrics"])
    assert sweep["runs"][0]["metrics"]["kappa_x"] == 0.3
    assert {c["name"] for c in sweep["checks"]} >= {"mean cost", "mean kappa_x"}

    project.makepyfile(test_a=test_module.format(cost=9.0))
    result = project.runpytest(options.FLAG, options.REPORT, "b.json")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*mean cost 9 * is above the bound 5 (cost: lower is better*"])

    from pytest_mlaudit import cli

    monkeypatch.chdir(project.path)
    code = cli.main(["diff", "a.json", "b.json", "--tolerance", "cost=1"])
    assert code == 1


def test_a_malformed_run_stops_the_sweep_after_the_first_run_with_one_message(project, report_of):
    project.makepyfile(
        test_a="""
import trainings
from pytest_mlaudit import Run, seed_sweep

CALLS = []

@seed_sweep(n=10)
def test_flattened(seed):
    CALLS.append(seed)
    return Run(trainings.LABELS, trainings.three_classes().reshape(-1))

def test_only_one_run_was_made():
    assert CALLS == [0]
"""
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=1, failed=1)
    text = result.stdout.str()
    message = "y_true has 300 values but y_score has 900"
    # once, in the failure: never once per seed (the summary names the stop, not the message)
    assert text.count(message) == 1, text
    result.stdout.fnmatch_lines(
        [
            "*mlaudit stopped the sweep at its first malformed run (seed=0) (the message is the test's failure)*"
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*mlaudit stopped the sweep at its first malformed run (seed=0)*"
            "y_true shape (300,)*y_score shape (900,)*"
        ]
    )
    assert "multiclass expects" in text and "regression expects" in text
    sweep = report_of(project)["sweeps"][0]
    assert sweep["failed"] and sweep["stopped"].startswith("mlaudit stopped the sweep")
    assert len(sweep["runs"]) == 1 and sweep["checks"] == []


def test_a_malformed_run_stops_a_process_pool_too(project):
    project.makepyfile(
        test_a="""
import numpy as np
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=12)
def test_logits(seed):
    return Run([0, 1, 1, 0], np.array([-2.0, 3.0, 1.5, -0.5]))
"""
    )
    result = project.runpytest(options.FLAG, options.WORKERS, "2")
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert (
        text.count("y_score must be probabilities in [0, 1]; 4 of 4 are not (min -2, max 3") == 1
    ), text
    assert "apply a sigmoid" in text


def test_runs_of_two_task_kinds_stop_the_sweep(project):
    project.makepyfile(
        test_a="""
import trainings
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=4)
def test_mixed(seed):
    if seed == 2:
        return Run(trainings.TARGET, y_pred=trainings.regression())
    return Run(trainings.LABELS, trainings.three_classes())
"""
    )
    result = project.runpytest(options.FLAG)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*runs of two task kinds (seed=0 returned a multiclass Run, seed=2 a regression Run)*"]
    )


def test_a_registered_metric_that_raises_stops_the_sweep_once(project):
    project.makepyfile(
        test_a="""
import trainings
from pytest_mlaudit import Run, register_metric, seed_sweep

register_metric("broken", lambda run: run.no_such_thing)

@seed_sweep(n=5)
def test_broken_metric(seed):
    return Run(trainings.LABELS, trainings.three_classes())
"""
    )
    result = project.runpytest(options.FLAG)
    result.assert_outcomes(failed=1)
    assert result.stdout.str().count("registered metric 'broken' raised AttributeError") == 1


def test_a_seed_that_changes_nothing_is_warned_about(project, report_of):
    project.makepyfile(
        test_a="""
import numpy as np
import trainings
from pytest_mlaudit import Run, seed_sweep

FIXED = np.random.default_rng(0).random(300)

@seed_sweep(n=5)
def test_deterministic(seed):
    return Run((trainings.LABELS > 0).astype(int), FIXED)

@seed_sweep(n=5)
def test_varies(seed):
    return Run((trainings.LABELS > 0).astype(int), np.random.random(300))

@seed_sweep(n=5)
def test_scores_move_metric_does_not(seed):
    # the seed nudges every score but no score crosses the threshold: F1 cannot see it
    return Run((trainings.LABELS > 0).astype(int), np.where(FIXED > 0.5, 0.8, 0.2) + 0.01 * seed * FIXED)
"""
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(
        [
            "*warn: seed effect: f1 is 0.* in all 5 seeds: the seed changed nothing (the predictions are identical too)*"
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*warn: seed effect: f1 is 0.* in all 5 seeds: the predictions differ between seeds but the metric does not*"
        ]
    )
    assert result.stdout.str().count("the seed changed nothing") == 1
    report = report_of(project)
    fixed = _sweep(report, "test_deterministic")
    warning = next(c for c in fixed["checks"] if c["name"] == "seed effect")
    assert warning["severity"] == "warning" and not warning["passed"]
    assert fixed["resolution"]["f1"]["distinct_values"] == 1
    assert not any(c["name"] == "seed effect" for c in _sweep(report, "test_varies")["checks"])


def test_collapses_by_threshold_at_low_prevalence_get_threshold_advice(project):
    project.makepyfile(
        test_a="""
import numpy as np
from pytest_mlaudit import Run, seed_sweep

Y = (np.random.default_rng(3).random(1000) < 0.08).astype(int)

@seed_sweep(n=6, max_collapse_rate=0.1)
def test_rare_positives(seed):
    # ranks well (AUROC ~0.8) but no score reaches 0.5
    score = np.clip(0.12 + 0.12 * Y + np.random.normal(0, 0.09, Y.size), 0, 0.45)
    return Run(Y, score)

@seed_sweep(n=4, max_collapse_rate=0.1)
def test_no_signal(seed):
    return Run(Y, np.clip(np.random.normal(0.1, 0.05, Y.size), 0, 0.4))
"""
    )
    result = project.runpytest(options.FLAG)
    result.assert_outcomes(failed=2)
    text = result.stdout.str()
    threshold = text.split("test_no_signal")[0]
    assert "this is the threshold and the prevalence, not the learning rate" in threshold
    assert "prevalence 8" in threshold or "prevalence 7" in threshold or "prevalence 9" in threshold
    no_signal = text.split("_ test_no_signal _")[1]
    assert "threshold and the prevalence" not in no_signal
    assert "check the learning rate" in no_signal


def test_the_statistic_column_holds_the_test_statistic_and_the_bound_has_its_own(
    project, report_of
):
    project.makepyfile(
        test_a="""
import numpy as np
from pytest_mlaudit import Run, seed_sweep

Y = (np.random.default_rng(3).random(400) < 0.3).astype(int)

@seed_sweep(n=6, min_f1=0.2)
def test_f1(seed):
    return Run(Y, np.clip(0.3 + 0.5 * Y + np.random.normal(0, 0.2, Y.size), 0, 1))
"""
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*check*condition*test*observed*vs*statistic*p-value*verdict*"])
    check = next(c for c in report_of(project)["sweeps"][0]["checks"] if c["name"] == "mean F1")
    from scipy import stats

    f1 = [r["metrics"]["f1"] for r in report_of(project)["sweeps"][0]["runs"]]
    expected = stats.ttest_1samp(f1, 0.2).statistic
    assert check["statistic"] == pytest.approx(expected)
    assert check["estimate"] == pytest.approx(sum(f1) / len(f1))
    assert check["compared_with"] == 0.2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("min_metric=[0.3]", "min_metric must be a non-empty dict"),
        ("min_metric={'rmse': 'low'}", "min_metric['rmse'] must be a finite number"),
        ("min_f1=0.3, min_metric={'f1': 0.2}", "give the F1 bound once"),
        ("metric='two words'", "metric must be a word"),
    ],
)
def test_bad_metric_arguments_are_one_line_collection_errors(project, arguments, message):
    project.makepyfile(
        test_a=f"""
from pytest_mlaudit import seed_sweep

@seed_sweep(n=2, {arguments})
def test_sweep(seed):
    pass
"""
    )
    result = project.runpytest(options.FLAG)
    assert f"test_sweep: seed_sweep: {message}" in result.stdout.str()
    assert result.ret != 0


def test_min_f1_on_multiclass_runs_says_which_metrics_exist(project):
    project.makepyfile(
        test_a="""
import trainings
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=3, min_f1=0.3)
def test_wrong_metric(seed):
    return Run(trainings.LABELS, trainings.three_classes())
"""
    )
    result = project.runpytest(options.FLAG)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*no run has metric 'f1' (these multiclass runs have: *macro_f1*min_metric={'macro_f1': ...}*"
        ]
    )


def test_a_metric_named_without_a_bound_that_no_run_has_fails_the_sweep(project):
    project.makepyfile(
        test_a="""
import trainings
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=3, metric="mcc")
def test_misspelt(seed):
    return Run(trainings.LABELS, trainings.three_classes())

@seed_sweep(n=3, metric="mcc")
def test_given_per_run(seed):
    return Run(trainings.LABELS, trainings.three_classes(), metrics={"mcc": 0.5 + seed / 100})
"""
    )
    result = project.runpytest(options.FLAG)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*FAILED named metric*", "*no run has metric 'mcc' (these multiclass runs have: *"]
    )
    assert "test_given_per_run FAILED" not in result.stdout.str()


def test_the_sweep_table_and_report_read_an_old_report_without_task_fields():
    from pytest_mlaudit.report.terminal import render

    sweep = {
        "nodeid": "t.py::test_old",
        "reproduce": "pytest --mlaudit 't.py::test_old'",
        "runs": [
            {
                "seed": 0,
                "condition_label": "all",
                "metrics": {"f1": 0.5, "auroc": 0.7},
                "collapsed": False,
                "error": None,
            }
        ],
        "checks": [
            {
                "name": "errors",
                "test": "count",
                "statistic": 0.0,
                "p_value": None,
                "passed": True,
                "severity": "error",
            }
        ],
    }
    text = render(json.loads(json.dumps(sweep)), width=140)
    assert "F1 mean ± sd" in text and "0.500" in text and "AUROC" in text
