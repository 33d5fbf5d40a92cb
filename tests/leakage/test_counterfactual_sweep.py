"""@counterfactual_noise stacked with @seed_sweep, through pytest itself (pytester)."""

# pytester's in-process runs drop modules first imported inside them; numpy's C core cannot be
# imported twice in one process, so load what the sweeps use before any inner run.
import json

import numpy  # noqa: F401
import rich.console
import rich.table  # noqa: F401
import scipy.stats  # noqa: F401

from pytest_mlaudit import options

SWEEP = """
import numpy as np
import pytest
from pytest_mlaudit import Run, seed_sweep
from pytest_mlaudit.leakage import counterfactual_noise, replace_with_noise
from pytest_mlaudit.synthetic.reference_model import fit_logistic, stratified_folds


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    y = (rng.random(1500) < 0.25).astype(int)
    signal = rng.normal(size=1500) + 1.2 * y
    low_vaf = ((y == 1) & (rng.random(1500) < {FIRES})).astype(float)  # fires on some positives, or none
    return np.column_stack([signal, rng.normal(size=1500), low_vaf]), y


@seed_sweep(n=10, trivial_baseline="off")
@counterfactual_noise(column=2, expect="{EXPECT}")
def test_low_vaf(data, counterfactual, seed):
    X, y = data
    if counterfactual == "noise":
        X = replace_with_noise(X, 2, seed)
    test = stratified_folds(y, 10, seed) < 3
    model = fit_logistic(X[~test], y[~test])
    return Run(y[test], 1 / (1 + np.exp(-model.logits(X[test]))))
"""


def test_germline_like_feature_is_shown_not_to_matter(pytester):
    pytester.makepyfile(
        test_inner_counterfactual=SWEEP.replace("{FIRES}", "0.0").replace("{EXPECT}", "unchanged")
    )
    result = pytester.runpytest(options.FLAG, options.REPORT, "report.json")
    result.assert_outcomes(passed=1)
    with open(pytester.path / "report.json", encoding="utf-8") as handle:
        sweep = json.load(handle)["sweeps"][0]
    check = next(c for c in sweep["checks"] if c["name"] == "counterfactual retrain")
    assert check["passed"] and "found unchanged" in check["detail"]
    assert {r["condition_label"] for r in sweep["runs"]} == {
        "counterfactual=original",
        "counterfactual=noise",
    }


def test_mosaic_like_leak_fails_an_unchanged_expectation_with_table_2(pytester):
    pytester.makepyfile(
        test_inner_counterfactual=SWEEP.replace("{FIRES}", "0.4").replace("{EXPECT}", "unchanged")
    )
    result = pytester.runpytest(options.FLAG)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*FAILED counterfactual retrain*",
            "*expected unchanged, found changed.*",
            "*original (with feature)*10*",
            "*de-leaked (noise)*10*",
            "*f1 de-leaked − original: -0.*paired t p = *",
        ]
    )


def test_expect_changed_passes_on_the_leak(pytester):
    pytester.makepyfile(
        test_inner_counterfactual=SWEEP.replace("{FIRES}", "0.4").replace("{EXPECT}", "changed")
    )
    pytester.runpytest(options.FLAG).assert_outcomes(passed=1)


def test_bad_expectation_is_a_collection_error(pytester):
    pytester.makepyfile(
        test_inner_counterfactual=SWEEP.replace("{FIRES}", "0.4").replace("{EXPECT}", "same")
    )
    result = pytester.runpytest(options.FLAG)
    result.stdout.fnmatch_lines(
        ["*counterfactual_noise: expect must be one of ('unchanged', 'changed'), got 'same'*"]
    )
    assert result.ret != 0
