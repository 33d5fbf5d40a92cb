"""The cross-precision checks on hand-made cell results: verdicts, warnings, strata."""

import random

import pytest

from pytest_mlaudit.core.spec import Axis, CellResult, SweepSpec, sweep_of
from pytest_mlaudit.precision import checks
from pytest_mlaudit.precision.decorator import cross_precision


def spec(precisions, seeds, extra_axes=()):
    return SweepSpec(
        function=lambda **_: None,
        axes=[
            Axis("precision", tuple(precisions)),
            *extra_axes,
            Axis("seed", tuple(seeds), pairing=True),
        ],
    )


def result(precision, seed, f1, collapsed=False, **other):
    return CellResult(
        cell={"precision": precision, "seed": seed, **other},
        metrics={"f1": f1},
        collapsed=collapsed,
    )


def one(check, results, sweep):
    verdicts = check.results(results, sweep)
    assert len(verdicts) == 1
    return verdicts[0]


def test_levene_with_two_runs_per_precision_is_a_warning_not_a_failure():
    sweep = spec(["fp32", "bf16"], [0, 1])
    rows = [
        result("fp32", 0, 0.30),
        result("fp32", 1, 0.34),
        result("bf16", 0, 0.30),
        result("bf16", 1, 0.50),
    ]
    verdict = one(checks.PrecisionLevene(0.05), rows, sweep)
    assert (
        verdict.severity == "warning" and not verdict.fails_test and "at least 3" in verdict.detail
    )


def test_levene_with_constant_deviations_is_undefined():
    sweep = spec(["fp32", "bf16"], [0, 1, 2])
    # every precision constant (different constants): no within-group spread at all
    rows = [result(p, s, v) for p, v in (("fp32", 0.3), ("bf16", 0.5)) for s in range(3)]
    verdict = one(checks.PrecisionLevene(0.05), rows, sweep)
    assert verdict.severity == "warning" and "undefined" in verdict.detail


def test_every_run_collapsed_leaves_f1_untested_and_fisher_passing():
    sweep = spec(["fp32", "fp16"], range(5))
    rows = [result(p, s, 0.0, collapsed=True) for p in ("fp32", "fp16") for s in range(5)]
    assert one(checks.PairwiseCollapseFisher(0.05), rows, sweep).passed
    for check in (checks.PrecisionAnova(0.05), checks.PairedPrecisionT(0.05)):
        verdict = one(check, rows, sweep)
        assert verdict.severity == "warning" and "not tested" in verdict.detail


def test_holm_over_three_pairs_and_the_reported_pair():
    sweep = spec(["fp32", "bf16", "fp16"], range(50))
    rows = [result("fp32", s, 0.0 if s < 12 else 0.3, collapsed=s < 12) for s in range(50)]
    rows += [result(p, s, 0.3) for p in ("bf16", "fp16") for s in range(50)]
    verdict = one(checks.PairwiseCollapseFisher(0.05), rows, sweep)
    assert not verdict.passed and "Holm" in verdict.test
    # fp32 vs bf16 and fp32 vs fp16 both have p = 2.31e-4 (Table 3); Holm multiplies the smallest by 3
    assert verdict.p_value == pytest.approx(3 * 2.31e-4, rel=0.02)
    assert "fp32 vs" in verdict.detail


def test_tost_shows_equivalence_with_enough_seeds_and_not_with_few():
    rng = random.Random(0)
    base = {s: 0.3 + rng.gauss(0, 0.03) for s in range(40)}
    rows = [result("fp32", s, f) for s, f in base.items()] + [
        result("fp16", s, f + rng.gauss(0, 0.002)) for s, f in base.items()
    ]
    sweep = spec(["fp32", "fp16"], range(40))
    assert one(checks.PrecisionEquivalence(0.01, 0.05), rows, sweep).passed
    assert not one(checks.PrecisionEquivalence(0.0001, 0.05), rows, sweep).passed
    few = [r for r in rows if r.seed < 1]
    verdict = one(checks.PrecisionEquivalence(0.01, 0.05), few, spec(["fp32", "fp16"], [0]))
    assert not verdict.passed and verdict.fails_test and "too few" in verdict.detail


def test_paired_t_detects_a_small_consistent_shift_that_anova_misses():
    rng = random.Random(1)
    base = {s: 0.3 + rng.gauss(0, 0.05) for s in range(30)}
    rows = [result("fp32", s, f) for s, f in base.items()] + [
        result("bf16", s, f - 0.01 + rng.gauss(0, 0.002)) for s, f in base.items()
    ]
    sweep = spec(["fp32", "bf16"], range(30))
    assert one(checks.PrecisionAnova(0.05), rows, sweep).passed
    paired = one(checks.PairedPrecisionT(0.05), rows, sweep)
    assert not paired.passed and "mean diff +0.0099" in paired.detail


def test_other_axes_are_strata_compared_separately():
    loss_axis = Axis("loss", ("bce", "focal"))
    sweep = spec(["fp32", "fp16"], range(6), extra_axes=(loss_axis,))
    rows = [
        result(p, s, 0.3 + 0.01 * s, loss=loss)
        for loss in ("bce", "focal")
        for p in ("fp32", "fp16")
        for s in range(6)
    ]
    verdicts = checks.PrecisionAnova(0.05).results(rows, sweep)
    assert sorted(v.condition for v in verdicts) == ["loss=bce", "loss=focal"]


def test_decorator_splits_alpha_over_the_four_difference_tests():
    def test_function(seed, precision):
        return None

    sweep_spec = sweep_of(
        cross_precision("fp32", "bf16", max_f1_gap=0.02, alpha=0.08)(test_function)
    )
    levels = {type(c).__name__: c.alpha for c in sweep_spec.checks}
    assert levels == {
        "PairwiseCollapseFisher": 0.02,
        "PrecisionAnova": 0.02,
        "PrecisionLevene": 0.02,
        "PairedPrecisionT": 0.02,
        "PrecisionEquivalence": 0.08,
    }
    assert sweep_spec.axis("precision").values == ("fp32", "bf16")
