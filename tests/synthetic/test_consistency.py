"""@synthetic_real_consistency: inversions fail with the table, equal rankings pass, ties are ties."""

import numpy as np
import pytest

from pytest_mlaudit import Run, seed_sweep
from pytest_mlaudit.core.spec import CellResult, SweepConfigError, sweep_of
from pytest_mlaudit.core.stats import holm_adjust
from pytest_mlaudit.synthetic.checks import LossRankingConsistency
from pytest_mlaudit.synthetic.decorator import synthetic_real_consistency

POSITIVES, NEGATIVES = 100, 300


def run_with_f1(f1: float) -> Run:
    """A Run whose F1 is (to within one example) `f1`: k true positives, no false positives."""
    true_positives = int(round(POSITIVES * f1 / (2 - f1))) if f1 > 0 else 0
    y = np.array([1] * POSITIVES + [0] * NEGATIVES)
    score = np.full(y.size, 0.1)
    score[:true_positives] = 0.9
    return Run(y, score)


def planted(means, noise=0.01, **options):
    """A decorated test whose F1 per (loss, domain) is means[...] plus per-seed noise."""

    @seed_sweep(n=options.pop("n", 12), trivial_baseline="off")
    @synthetic_real_consistency(**options)
    def sweep(loss, domain, seed):
        rng = np.random.default_rng([seed, sorted(means).index((loss, domain))])
        return run_with_f1(float(np.clip(means[loss, domain] + rng.normal(0, noise), 0, 1)))

    return sweep


TABLE_1 = {
    ("bce", "synthetic"): 0.975,
    ("focal", "synthetic"): 0.994,
    ("bce", "real"): 0.314,
    ("focal", "real"): 0.0,
}


def test_planted_inversion_fails_with_a_table_1_style_table():
    with pytest.raises(AssertionError) as failure:
        planted(TABLE_1)()
    message = str(failure.value)
    assert "FAILED synthetic-real consistency" in message
    assert "inversion: f1 of focal − bce is +0.0" in message
    lines = message.splitlines()
    header = next(line for line in lines if line.strip().startswith("f1") and "synthetic" in line)
    assert header.split() == ["f1", "synthetic", "real"]
    bce_row = next(line for line in lines if line.strip().startswith("bce "))
    assert "0.97" in bce_row and "0.31" in bce_row and "±" in bce_row and "(n=12)" in bce_row
    difference_row = next(line for line in lines if line.strip().startswith("focal − bce"))
    assert "focal better" in difference_row and "bce better" in difference_row
    assert "verdict: focal vs bce: inversion" in message


def test_equal_rankings_pass():
    same_way = {
        ("bce", "synthetic"): 0.90,
        ("focal", "synthetic"): 0.95,
        ("bce", "real"): 0.30,
        ("focal", "real"): 0.40,
    }
    outcome = planted(same_way)()
    check = next(c for c in outcome.checks if c.name == "synthetic-real consistency")
    assert check.passed
    assert "consistent" in check.detail and "inversion" not in check.detail


def test_a_tie_within_noise_is_reported_as_a_tie_not_an_inversion():
    # Focal is better on synthetic data; on real data both losses are equal up to seed noise.
    tie_on_real = {
        ("bce", "synthetic"): 0.90,
        ("focal", "synthetic"): 0.95,
        ("bce", "real"): 0.30,
        ("focal", "real"): 0.30,
    }
    with pytest.raises(AssertionError) as failure:
        planted(tie_on_real, noise=0.03)()
    message = str(failure.value)
    assert "not confirmed" in message and "a tie within noise" in message
    assert "inversion" not in message.replace("an inversion means", "")
    difference_row = next(
        line for line in message.splitlines() if line.strip().startswith("focal − bce")
    )
    assert difference_row.rstrip().endswith("tie")


@pytest.mark.parametrize(
    ("mode", "passed", "severity"), [("warn", False, "warning"), ("pass", True, "error")]
)
def test_unconfirmed_mode_decides_what_a_one_sided_ranking_does(mode, passed, severity):
    tie_on_real = {
        ("bce", "synthetic"): 0.90,
        ("focal", "synthetic"): 0.95,
        ("bce", "real"): 0.30,
        ("focal", "real"): 0.30,
    }
    outcome = planted(tie_on_real, noise=0.03, unconfirmed=mode)()  # does not raise
    check = next(c for c in outcome.checks if c.name == "synthetic-real consistency")
    assert (check.passed, check.severity) == (passed, severity)
    assert "not confirmed" in check.detail


