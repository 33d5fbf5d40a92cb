"""Table 4's kind of finding: a significant F1 difference between precisions measured against what
one test example changes. The ANOVA and the paired t label it "< 1 example" only when the
difference's interval lies inside ±step, and otherwise say it in examples."""

import numpy as np

from pytest_mlaudit.core import metrics
from pytest_mlaudit.core.run import Run
from pytest_mlaudit.core.spec import SEED_AXIS, Axis, CellResult, SweepSpec
from pytest_mlaudit.precision import checks
from pytest_mlaudit.precision.axes import PRECISION_AXIS

POSITIVES, NEGATIVES, SEEDS = 200, 800, 30
TRUTH = np.r_[np.ones(POSITIVES, dtype=int), np.zeros(NEGATIVES, dtype=int)]


def _run(misses, false_positives):
    score = np.r_[np.full(POSITIVES, 0.9), np.full(NEGATIVES, 0.1)]
    score[:misses] = 0.1
    score[POSITIVES : POSITIVES + false_positives] = 0.9
    return Run(TRUTH, score)


def _results(added_false_positives):
    """fp32 and bf16 on the same seeds, whose runs differ by at most one false positive (F1 takes
    a few values, as in Table 4); bf16 adds `added_false_positives(seed)` to the run."""
    results = []
    for seed in range(SEEDS):
        for precision, extra in (("fp32", 0), ("bf16", added_false_positives(seed))):
            run = _run(35, 45 + seed % 2 + extra)
            found = metrics.compute(run)
            results.append(
                CellResult({PRECISION_AXIS: precision, SEED_AXIS: seed}, run=run, metrics=found)
            )
    return results


SPEC = SweepSpec(
    function=lambda seed, precision: None,
    axes=[
        Axis(PRECISION_AXIS, ("fp32", "bf16")),
        Axis(SEED_AXIS, tuple(range(SEEDS)), pairing=True),
    ],
)


def test_a_shift_shown_inside_one_example_is_labelled():
    # bf16 adds one false positive in every other pair of seeds: half an example per run
    results = _results(lambda seed: (seed // 2) % 2)
    for check in (checks.PrecisionAnova(0.05), checks.PairedPrecisionT(0.05)):
        (verdict,) = check.results(results, SPEC)
        assert not verdict.passed and verdict.below_resolution, verdict.detail
        assert "smaller than one test example: its interval [" in verdict.detail


def test_a_shift_of_about_one_example_is_said_in_examples_not_labelled_small():
    # 0, 1 or 2 more false positives: one example per run on average, its interval past one step
    results = _results(lambda seed: seed % 3)
    for check in (checks.PrecisionAnova(0.05), checks.PairedPrecisionT(0.05)):
        (verdict,) = check.results(results, SPEC)
        assert not verdict.passed and not verdict.below_resolution, verdict.detail
        assert "of one test example's worth of f1" in verdict.detail
