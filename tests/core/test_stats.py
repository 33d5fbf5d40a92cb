"""pytest_mlaudit.core.stats against the audited paper's numbers and against scipy directly."""

import math

import numpy as np
import pytest
from scipy import stats as scipy_stats

from pytest_mlaudit.core import stats


@pytest.mark.parametrize(
    ("initial", "expected"),
    [(12, 2.31e-4), (9, 2.63e-3), (0, 1.0)],
    ids=["fp32", "bf16", "fp16"],
)
def test_fisher_reproduces_table_3(initial, expected):
    result = stats.fisher_exact_collapses(initial, 50, 0, 50)
    assert result.p_value == pytest.approx(expected, rel=5e-3)
    assert result.test == "Fisher exact, two-sided"


def test_fisher_is_symmetric_in_its_two_samples():
    assert (
        stats.fisher_exact_collapses(0, 50, 12, 50).p_value
        == stats.fisher_exact_collapses(12, 50, 0, 50).p_value
    )


def test_trivial_baseline_at_25_percent_is_040_and_the_paper_bce_f1_is_below_it():
    assert stats.trivial_baseline_f1(0.25) == pytest.approx(0.40)
    comparison = stats.compare_with_trivial_baseline(0.314, 0.25)
    assert comparison.below
    assert "0.314 is below 0.400" in comparison.message
    assert "worse than the trivial all-positive classifier" in comparison.message
    assert not stats.compare_with_trivial_baseline(0.45, 0.25).below


def test_trivial_baseline_rejects_a_prevalence_outside_0_1():
    with pytest.raises(ValueError, match="prevalence"):
        stats.trivial_baseline_f1(1.5)


def test_anova_and_levene_match_scipy():
    rng = np.random.default_rng(1)
    groups = [
        rng.normal(0.337, 0.023, 50),
        rng.normal(0.335, 0.025, 50),
        rng.normal(0.339, 0.023, 50),
    ]
    anova = stats.anova_oneway(groups)
    assert anova.p_value == pytest.approx(scipy_stats.f_oneway(*groups).pvalue)
    levene = stats.levene(groups)
    assert levene.statistic == pytest.approx(scipy_stats.levene(*groups, center="median").statistic)


def test_paired_t_pairs_by_seed_not_by_order():
    a = {seed: 0.3 + 0.01 * seed for seed in range(10)}
    b = {seed: a[seed] - 0.005 + 0.001 * (seed % 3) for seed in reversed(range(10))}
    by_seed = stats.paired_t(a, b)
    expected = scipy_stats.ttest_rel([a[s] for s in range(10)], [b[s] for s in range(10)])
    assert by_seed.p_value == pytest.approx(expected.pvalue)
    assert by_seed.extra["pairs"] == 10


def test_tost_equivalent_when_differences_are_small_and_not_when_large():
    rng = np.random.default_rng(2)
    small = rng.normal(0.0, 0.01, 50)
    result = stats.tost_equivalence(small, delta=0.02)
    assert result.p_value < 0.05
    assert result.p_value == max(result.extra["p_lower"], result.extra["p_upper"])
    large = rng.normal(0.05, 0.01, 50)
    assert stats.tost_equivalence(large, delta=0.02).p_value > 0.5


def test_tost_two_sample_welch_agrees_with_scipy_one_sided_tests():
    rng = np.random.default_rng(3)
    x, y = rng.normal(0.34, 0.02, 40), rng.normal(0.335, 0.03, 30)
    result = stats.tost_equivalence(x, y, delta=0.02, paired=False)
    lower = scipy_stats.ttest_ind(x + 0.02, y, equal_var=False, alternative="greater").pvalue
    upper = scipy_stats.ttest_ind(x - 0.02, y, equal_var=False, alternative="less").pvalue
    assert result.extra["p_lower"] == pytest.approx(lower)
    assert result.extra["p_upper"] == pytest.approx(upper)


def test_tost_with_zero_spread_decides_on_the_mean():
    assert stats.tost_equivalence([0.001] * 5, delta=0.01).p_value == 0.0
    assert stats.tost_equivalence([0.05] * 5, delta=0.01).p_value == 1.0


def test_binomial_excess_with_zero_limit_fails_on_any_collapse():
    assert stats.binomial_excess(1, 50, 0.0).p_value == 0.0
    assert stats.binomial_excess(0, 50, 0.0).p_value == 1.0
    expected = scipy_stats.binomtest(12, 50, 0.05, alternative="greater").pvalue
    assert stats.binomial_excess(12, 50, 0.05).p_value == pytest.approx(expected)


def test_mean_below_is_one_sided():
    assert stats.mean_below([0.30, 0.31, 0.29, 0.30], 0.35).p_value < 0.01
    assert stats.mean_below([0.40, 0.41, 0.39, 0.40], 0.35).p_value > 0.99


def test_describe_ignores_nan():
    summary = stats.describe([0.1, float("nan"), 0.3])
    assert summary["n"] == 2 and summary["mean"] == pytest.approx(0.2)
    assert math.isnan(stats.describe([])["mean"])


def test_calibration_benchmark_runs_every_check(tmp_path):
    # A smoke test that the script behind docs/sweeps.md's table still runs; the figures themselves
    # come from running it with its default 2,000 simulations.
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "stats_calibration.py"
    result = subprocess.run(
        [sys.executable, str(script), "--sims", "30"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode in (0, 1), result.stderr
    for row in (
        "Fisher, collapse counts",
        "one-way ANOVA",
        "Levene",
        "paired t by seed",
        "TOST",
        "seed_sweep reference=",
        "seed_sweep max_collapse_rate",
        "seed_sweep min_f1",
    ):
        assert row in result.stdout
