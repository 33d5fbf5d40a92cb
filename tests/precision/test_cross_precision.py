"""@cross_precision through pytest (pytester): axis, checks, verdicts, configuration errors."""

import json

import pytest

from pytest_mlaudit import options


def report(project, name="r.json"):
    return json.loads((project.path / name).read_text())["sweeps"][0]


def checks_by_name(sweep):
    return {c["name"]: c for c in sweep["checks"]}


def run(project, source, *args):
    project.makepyfile(test_p=source)
    # a test may run twice in one folder: the report of the first run is replaced on purpose
    return project.runpytest(
        options.FLAG, options.REPORT, "r.json", options.REPORT_OVERWRITE, *args
    )


def test_every_seed_and_precision_runs_with_the_name_and_no_difference_passes(project):
    result = run(
        project,
        """
import fake
from pytest_mlaudit import cross_precision, seed_sweep

SEEN = []

@cross_precision("fp32", "bf16", "fp16-sr", max_f1_gap=0.05)
@seed_sweep(n=12)
def test_p(seed, precision):
    assert isinstance(precision, str)
    SEEN.append((seed, precision))
    return fake.train(seed, precision)
""",
    )
    result.assert_outcomes(passed=1)
    sweep = report(project)
    cells = {(json.dumps(r["condition"], sort_keys=True), r["seed"]) for r in sweep["runs"]}
    assert len(cells) == 36 and any("fp16-sr" in c and s == 11 for c, s in cells)
    checks = checks_by_name(sweep)
    assert {
        "collapses by precision",
        "F1 means by precision",
        "F1 spread by precision",
        "paired F1 by seed",
        "F1 equivalence",
    } <= set(checks)
    # same seed, same scores under every precision: all difference tests pass, equivalence too
    assert all(checks[n]["passed"] for n in checks)
    assert "mean |diff| 0.0000" in checks["paired F1 by seed"]["detail"]


def test_a_precision_that_shifts_f1_fails_the_paired_test_and_equivalence(project):
    result = run(
        project,
        """
import fake
from pytest_mlaudit import cross_precision, seed_sweep

@cross_precision("fp32", "fp16", max_f1_gap=0.01)
@seed_sweep(n=15)
def test_p(seed, precision):
    return fake.train(seed * 7 + (precision == "fp16"), precision, shift={"fp16": -0.35})
""",
    )
    result.assert_outcomes(failed=1)
    checks = checks_by_name(report(project))
    assert not checks["paired F1 by seed"]["passed"]
    assert not checks["F1 equivalence"]["passed"]
    assert not checks["F1 means by precision"]["passed"]
    result.stdout.fnmatch_lines(["*paired F1 by seed*"])


def test_collapse_counts_like_table_3_fail_the_fisher_test(project):
    # 12/50 collapses under fp32 against 0/50 under fp16: Fisher p = 2.3e-4 (Table 3)
    result = run(
        project,
        """
import fake
from pytest_mlaudit import cross_precision, seed_sweep

@cross_precision("fp32", "fp16")
@seed_sweep(n=50)
def test_p(seed, precision):
    return fake.train(seed, precision, collapse={"fp32": set(range(12))})
""",
    )
    result.assert_outcomes(failed=1)
    fisher = checks_by_name(report(project))["collapses by precision"]
    assert not fisher["passed"]
    assert fisher["p_value"] == pytest.approx(2.31e-4, rel=0.01)
    assert "fp32 12/50" in fisher["detail"] and "fp16 0/50" in fisher["detail"]


@pytest.mark.parametrize(
    "arguments, message",
    [
        ('"fp32"', "needs at least two precisions"),
        ('"fp32", "fp8"', "unknown precision 'fp8'; valid names: fp64, fp32, bf16, fp16, fp16-rtn"),
        ('"fp32", "fp32"', "a precision is listed twice"),
        ('"fp32", "bf16", max_f1_gap=2', "max_f1_gap must be a number in (0, 1], got 2"),
        ('"fp32", "bf16", alpha=0', "alpha must be in (0, 1), got 0"),
    ],
)
def test_bad_arguments_are_one_line_collection_errors(project, arguments, message):
    result = run(
        project,
        f"""
import fake
from pytest_mlaudit import cross_precision, seed_sweep

@cross_precision({arguments})
@seed_sweep(n=3)
def test_p(seed, precision):
    return fake.train(seed, precision)
""",
    )
    assert result.ret != 0
    result.stdout.fnmatch_lines([f"*test_p.py:*cross_precision: {message}*"])
    assert "Traceback" not in result.stdout.str()


def test_a_real_torch_training_under_real_and_emulated_precisions(project):
    # end to end: the §4 helpers, Precision, the sweep runner and the checks, at toy scale
    result = run(
        project,
        """
import pytest
from pytest_mlaudit import cross_precision, seed_sweep
from examples.variant_calling.mechanism import gaussian_mixture, split, train_classifier

@pytest.fixture
def data():
    X, y = gaussian_mixture(200, 3.0, 1.0, seed=0)
    return split(X, y)

@cross_precision("fp32", "bf16", "fp16-sr")
@seed_sweep(n=3, trivial_baseline="off")
def test_p(data, seed, precision):
    return train_classifier(data, precision, seed=seed, loss="bce", epochs=2)
""",
    )
    result.assert_outcomes(passed=1)
    sweep = report(project)
    assert len(sweep["runs"]) == 9 and all(r["error"] is None for r in sweep["runs"])
