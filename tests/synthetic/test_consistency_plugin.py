"""@synthetic_real_consistency through pytest itself (pytester), stacked with @seed_sweep."""

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
from pytest_mlaudit import Run, seed_sweep, synthetic_real_consistency

MEANS = {MEANS!r}


def run_with_f1(f1):
    positives, negatives = 100, 300
    true_positives = int(round(positives * f1 / (2 - f1))) if f1 > 0 else 0
    y = np.array([1] * positives + [0] * negatives)
    score = np.full(y.size, 0.1)
    score[:true_positives] = 0.9
    return Run(y, score)


@seed_sweep(n=12, trivial_baseline="off")
@synthetic_real_consistency(losses=("bce", "focal"), metric="f1"{OPTIONS})
def test_losses(loss, domain, seed):
    # np.random is seeded by the plugin from the cell's seed: per-seed noise, reproducible
    noise = np.random.normal(0, {NOISE})
    return run_with_f1(float(np.clip(MEANS[loss + "/" + domain] + noise, 0, 1)))
"""


def sweep_file(means, noise=0.01, options=""):
    return (
        SWEEP.replace("{MEANS!r}", repr(means))
        .replace("{OPTIONS}", options)
        .replace("{NOISE}", str(noise))
    )


TABLE_1 = {"bce/synthetic": 0.975, "focal/synthetic": 0.994, "bce/real": 0.314, "focal/real": 0.0}


def test_planted_inversion_fails_with_the_table(pytester):
    pytester.makepyfile(test_inner_loss_ranking=sweep_file(TABLE_1))
    result = pytester.runpytest(options.FLAG, options.REPORT, "report.json")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*FAILED synthetic-real consistency*",
            "*inversion: f1 of focal − bce is +0.0* on synthetic*significant*on real*significant*",
            "*f1*synthetic*real*",
            "*bce *0.9?? ± 0.0?? (n=12)*0.3?? ± 0.0?? (n=12)",
            "*focal *0.99? ± 0.0?? (n=12)*0.0?? ± 0.0?? (n=12)",
            "*focal − bce*focal better*bce better*",
            "*verdict: focal vs bce: inversion*",
        ]
    )
    with open(pytester.path / "report.json", encoding="utf-8") as handle:
        sweep = json.load(handle)["sweeps"][0]
    check = next(c for c in sweep["checks"] if c["name"] == "synthetic-real consistency")
    assert not check["passed"] and check["estimate"] < -0.3
    assert check["compared_with"] > 0  # the synthetic difference the real one contradicts
    assert {run["condition_label"] for run in sweep["runs"]} == {
        "domain=real, loss=bce",
        "domain=real, loss=focal",
        "domain=synthetic, loss=bce",
        "domain=synthetic, loss=focal",
    }


def test_equal_rankings_pass(pytester):
    same_way = {
        "bce/synthetic": 0.90,
        "focal/synthetic": 0.95,
        "bce/real": 0.30,
        "focal/real": 0.40,
    }
    pytester.makepyfile(test_inner_loss_ranking=sweep_file(same_way))
    result = pytester.runpytest(options.FLAG)
    result.assert_outcomes(passed=1)


def test_a_tie_within_noise_is_reported_as_a_tie(pytester):
    tie_on_real = {
        "bce/synthetic": 0.90,
        "focal/synthetic": 0.95,
        "bce/real": 0.30,
        "focal/real": 0.30,
    }
    pytester.makepyfile(test_inner_loss_ranking=sweep_file(tie_on_real, noise=0.03))
    result = pytester.runpytest(options.FLAG)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*not confirmed:*on synthetic*significant*on real (p = *, a tie within noise)*",
            "*focal − bce*tie",
        ]
    )
    result.stdout.no_fnmatch_line("*verdict: focal vs bce: inversion*")


def test_a_tie_passes_with_unconfirmed_warn_and_is_still_shown(pytester):
    tie_on_real = {
        "bce/synthetic": 0.90,
        "focal/synthetic": 0.95,
        "bce/real": 0.30,
        "focal/real": 0.30,
    }
    pytester.makepyfile(
        test_inner_loss_ranking=sweep_file(tie_on_real, noise=0.03, options=', unconfirmed="warn"')
    )
    result = pytester.runpytest(options.FLAG, options.REPORT, "report.json")
    result.assert_outcomes(passed=1)
    with open(pytester.path / "report.json", encoding="utf-8") as handle:
        check = next(
            c
            for c in json.load(handle)["sweeps"][0]["checks"]
            if c["name"] == "synthetic-real consistency"
        )
    assert (
        check["severity"] == "warning"
        and not check["passed"]
        and "not confirmed" in check["detail"]
    )


def test_bad_arguments_are_one_line_collection_errors(pytester):
    pytester.makepyfile(
        test_inner_loss_ranking=sweep_file(TABLE_1, options=', unconfirmed="maybe"')
    )
    result = pytester.runpytest(options.FLAG)
    result.stdout.fnmatch_lines(
        [
            "*synthetic_real_consistency: unconfirmed must be one of ('fail', 'warn', 'pass'), got 'maybe'*"
        ]
    )
    assert result.ret != 0
