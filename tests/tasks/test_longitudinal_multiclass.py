"""The longitudinal checks on multiclass calls: a plain multiclass `Run`, τ per reported class
(given, or chosen per class on a holdout), and the per-case calls that reach `mlaudit diff`."""

import json

import numpy as np
import pytest

from pytest_mlaudit import options
from pytest_mlaudit.longitudinal import agreement
from pytest_mlaudit.longitudinal.calls import select_tau_per_class

# Six cases, three classes. Build B changes the calls of cases 0, 1 and 2:
#   case 0: class 0 (0.70) -> class 1 (0.70): both reportable (τ0 0.5, τ1 0.6): discrepant
#   case 1: class 2 (0.80) -> class 1 (0.80): class 2 needs 0.9, so not reportable on A
#   case 2: class 1 (0.55) -> class 0 (0.55): class 1 needs 0.6, not reportable on A
A = [
    [0.70, 0.20, 0.10],
    [0.10, 0.10, 0.80],
    [0.40, 0.55, 0.05],
    [0.95, 0.03, 0.02],
    [0.05, 0.90, 0.05],
    [0.02, 0.03, 0.95],
]
B = [
    [0.20, 0.70, 0.10],
    [0.10, 0.80, 0.10],
    [0.55, 0.40, 0.05],
    [0.95, 0.03, 0.02],
    [0.05, 0.90, 0.05],
    [0.02, 0.03, 0.95],
]
TAU = {0: 0.5, 1: 0.6, 2: 0.9}


def test_agreement_uses_the_tau_of_each_calls_class():
    result = agreement({"A": np.array(A), "B": np.array(B)}, TAU)
    assert result.discrepant == 1 and result.discrepancies[0].case == 0
    assert result.all_reportable == 4  # cases 0, 3, 4, 5
    assert result.partly_reportable == 2  # cases 1 and 2
    single = agreement({"A": np.array(A), "B": np.array(B)}, 0.5)
    assert single.discrepant == 3


def test_tau_per_class_on_a_holdout_is_the_roc_rule_for_each_classs_calls():
    proba = np.array(
        [
            [0.9, 0.05, 0.05],  # class 0, right
            [0.6, 0.3, 0.1],  # class 0, wrong (true 1)
            [0.7, 0.2, 0.1],  # class 0, right
            [0.1, 0.8, 0.1],  # class 1, right
            [0.2, 0.7, 0.1],  # class 1, right
            [0.1, 0.2, 0.7],  # class 2, wrong (true 0)
        ]
    )
    truth = np.array([0, 1, 0, 1, 1, 0])
    chosen = select_tau_per_class(truth, proba)
    assert chosen[0].tau == 0.7 and chosen[0].recall == 1.0  # above the wrong call at 0.6
    assert chosen[1].tau == 0.7  # no wrong call of class 1: every right call reportable
    assert chosen[2].tau == float("inf")  # its only call was wrong


MODULE = """
import numpy as np
from pytest_mlaudit import Run
from pytest_mlaudit.longitudinal import Build, longitudinal

A = {a}
B = {b}
LABELS = [0, 2, 1, 0, 1, 2]

@longitudinal(builds=[Build("cpu", "fp64", 1, threads=1), Build("cpu", "fp64", 1, threads=2)],
              tau={tau}, p=0.7, repeat=False)
def test_rebuild(build):
    proba = np.array(A if build.threads == 1 else B)
    extra = {{"holdout_labels": np.array(LABELS), "holdout_proba": np.array(A)}}
    return Run(LABELS, proba, extra=extra if {holdout} else None)
"""


def _run(pytester, tau, holdout=False):
    pytester.makepyfile(test_l=MODULE.format(a=A, b=B, tau=tau, holdout=holdout))
    result = pytester.runpytest(options.FLAG, options.REPORT, "r.json")
    sweep = json.loads((pytester.path / "r.json").read_text())["sweeps"][0]
    return result, sweep


def test_a_plain_multiclass_run_is_judged_with_tau_per_class(pytester):
    result, sweep = _run(pytester, repr(TAU))
    result.assert_outcomes(passed=1)  # 3 of 4 agree: 0.75 >= p = 0.7
    (check,) = [c for c in sweep["checks"] if c["name"] == "longitudinal consistency"]
    assert "3/4 cases reportable on all 2 builds get the same call" in check["detail"]
    assert "τ per class 0: 0.5, 1: 0.6, 2: 0.9 (given)" in check["detail"]
    assert check["estimate"] == 0.75 and check["compared_with"] == 0.7
    calls = sweep["runs"][0]["calls"]
    assert calls["calls"] == [0, 2, 1, 0, 1, 2] and calls["tau"] == {"0": 0.5, "1": 0.6, "2": 0.9}


def test_tau_roc_per_class_is_chosen_on_the_reference_holdout(pytester):
    result, sweep = _run(pytester, "'roc-per-class'", holdout=True)
    (check,) = [c for c in sweep["checks"] if c["name"] == "longitudinal consistency"]
    assert "from the reference build's holdout (per reported class" in check["detail"]
    assert result.ret in (0, 1)


def test_per_class_tau_reaches_mlaudit_diff(tmp_path):
    from pytest_mlaudit.report.diff import compare

    def report(calls):
        run = {
            "seed": 0,
            "condition": {"build": "x"},
            "metrics": {},
            "calls": {
                "calls": calls,
                "scores": [0.7, 0.8, 0.55],
                "tau": {"0": 0.5, "1": 0.6, "2": 0.9},
            },
        }
        return {"environment": {}, "sweeps": [{"nodeid": "t", "runs": [run]}]}

    # case 0 changes class 0 -> 1 (reportable both: counts); case 1 class 2 at 0.8 is not reportable
    diff = compare(report([0, 2, 1]), report([1, 1, 1]))
    (run,) = diff.runs
    assert run.calls.discrepant == 1 and run.calls.reportable_both == 1


@pytest.mark.parametrize(
    ("tau", "message"),
    [
        ("{0: 1.5}", "tau[0] must be a number in [0, 1], got 1.5"),
        ("{'a': 0.5}", "tau mapping keys must be class indices >= 0, got 'a'"),
        ("'median'", "tau must be 'roc', 'roc-per-class', a number in [0, 1] or a mapping"),
    ],
)
def test_bad_tau_is_a_one_line_collection_error(pytester, tau, message):
    pytester.makepyfile(
        test_l=f"""
from pytest_mlaudit.longitudinal import Build, longitudinal

@longitudinal(builds=[Build("cpu", "fp64", 1)], tau={tau})
def test_rebuild(build):
    pass
"""
    )
    result = pytester.runpytest(options.FLAG)
    assert message in result.stdout.str()
    assert result.ret != 0