def test_ties_in_both_domains_pass():
    all_equal = {key: 0.5 for key in TABLE_1}
    check = next(
        c for c in planted(all_equal, noise=0.03)().checks if c.name == "synthetic-real consistency"
    )
    assert check.passed and "tie in both" in check.detail


def test_too_few_seeds_say_that_nothing_can_be_significant():
    check = next(
        c
        for c in planted(TABLE_1, n=5, unconfirmed="pass")().checks
        if c.name == "synthetic-real consistency"
    )
    assert "no difference can be significant" in check.detail
    assert check.passed  # honest: 5 seeds cannot show anything with Wilcoxon + Holm


def test_paired_t_option_detects_the_inversion_with_few_seeds():
    with pytest.raises(AssertionError, match="inversion"):
        planted(TABLE_1, n=5, test="paired-t")()


def _null_results(spec, rng, seeds):
    results = []
    for loss in ("bce", "focal"):
        for domain in ("synthetic", "real"):
            for seed in range(seeds):
                value = 0.5 + rng.normal(0, 0.05)
                results.append(
                    CellResult(
                        cell={"domain": domain, "loss": loss, "seed": seed}, metrics={"f1": value}
                    )
                )
    return results


def test_false_alarm_rate_when_no_loss_differs_is_at_most_alpha():
    # Measured, not assumed: 400 sweeps of pure noise, 20 seeds each.
    spec = sweep_of(planted(TABLE_1, n=20))
    check = LossRankingConsistency(["bce", "focal"])
    rng = np.random.default_rng(2024)
    failures = sum(
        not check.evaluate(_null_results(spec, rng, 20), spec)[0].passed for _ in range(400)
    )
    # FWER <= 0.05 by Holm; 0.08 leaves room for Monte Carlo error (binomial sd 0.011 at 400).
    assert failures / 400 <= 0.08


def test_holm_adjustment():
    assert holm_adjust([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm_adjust([0.2, 0.9]) == pytest.approx([0.4, 0.9])


def test_lower_is_better_metrics_name_the_better_loss_correctly():
    brier = {
        ("bce", "synthetic"): 0.10,
        ("focal", "synthetic"): 0.05,
        ("bce", "real"): 0.10,
        ("focal", "real"): 0.05,
    }
    spec = sweep_of(planted(brier))
    rng = np.random.default_rng(0)
    results = [
        CellResult(
            cell={"domain": d, "loss": loss, "seed": s},
            metrics={"brier": brier[loss, d] + rng.normal(0, 0.005)},
        )
        for loss in ("bce", "focal")
        for d in ("synthetic", "real")
        for s in range(12)
    ]
    verdict = LossRankingConsistency(["bce", "focal"], metric="brier").evaluate(results, spec)[0]
    assert (
        verdict.passed
        and "(lower is better)" in verdict.detail
        and "focal better" in verdict.detail
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"losses": ("bce",)}, "losses needs at least two losses"),
        ({"losses": "bce"}, "losses must be a list"),
        ({"losses": ("bce", "bce")}, "must not repeat"),
        ({"metric": "no spaces"}, "metric must be a word"),
        ({"alpha": 1.5}, "alpha must be in"),
        ({"test": "t"}, "test must be one of"),
        ({"unconfirmed": "ignore"}, "unconfirmed must be one of"),
    ],
)
def test_bad_arguments_are_one_line_configuration_errors(options, message):
    decorated = planted(TABLE_1, **options)
    with pytest.raises(SweepConfigError, match=message):
        decorated()


def test_test_function_without_domain_keyword_is_a_configuration_error():
    @seed_sweep(n=3)
    @synthetic_real_consistency()
    def sweep(loss, seed):
        return run_with_f1(0.5)

    with pytest.raises(SweepConfigError, match="no 'domain' parameter"):
        sweep()


def test_a_domain_without_finished_runs_fails_instead_of_passing_as_a_tie():
    spec = sweep_of(planted(TABLE_1))
    results = [
        CellResult(cell={"domain": d, "loss": loss, "seed": s}, metrics={"f1": 0.5})
        if d == "synthetic"
        else CellResult(cell={"domain": d, "loss": loss, "seed": s}, error="RuntimeError('boom')")
        for loss in ("bce", "focal")
        for d in ("synthetic", "real")
        for s in range(8)
    ]
    verdict = LossRankingConsistency(["bce", "focal"]).evaluate(results, spec)[0]
    assert not verdict.passed and verdict.detail.startswith("too few runs to compare")
